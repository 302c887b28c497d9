/** A condition block: operator → condition key → value(s). */
export type PolicyConditions = Readonly<Record<string, Readonly<Record<string, string | readonly string[] | boolean>>>>;

/** A principal block of a resource policy. */
export type PolicyPrincipal = "*" | Readonly<Partial<Record<"AWS" | "Service" | "Federated", string | readonly string[]>>>;

/** One IAM policy statement, in the JSON shape AWS reads. */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: PolicyPrincipal;
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: PolicyConditions;
}

/**
 * Renders statements as a policy JSON string. Token strings inside (ARNs of resources of the same
 * stack) survive as Terraform interpolations, and a literal document keeps the synthesized JSON
 * readable in review, unlike a `jsonencode(...)` expression.
 */
export function policyDocument(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** The trust policy that lets an AWS service assume a role. */
export function serviceTrustPolicy(service: string, actions: readonly string[] = ["sts:AssumeRole"], condition?: PolicyConditions): string {
  return policyDocument([{ Effect: "Allow", Principal: { Service: service }, Action: actions, ...(condition ? { Condition: condition } : {}) }]);
}

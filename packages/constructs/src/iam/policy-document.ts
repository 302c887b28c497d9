/** A condition block: operator → condition key → value(s). */
export type PolicyConditions = Readonly<Record<string, Readonly<Record<string, string | readonly string[] | boolean>>>>;

/** A principal block of a resource policy. */
export type PolicyPrincipal = "*" | Readonly<Partial<Record<"AWS" | "Service" | "Federated", string | readonly string[]>>>;

/** One IAM policy statement, in the JSON shape AWS reads. */
export interface PolicyStatement {
  /**
   * Statement id, unique within its policy. Give one to statements added to a shared key or bucket
   * policy, so the rendered policy says what each statement is for.
   * @default - no id
   */
  readonly Sid?: string;
  /** Whether the statement grants or denies; an explicit `Deny` wins over any `Allow`. */
  readonly Effect: "Allow" | "Deny";
  /**
   * Who the statement applies to. Required in resource policies (key, bucket, topic and trust
   * policies); must be absent in identity policies attached to a role.
   * @default - none, as identity policies require
   */
  readonly Principal?: PolicyPrincipal;
  /** IAM actions, e.g. `s3:GetObject` or `kms:Decrypt*`; wildcards as IAM allows them. */
  readonly Action: string | readonly string[];
  /**
   * ARNs the statement covers; `*` in a key policy means the key itself.
   * @default - none, as trust policies require
   */
  readonly Resource?: string | readonly string[];
  /**
   * Conditions that narrow the statement, e.g. `aws:SourceAccount` or `aws:SecureTransport`.
   * @default - unconditional
   */
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

import { RuleCheck } from "../../policy-pack";
import { companionsOf } from "./private/bucket-companions";

/** The finding when a bucket policy is not JSON text the rule can read (e.g. a `${jsonencode(...)}` expression). */
export const UNREADABLE_POLICY_FINDING = "policy-not-json";

/**
 * An `aws_s3_bucket` has an `aws_s3_bucket_policy` with a statement that denies every S3 action
 * (`s3:*` or `*`) to every principal (`*`) on the bucket and its objects (`*`, or both a bucket ARN
 * and an `.../*` object ARN) when `aws:SecureTransport` is `false`. The policy must be literal JSON
 * text (`${...}` interpolations inside strings are fine); otherwise the finding is `policy-not-json`.
 */
export const s3BucketTlsOnly: RuleCheck = (resource, stack) => {
  if (resource.type !== "aws_s3_bucket") {
    return "not-applicable";
  }
  const policies = companionsOf(resource, "aws_s3_bucket_policy", stack).map((policy) => parsePolicy(policy.config.policy));
  if (policies.some((statements) => statements?.some(deniesInsecureTransport))) {
    return "compliant";
  }
  return policies.some((statements) => statements === undefined) ? [UNREADABLE_POLICY_FINDING] : "non-compliant";
};

type Statement = Readonly<Record<string, unknown>>;

function parsePolicy(policy: unknown): readonly Statement[] | undefined {
  if (typeof policy !== "string") {
    return undefined;
  }
  let document: unknown;
  try {
    document = JSON.parse(policy);
  } catch {
    return undefined;
  }
  if (!isObject(document)) {
    return undefined;
  }
  const statements = document.Statement;
  const list: readonly unknown[] = Array.isArray(statements) ? statements : [statements];
  return list.filter(isObject);
}

function deniesInsecureTransport(statement: Statement): boolean {
  return (
    statement.Effect === "Deny" &&
    isEveryone(statement.Principal) &&
    listOf(statement.Action).some((action) => action === "s3:*" || action === "*") &&
    coversBucketAndObjects(listOf(statement.Resource)) &&
    requiresSecureTransportFalse(statement.Condition)
  );
}

function isEveryone(principal: unknown): boolean {
  return principal === "*" || (isObject(principal) && listOf(principal.AWS).includes("*"));
}

function coversBucketAndObjects(resources: readonly string[]): boolean {
  return resources.includes("*") || (resources.some((arn) => arn.endsWith("/*")) && resources.some((arn) => !arn.endsWith("/*")));
}

function requiresSecureTransportFalse(condition: unknown): boolean {
  if (!isObject(condition)) {
    return false;
  }
  return ["Bool", "BoolIfExists"].some((operator) => {
    const keys = condition[operator];
    if (!isObject(keys)) {
      return false;
    }
    // Condition keys are case-insensitive in IAM.
    return Object.entries(keys).some(
      ([key, value]) => key.toLowerCase() === "aws:securetransport" && listOf(value).some((item) => String(item) === "false"),
    );
  });
}

function listOf(value: unknown): readonly string[] {
  const items: readonly unknown[] = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return items.filter((item): item is string | boolean => typeof item === "string" || typeof item === "boolean").map(String);
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

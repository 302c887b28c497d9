import { RuleCheck } from "../../policy-pack";
import { blockAt, booleanAt } from "../private/terraform-values";

/**
 * An `aws_opensearch_domain` enables fine-grained access control with IAM users only. Findings:
 * `advanced_security_options.enabled` (not true), `advanced_security_options.internal_user_database_enabled`
 * (true: users with passwords kept inside the domain) and `advanced_security_options.anonymous_auth_enabled`
 * (true: unauthenticated requests are let in).
 */
export const opensearchFineGrainedAccessControl: RuleCheck = (resource) => {
  if (resource.type !== "aws_opensearch_domain") {
    return "not-applicable";
  }
  const block = blockAt(resource.config.advanced_security_options, "advanced_security_options") ?? {};
  const flag = (key: string) => booleanAt(block[key], `advanced_security_options.${key}`);
  return [
    ...(flag("enabled") === true ? [] : ["advanced_security_options.enabled"]),
    ...(flag("internal_user_database_enabled") === true ? ["advanced_security_options.internal_user_database_enabled"] : []),
    ...(flag("anonymous_auth_enabled") === true ? ["advanced_security_options.anonymous_auth_enabled"] : []),
  ];
};

import { RuleCheck } from "../../policy-pack";
import { isExpression, isSet, stringListAt } from "../private/terraform-values";

/** The finding when `auth_token` is written in plaintext into the configuration. */
export const LITERAL_AUTH_TOKEN_FINDING = "literal auth_token";

/**
 * An `aws_elasticache_replication_group` requires clients to authenticate: an `auth_token` that
 * is a reference (to a generated secret, never a literal), or RBAC user groups (`user_group_ids`).
 * Non-compliant when neither is set; a literal `auth_token` is the finding `literal auth_token`.
 */
export const elasticacheAuthRequired: RuleCheck = (resource) => {
  if (resource.type !== "aws_elasticache_replication_group") {
    return "not-applicable";
  }
  const token = resource.config.auth_token;
  if (isSet(token) && !isExpression(token)) {
    return [LITERAL_AUTH_TOKEN_FINDING];
  }
  const userGroups = resource.config.user_group_ids;
  const hasUserGroups = isExpression(userGroups) || (stringListAt(userGroups, "user_group_ids") ?? []).length > 0;
  return isSet(token) || hasUserGroups ? "compliant" : "non-compliant";
};

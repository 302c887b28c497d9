import { RuleCheck } from "../../policy-pack";
import { booleanAt, stringAt } from "../private/terraform-values";

/**
 * An `aws_elasticache_replication_group` accepts TLS connections only. Findings:
 * `transit_encryption_enabled` (not true) and/or `transit_encryption_mode` (`preferred`, which still
 * accepts plaintext clients during a migration to TLS).
 */
export const elasticacheTransitEncrypted: RuleCheck = (resource) => {
  if (resource.type !== "aws_elasticache_replication_group") {
    return "not-applicable";
  }
  const mode = stringAt(resource.config.transit_encryption_mode, "transit_encryption_mode");
  return [
    ...(booleanAt(resource.config.transit_encryption_enabled, "transit_encryption_enabled") === true ? [] : ["transit_encryption_enabled"]),
    ...(mode === "preferred" ? ["transit_encryption_mode"] : []),
  ];
};

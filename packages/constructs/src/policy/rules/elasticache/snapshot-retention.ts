import { RuleCheck } from "../../policy-pack";
import { numberAt } from "../private/terraform-values";

/**
 * An `aws_elasticache_replication_group` keeps at least one daily snapshot
 * (`snapshot_retention_limit` ≥ 1; unset means 0, no snapshots).
 */
export const elasticacheSnapshotRetention: RuleCheck = (resource) => {
  if (resource.type !== "aws_elasticache_replication_group") {
    return "not-applicable";
  }
  const days = numberAt(resource.config.snapshot_retention_limit, "snapshot_retention_limit") ?? 0;
  return days >= 1 ? "compliant" : "non-compliant";
};

import { RuleCheck } from "../../policy-pack";
import { isReadReplica } from "./read-replicas";
import { numberAt } from "./terraform-values";

/**
 * A rule: resources of `types` keep automated backups for at least `minimumDays`
 * (`backup_retention_period`). Unset counts as AWS's default of 1 day. Read replicas are not
 * applicable: their source holds the backups.
 */
export function backupRetentionAtLeast(types: readonly string[], minimumDays: number): RuleCheck {
  return (resource) => {
    if (!types.includes(resource.type) || isReadReplica(resource)) {
      return "not-applicable";
    }
    const days = numberAt(resource.config.backup_retention_period, "backup_retention_period") ?? 1;
    return days >= minimumDays ? "compliant" : "non-compliant";
  };
}

import { RuleCheck } from "../../policy-pack";
import { NamedBy, resourcesNaming } from "../private/named-resources";
import { numberAt } from "../private/terraform-values";

// A lock names its vault in backup_vault_name: a reference to the vault's name or id, or the literal name.
const VAULT: NamedBy = { type: "aws_backup_vault", attributes: ["name", "id"], nameKey: "name" };

/**
 * An `aws_backup_vault` has an `aws_backup_vault_lock_configuration` of this stack naming it, with
 * `changeable_for_days` set: compliance mode, which after that grace period no one, not even the
 * account root, can remove, and which refuses to delete recovery points before their retention ends.
 */
export const backupVaultCompliance: RuleCheck = (resource, stack) => {
  if (resource.type !== "aws_backup_vault") {
    return "not-applicable";
  }
  const locks = resourcesNaming(stack, "aws_backup_vault_lock_configuration", "backup_vault_name", resource, VAULT);
  const compliance = locks.some((lock) => numberAt(lock.config.changeable_for_days, `changeable_for_days of ${lock.address}`) !== undefined);
  return compliance ? "compliant" : "non-compliant";
};

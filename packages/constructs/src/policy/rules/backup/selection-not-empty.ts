import { RuleCheck } from "../../policy-pack";
import { blockAt, blocksAt, stringListAt } from "../private/terraform-values";

// Only conditions that include resources narrow a selection; StringNotEquals/StringNotLike exclude.
const INCLUDING_CONDITIONS = ["string_equals", "string_like"] as const;

/**
 * An `aws_backup_selection` names what it backs up: a non-empty `resources` list, a `selection_tag`,
 * or a `condition` with a `string_equals` or `string_like` entry. AWS Backup reads a selection with
 * none of these as every supported resource of the account.
 */
export const backupSelectionNotEmpty: RuleCheck = (resource) => {
  if (resource.type !== "aws_backup_selection") {
    return "not-applicable";
  }
  const resources = stringListAt(resource.config.resources, "resources") ?? [];
  const tags = blocksAt(resource.config.selection_tag, "selection_tag");
  const condition = blockAt(resource.config.condition, "condition");
  const includingConditions = INCLUDING_CONDITIONS.flatMap((key) => (condition ? blocksAt(condition[key], `condition.${key}`) : []));
  return resources.length > 0 || tags.length > 0 || includingConditions.length > 0 ? "compliant" : "non-compliant";
};

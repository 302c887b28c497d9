import { RuleCheck } from "../../policy-pack";
import { backupPlanRules, deleteAfterDays } from "./private/plan-rules";

/**
 * Every rule of an `aws_backup_plan` deletes its recovery points after a set time
 * (`lifecycle.delete_after`). Findings: the `rule_name` of each rule that keeps them forever.
 */
export const backupPlanRetentionSet: RuleCheck = (resource) => {
  if (resource.type !== "aws_backup_plan") {
    return "not-applicable";
  }
  return backupPlanRules(resource)
    .filter((rule) => deleteAfterDays(rule) === undefined)
    .map((rule) => rule.name);
};

import { RuleCheck } from "../../policy-pack";
import { backupPlanRules, deleteAfterDays } from "../backup/private/plan-rules";
import { stringAt } from "../private/terraform-values";

/** Days production keeps the recovery points of a daily backup rule: five weeks. */
export const PRODUCTION_MIN_DAILY_BACKUP_RETENTION_DAYS = 35;

// AWS Backup's schedule when a rule sets none: every day at 05:00 UTC.
const DEFAULT_SCHEDULE = "cron(0 5 ? * * *)";
const EVERY_DAY_OF_MONTH: readonly string[] = ["*", "?", "1-31"];
const EVERY_DAY_OF_WEEK: readonly string[] = ["*", "?", "1-7", "SUN-SAT"];

/**
 * Whether a schedule runs every day: `cron(<minutes> <hours> <day of month> <month> <day of week>
 * <year>)` whose day fields leave no day out, e.g. `cron(0 3 * * ? *)`. More frequent rules
 * (hourly) run every day too, so they count.
 */
export function isDailySchedule(schedule: string): boolean {
  const fields = /^cron\((.*)\)$/.exec(schedule.trim())?.[1].trim().split(/\s+/);
  if (fields?.length !== 6) {
    return false;
  }
  const [, , dayOfMonth, month, dayOfWeek, year] = fields;
  return EVERY_DAY_OF_MONTH.includes(dayOfMonth) && month === "*" && EVERY_DAY_OF_WEEK.includes(dayOfWeek.toUpperCase()) && year === "*";
}

/**
 * Every rule of an `aws_backup_plan` that runs daily (see {@link isDailySchedule}; an unset
 * schedule is AWS Backup's daily default) keeps its recovery points for at least 35 days
 * (`lifecycle.delete_after`; unset keeps them forever and passes here). Findings: the `rule_name`
 * of each daily rule that keeps them for less.
 */
export const dailyBackupRetention: RuleCheck = (resource) => {
  if (resource.type !== "aws_backup_plan") {
    return "not-applicable";
  }
  return backupPlanRules(resource)
    .filter((rule) => isDailySchedule(stringAt(rule.block.schedule, `${rule.where}.schedule`) ?? DEFAULT_SCHEDULE))
    .filter((rule) => {
      const days = deleteAfterDays(rule);
      return days !== undefined && days < PRODUCTION_MIN_DAILY_BACKUP_RETENTION_DAYS;
    })
    .map((rule) => rule.name);
};

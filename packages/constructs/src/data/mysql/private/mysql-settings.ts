import { Token } from "cdktf";
import { IConstruct } from "constructs";
import { LOG_RETENTION_DAYS } from "../../../config/aws-regions";
import { ValidationError } from "../../../config/validation-error";
import {
  DEFAULT_MYSQL_AUDIT_EVENTS,
  DEFAULT_MYSQL_INSTANCE_CLASS,
  MysqlAuditEvent,
  MysqlDatabaseProps,
  MysqlDatabaseEngine,
} from "../mysql-database";
import { windowProblems } from "../../private/maintenance-windows";

/** The props both constructs share, with every default applied. */
export interface MysqlSettings {
  readonly name: string;
  readonly instanceClass: string;
  readonly masterUsername: string;
  readonly backupRetentionDays: number;
  readonly preferredBackupWindow: string;
  readonly preferredMaintenanceWindow: string;
  readonly deletionProtection: boolean;
  readonly finalSnapshot: boolean;
  readonly preventDestroy: boolean;
  readonly logRetentionDays: number;
  readonly generalLog: boolean;
  readonly slowQueryThresholdSeconds: number;
  readonly auditEvents: readonly MysqlAuditEvent[];
  readonly performanceInsightsRetentionDays: number;
  readonly monitoringIntervalSeconds: number;
  readonly backupPlanTag: string;
}

/** How the engines differ in what they accept. */
export interface EngineRules {
  readonly engine: MysqlDatabaseEngine;
  /** Shown in messages: "RDS for MySQL" or "Aurora MySQL". */
  readonly displayName: string;
  /** The name is the longest identifier's prefix: Aurora appends `-<n>` to name its instances. */
  readonly maxNameLength: number;
  readonly auditEvents: readonly MysqlAuditEvent[];
}

export const RDS_MYSQL_RULES: EngineRules = {
  engine: "mysql",
  displayName: "RDS for MySQL",
  maxNameLength: 63,
  auditEvents: ["CONNECT", "QUERY", "QUERY_DCL", "QUERY_DDL", "QUERY_DML", "QUERY_DML_NO_SELECT"],
};

export const AURORA_MYSQL_RULES: EngineRules = {
  engine: "aurora-mysql",
  displayName: "Aurora MySQL",
  maxNameLength: 60,
  auditEvents: ["CONNECT", "QUERY", "QUERY_DCL", "QUERY_DDL", "QUERY_DML", "TABLE"],
};

/** Applies the defaults of {@link MysqlDatabaseProps}. */
export function mysqlSettings(props: MysqlDatabaseProps): MysqlSettings {
  return {
    name: props.name,
    instanceClass: props.instanceClass ?? DEFAULT_MYSQL_INSTANCE_CLASS,
    masterUsername: props.masterUsername ?? "admin",
    backupRetentionDays: props.backupRetentionDays ?? 14,
    preferredBackupWindow: props.preferredBackupWindow ?? "02:00-03:00",
    preferredMaintenanceWindow: props.preferredMaintenanceWindow ?? "sun:04:00-sun:05:00",
    deletionProtection: props.deletionProtection ?? true,
    finalSnapshot: props.finalSnapshot ?? true,
    preventDestroy: props.preventDestroy ?? true,
    logRetentionDays: props.logRetentionDays ?? 365,
    generalLog: props.generalLog ?? false,
    slowQueryThresholdSeconds: props.slowQueryThresholdSeconds ?? 2,
    auditEvents: props.auditEvents ?? DEFAULT_MYSQL_AUDIT_EVENTS,
    performanceInsightsRetentionDays: props.performanceInsightsRetentionDays ?? 7,
    monitoringIntervalSeconds: props.monitoringIntervalSeconds ?? 60,
    backupPlanTag: props.backupPlanTag ?? "openedx",
  };
}

const MASTER_USERNAME = /^[A-Za-z][A-Za-z0-9_]{0,15}$/;
const INSTANCE_CLASS = /^db\.[a-z0-9]+\.[a-z0-9]+$/;
const TAG_VALUE = /^[\p{L}\p{N}\p{Z}_.:/=+@-]{1,256}$/u;
const MONITORING_INTERVALS = [0, 1, 5, 10, 15, 30, 60];
const MAX_SLOW_QUERY_SECONDS = 31536000;

/** `true` for a literal number that is a whole number from `min` to `max`. */
function wholeNumberIn(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

/** Checks the shared props; returns one message per problem, in prop order. */
export function mysqlSettingsProblems(props: MysqlDatabaseProps, settings: MysqlSettings, rules: EngineRules): string[] {
  const problems: string[] = [];
  const known = (value: unknown) => !Token.isUnresolved(value);

  problems.push(...nameProblems(settings.name, rules.maxNameLength));
  const subnets = props.network.isolatedSubnetIds;
  if (known(subnets) && subnets.length < 2) {
    problems.push(`network.isolatedSubnetIds must hold subnets in at least 2 availability zones, as an RDS subnet group requires, got ${subnets.length}`);
  }
  if (known(props.clientSecurityGroupIds) && props.clientSecurityGroupIds.length === 0) {
    problems.push("clientSecurityGroupIds must name at least one security group allowed to connect, or nothing could reach the database");
  }
  if (known(settings.instanceClass) && !INSTANCE_CLASS.test(settings.instanceClass)) {
    problems.push(`instanceClass must be a DB instance class such as "db.r7g.large", got "${settings.instanceClass}"`);
  }
  if (known(settings.masterUsername) && (!MASTER_USERNAME.test(settings.masterUsername) || settings.masterUsername.toLowerCase() === "rdsadmin")) {
    problems.push(`masterUsername must be 1-16 letters, digits or "_", starting with a letter, and not "rdsadmin", got "${settings.masterUsername}"`);
  }
  const retention = settings.backupRetentionDays;
  if (known(retention)) {
    if (!wholeNumberIn(retention, 1, 35)) {
      problems.push(`backupRetentionDays must be a whole number of days from 7 to 35 (RDS keeps automated backups 1 to 35 days), got ${retention}`);
    } else if (retention < 7) {
      problems.push(`backupRetentionDays must be at least 7: fewer days of automated backups leave too short a point-in-time recovery horizon to notice and undo a bad change, got ${retention}`);
    }
  }
  problems.push(
    ...windowProblems({
      dailyProp: "preferredBackupWindow",
      daily: settings.preferredBackupWindow,
      minDailyMinutes: 30,
      weeklyProp: "preferredMaintenanceWindow",
      weekly: settings.preferredMaintenanceWindow,
      minWeeklyMinutes: 30,
    }),
  );
  if (known(settings.logRetentionDays) && !(LOG_RETENTION_DAYS as readonly number[]).includes(settings.logRetentionDays)) {
    problems.push(`logRetentionDays must be a CloudWatch Logs retention period (${LOG_RETENTION_DAYS.join(", ")}), got ${settings.logRetentionDays}`);
  }
  const threshold = settings.slowQueryThresholdSeconds;
  if (known(threshold) && !(Number.isFinite(threshold) && threshold >= 0 && threshold <= MAX_SLOW_QUERY_SECONDS)) {
    problems.push(`slowQueryThresholdSeconds must be a number of seconds from 0 to ${MAX_SLOW_QUERY_SECONDS}, got ${threshold}`);
  }
  const events = settings.auditEvents;
  if (events.length === 0 || new Set(events).size !== events.length || events.some((event) => !rules.auditEvents.includes(event))) {
    problems.push(`auditEvents must list one or more of ${rules.auditEvents.join(", ")} (what ${rules.displayName} audits), each once, got ${JSON.stringify(events)}`);
  }
  const insights = settings.performanceInsightsRetentionDays;
  if (known(insights) && !(insights === 7 || insights === 731 || (wholeNumberIn(insights, 31, 713) && insights % 31 === 0))) {
    problems.push(`performanceInsightsRetentionDays must be 7, a multiple of 31 up to 713 (whole months), or 731, got ${insights}`);
  }
  const interval = settings.monitoringIntervalSeconds;
  if (known(interval) && !MONITORING_INTERVALS.includes(interval)) {
    problems.push(`monitoringIntervalSeconds must be one of ${MONITORING_INTERVALS.join(", ")} (0 turns enhanced monitoring off), got ${interval}`);
  }
  if (known(settings.backupPlanTag) && !TAG_VALUE.test(settings.backupPlanTag)) {
    problems.push(`backupPlanTag must be a tag value of 1-256 letters, digits, spaces or _ . : / = + - @, got "${settings.backupPlanTag}"`);
  }
  return problems;
}

function nameProblems(name: string, maxLength: number): string[] {
  if (Token.isUnresolved(name)) {
    return ["name must be a literal string, as it names the log groups and the CloudWatch alarm dimensions at synth"];
  }
  const valid = new RegExp(`^[a-z][a-z0-9-]{0,${maxLength - 1}}$`).test(name) && !name.includes("--") && !name.endsWith("-");
  return valid
    ? []
    : [`name must be 1-${maxLength} lower-case letters, digits or single hyphens, starting with a letter and not ending with a hyphen, got "${name}"`];
}


/** Throws one error listing every problem, if there are any. */
export function throwIfProblems(scope: IConstruct, problems: readonly string[]): void {
  if (problems.length > 0) {
    throw new ValidationError(problems.join("; "), scope);
  }
}

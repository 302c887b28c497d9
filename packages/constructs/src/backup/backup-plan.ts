import { BackupPlan as BackupPlanResource, BackupPlanRule } from "@cdktf/provider-aws/lib/backup-plan";
import { BackupSelection } from "@cdktf/provider-aws/lib/backup-selection";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { ExclusiveRole } from "../iam/private/exclusive-role";
import { ValidationError } from "../config/validation-error";
import { KmsKey } from "../encryption/kms-key";
import { PolicyStatement, serviceTrustPolicy } from "../iam/policy-document";
import { BackupVault } from "./backup-vault";

/** The AWS-managed policies of the backup role, and nothing else. */
export const BACKUP_ROLE_MANAGED_POLICY_ARNS = [
  "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
  "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
  "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup",
  "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore",
] as const;

/** Continuous backups (point-in-time restore) of RDS and S3 are kept at most this long. */
export const CONTINUOUS_BACKUP_MAX_RETENTION_DAYS = 35;
/** AWS Backup moves a recovery point out of cold storage no earlier than this. */
const COLD_STORAGE_MIN_DAYS = 90;
const MAX_RETENTION_DAYS = 36500;
const PLAN_NAME = /^[a-zA-Z0-9_.-]{1,50}$/;
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$/u;

/** Props of a {@link BackupPlan}. */
export interface BackupPlanProps {
  /** Plan name: 1-50 letters, digits, `-`, `_` or `.`; the selection and role are named after it. */
  readonly planName: string;
  /** The vault every rule writes to. */
  readonly vault: BackupVault;
  /**
   * Keys of the data the plan backs up and restores (databases, buckets). The role gets
   * encrypt/decrypt and grant permissions on them and on the vaults' keys.
   */
  readonly encryptionKeys: readonly KmsKey[];
  /**
   * Hour of the day (UTC, 0-23) the daily, weekly (Sunday) and monthly (1st) backups start.
   * @default 3
   */
  readonly scheduleHourUtc?: number;
  /**
   * Days the daily recovery points are kept; with continuous backup at most 35.
   * In production at least 35.
   * @default 35
   */
  readonly dailyRetentionDays?: number;
  /**
   * The daily rule also keeps continuous backups, for point-in-time restore of RDS and S3
   * (DocumentDB gets daily snapshots). AWS caps their retention at 35 days.
   * @default true
   */
  readonly continuousBackup?: boolean;
  /**
   * Days the weekly recovery points are kept.
   * @default 90
   */
  readonly weeklyRetentionDays?: number;
  /**
   * Days after which weekly recovery points move to cold storage (resource types that support
   * it; ignored for the others). Retention must then be at least 90 days longer.
   * @default - never
   */
  readonly weeklyColdStorageAfterDays?: number;
  /**
   * Days the monthly recovery points are kept.
   * @default 365
   */
  readonly monthlyRetentionDays?: number;
  /**
   * Days after which monthly recovery points move to cold storage (resource types that support
   * it). Retention must then be at least 90 days longer.
   * @default - never
   */
  readonly monthlyColdStorageAfterDays?: number;
  /**
   * Minutes after the scheduled time within which a job must start, or it is cancelled; at least 60.
   * @default 60
   */
  readonly startWindowMinutes?: number;
  /**
   * Minutes after the scheduled time within which a job must finish; at least 60 more than the start window.
   * @default 480
   */
  readonly completionWindowMinutes?: number;
  /**
   * A second vault (usually in another region) the daily rule copies its recovery points to, so
   * five weeks of history survive the loss of the primary region or vault.
   * @default - no copies
   */
  readonly copyToVault?: BackupVault;
  /**
   * Days the copies are kept in `copyToVault`.
   * @default - the daily retention
   */
  readonly copyRetentionDays?: number;
  /**
   * Resources tagged `backup = <selectionTag>` are backed up.
   * @default "openedx"
   */
  readonly selectionTag?: string;
  /**
   * Tags added to every recovery point, besides `openedx:backup-rule = <rule name>`.
   * @default - none
   */
  readonly recoveryPointTags?: Readonly<Record<string, string>>;
  /**
   * Production rules: daily retention of at least 35 days and `preventDestroy` kept on.
   * @default false
   */
  readonly production?: boolean;
  /**
   * Refuse `terraform destroy` of the plan (`lifecycle.prevent_destroy`); must stay on in production.
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/** The schedule and retention of one rule of the plan. */
interface RuleSpec {
  readonly name: "daily" | "weekly" | "monthly";
  readonly schedule: string;
  readonly retentionDays: number;
  readonly coldStorageAfterDays?: number;
  readonly continuous: boolean;
}

/**
 * An AWS Backup plan with `daily`, `weekly` and `monthly` rules, a service role trusted by
 * `backup.amazonaws.com`, and a selection of every resource tagged `backup = <selectionTag>`.
 *
 * The role holds exactly the four AWS-managed backup and restore policies (RDS, DocumentDB, S3)
 * plus an inline policy on the given keys; anything attached outside this construct is removed.
 *
 * Construct ids (API): `Resource` (the plan), `Role`, `Selection`.
 *
 * @resource aws_backup_plan
 */
export class BackupPlan extends Construct {
  /** The plan id. @attribute */
  readonly planId: string;
  /** The plan ARN. @attribute */
  readonly planArn: string;
  /** The ARN of the role AWS Backup runs the plan's jobs (and restores) with. @attribute */
  readonly roleArn: string;
  /** The role's name. @attribute */
  readonly roleName: string;
  /** The selection id. @attribute */
  readonly selectionId: string;
  /** The plan resource. */
  readonly resource: BackupPlanResource;
  /** The selection resource. */
  readonly selection: BackupSelection;

  constructor(scope: Construct, id: string, props: BackupPlanProps) {
    super(scope, id);
    validateProps(this, props);
    const hour = props.scheduleHourUtc ?? 3;
    const continuous = props.continuousBackup ?? true;
    const startWindow = props.startWindowMinutes ?? 60;
    const completionWindow = props.completionWindowMinutes ?? 480;
    const specs: RuleSpec[] = [
      { name: "daily", schedule: `cron(0 ${hour} * * ? *)`, retentionDays: props.dailyRetentionDays ?? 35, continuous },
      {
        name: "weekly",
        schedule: `cron(0 ${hour} ? * SUN *)`,
        retentionDays: props.weeklyRetentionDays ?? 90,
        coldStorageAfterDays: props.weeklyColdStorageAfterDays,
        continuous: false,
      },
      {
        name: "monthly",
        schedule: `cron(0 ${hour} 1 * ? *)`,
        retentionDays: props.monthlyRetentionDays ?? 365,
        coldStorageAfterDays: props.monthlyColdStorageAfterDays,
        continuous: false,
      },
    ];
    const rules: BackupPlanRule[] = specs.map((spec) => ({
      ruleName: spec.name,
      targetVaultName: props.vault.vaultName,
      schedule: spec.schedule,
      startWindow,
      completionWindow,
      enableContinuousBackup: spec.continuous,
      lifecycle: { deleteAfter: spec.retentionDays, ...(spec.coldStorageAfterDays !== undefined ? { coldStorageAfter: spec.coldStorageAfterDays } : {}) },
      recoveryPointTags: { ...props.recoveryPointTags, "openedx:backup-rule": spec.name },
      copyAction: props.copyToVault && spec.name === "daily"
        ? [{ destinationVaultArn: props.copyToVault.vaultArn, lifecycle: { deleteAfter: props.copyRetentionDays ?? spec.retentionDays } }]
        : undefined,
    }));

    const keyArns = [...props.encryptionKeys, props.vault.encryptionKey, ...(props.copyToVault ? [props.copyToVault.encryptionKey] : [])].map((key) => key.keyArn);
    const uniqueKeyArns = [...new Set(keyArns)];
    const keyStatements: PolicyStatement[] = [
      {
        Sid: "UseDataAndVaultKeys",
        Effect: "Allow",
        Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
        Resource: uniqueKeyArns,
      },
      {
        // Snapshots and copies of encrypted RDS and DocumentDB data are made through grants.
        Sid: "GrantKeysToAwsResources",
        Effect: "Allow",
        Action: "kms:CreateGrant",
        Resource: uniqueKeyArns,
        Condition: { Bool: { "kms:GrantIsForAWSResource": true } },
      },
    ];
    const role = new ExclusiveRole(this, "Role", {
      roleName: `${props.planName}-backup`,
      description: `AWS Backup jobs and restores of the ${props.planName} plan`,
      assumeRolePolicy: serviceTrustPolicy("backup.amazonaws.com"),
      managedPolicyArns: BACKUP_ROLE_MANAGED_POLICY_ARNS,
      inlinePolicies: { "backup-keys": keyStatements },
    });
    this.roleArn = role.roleArn;
    this.roleName = role.roleName;

    this.resource = new BackupPlanResource(this, "Resource", {
      name: props.planName,
      rule: rules,
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    this.planId = this.resource.id;
    this.planArn = this.resource.arn;

    this.selection = new BackupSelection(this, "Selection", {
      name: `${props.planName}-tagged`.slice(0, 50),
      planId: this.resource.id,
      iamRoleArn: role.roleArn,
      // A selection_tag alone selects across every supported resource type; `resources` is only
      // needed with `condition` blocks.
      selectionTag: [{ type: "STRINGEQUALS", key: "backup", value: props.selectionTag ?? "openedx" }],
      // The first job must not run before the role can read the keys.
      dependsOn: role.policies,
    });
    this.selectionId = this.selection.id;
  }
}

function validateProps(scope: Construct, props: BackupPlanProps): void {
  const problems: string[] = [];
  const known = (value: number | undefined): value is number => value !== undefined && !Token.isUnresolved(value);
  const days = (name: string, value: number | undefined, min = 1, max = MAX_RETENTION_DAYS) => {
    if (known(value) && (!Number.isInteger(value) || value < min || value > max)) {
      problems.push(`${name} must be a whole number of days from ${min} to ${max}, got ${value}`);
      return false;
    }
    return true;
  };
  if (!Token.isUnresolved(props.planName) && !PLAN_NAME.test(props.planName)) {
    problems.push(`planName must be 1-50 letters, digits, "-", "_" or ".", got "${props.planName}"`);
  }
  const hour = props.scheduleHourUtc;
  if (known(hour) && (!Number.isInteger(hour) || hour < 0 || hour > 23)) {
    problems.push(`scheduleHourUtc must be a whole hour from 0 to 23, got ${hour}`);
  }
  const continuous = props.continuousBackup ?? true;
  const daily = props.dailyRetentionDays ?? 35;
  if (days("dailyRetentionDays", daily) && continuous && known(daily) && daily > CONTINUOUS_BACKUP_MAX_RETENTION_DAYS) {
    problems.push(
      `dailyRetentionDays must be at most ${CONTINUOUS_BACKUP_MAX_RETENTION_DAYS} with continuousBackup (AWS keeps continuous backups at most ${CONTINUOUS_BACKUP_MAX_RETENTION_DAYS} days), got ${daily}; keep longer history in the weekly and monthly rules`,
    );
  }
  if (props.production && known(daily) && daily < CONTINUOUS_BACKUP_MAX_RETENTION_DAYS) {
    problems.push(`dailyRetentionDays must be at least ${CONTINUOUS_BACKUP_MAX_RETENTION_DAYS} in production, so five weeks of learner records can be restored, got ${daily}`);
  }
  if (props.production && props.preventDestroy === false) {
    problems.push("preventDestroy must stay true in production: a mistaken destroy must not remove the plan that keeps learner records");
  }
  for (const [rule, retention, coldAfter] of [
    ["weekly", props.weeklyRetentionDays ?? 90, props.weeklyColdStorageAfterDays],
    ["monthly", props.monthlyRetentionDays ?? 365, props.monthlyColdStorageAfterDays],
  ] as const) {
    const retentionOk = days(`${rule}RetentionDays`, retention);
    const coldOk = days(`${rule}ColdStorageAfterDays`, coldAfter);
    if (retentionOk && coldOk && known(retention) && known(coldAfter) && retention < coldAfter + COLD_STORAGE_MIN_DAYS) {
      problems.push(
        `${rule}RetentionDays must be at least ${rule}ColdStorageAfterDays + ${COLD_STORAGE_MIN_DAYS} (cold storage keeps a recovery point ${COLD_STORAGE_MIN_DAYS} days at least), got ${retention} with cold storage after ${coldAfter}`,
      );
    }
  }
  const start = props.startWindowMinutes ?? 60;
  const completion = props.completionWindowMinutes ?? 480;
  if (known(start) && (!Number.isInteger(start) || start < 60)) {
    problems.push(`startWindowMinutes must be a whole number of minutes, at least 60, got ${start}`);
  }
  if (known(start) && known(completion) && (!Number.isInteger(completion) || completion < start + 60)) {
    problems.push(`completionWindowMinutes must be a whole number of minutes, at least startWindowMinutes + 60 (${start + 60}), got ${completion}`);
  }
  if (props.copyToVault === undefined && props.copyRetentionDays !== undefined) {
    problems.push(`copyRetentionDays only applies with copyToVault; set copyToVault or remove it, got ${props.copyRetentionDays}`);
  } else {
    days("copyRetentionDays", props.copyRetentionDays);
  }
  if (props.copyToVault === props.vault) {
    problems.push("copyToVault must be a different vault from vault: a copy in the same vault survives nothing the original does not");
  }
  const tag = props.selectionTag;
  if (tag !== undefined && !Token.isUnresolved(tag) && !TAG_TEXT.test(tag)) {
    problems.push(`selectionTag must be 1-256 letters, digits, spaces or "_.:/=+-@", got "${tag}"`);
  }
  if (props.encryptionKeys.length === 0) {
    problems.push("encryptionKeys must list the keys of the data the plan backs up, or AWS Backup cannot read encrypted databases and buckets");
  }
  if (problems.length > 0) throw new ValidationError(problems.join("; "), scope);
}

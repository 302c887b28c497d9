import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { BackupPlan } from "../backup/backup-plan";
import { BackupVault } from "../backup/backup-vault";
import { resourcePrefix } from "../config/resource-names";
import { KmsKey } from "../encryption/kms-key";
import { EnvironmentStack, EnvironmentStackProps } from "../stack/environment-stack";
import { OpenedxApp } from "../stack/openedx-app";
import { DataStack } from "./data-stack";
import { KeysStack } from "./keys-stack";

/** Shortest and longest retention the production vault lock admits. */
export const PRODUCTION_VAULT_LOCK = {
  /** Days: the production daily retention, so no rule can keep a recovery point for less. */
  minRetentionDays: 35,
  /** Days: ten years, the longest weekly or monthly retention the configuration admits. */
  maxRetentionDays: 3650,
} as const;

/** Props of a {@link BackupStack}. */
export interface BackupStackProps extends EnvironmentStackProps {
  /** The environment's keys; the vault is encrypted with the `backup` key. */
  readonly keys: KeysStack;
  /** The data stack, whose stateful resources carry `backup = openedx` and whose alerts topic gets the vault's events. */
  readonly data: DataStack;
}

/**
 * AWS Backup of an environment: a vault encrypted with the backup key whose recovery points can
 * only expire, a plan with daily (continuous), weekly and monthly rules over every resource tagged
 * `backup = openedx` (MySQL, DocumentDB, the media and backups buckets), failures reported to the
 * alerts topic, and, with `backup.copyRegion`, a second vault and key in that region the daily
 * recovery points are copied to.
 *
 * In production the vaults are locked (retention 35 to 3650 days, immutable after
 * `backup.vaultLockChangeableForDays`) and the vaults, plan and copy key refuse `terraform destroy`.
 *
 * Construct ids (API): `vault`, `plan`, and with a copy region `aws-copy` (provider), `copy-key`, `copy-vault`.
 */
export class BackupStack extends EnvironmentStack {
  /** The vault of the environment's recovery points, in its region; restores start from it. */
  readonly vault: BackupVault;
  /** The plan and its IAM role: restore jobs run with that role (output `backup_role_arn`). */
  readonly plan: BackupPlan;
  /** The vault in `backup.copyRegion`, when configured. */
  readonly copyVault?: BackupVault;
  /** The key of the copy vault, when configured. */
  readonly copyKey?: KmsKey;

  constructor(scope: OpenedxApp, id: string, props: BackupStackProps) {
    super(scope, id, props);
    const environment = this.environment;
    const backup = environment.backup;
    const prefix = resourcePrefix(environment);
    const keys = props.keys.keys;
    const lock = this.isProduction
      ? { vaultLock: true, ...PRODUCTION_VAULT_LOCK, changeableForDays: backup.vaultLockChangeableForDays }
      : {};

    this.vault = new BackupVault(this, "vault", {
      vaultName: `${prefix}-vault`,
      encryptionKey: keys.backup,
      alertsTopicArn: props.data.alerts.topicArn,
      preventDestroy: this.isProduction,
      ...lock,
    });

    if (backup.copyRegion !== undefined) {
      const copyProvider = new AwsProvider(this, "aws-copy", {
        alias: "copy",
        region: backup.copyRegion,
        allowedAccountIds: [environment.accountId],
        defaultTags: [{ tags: { ...environment.tags, "openedx:environment": environment.name, "openedx:component": this.component, "openedx:managed-by": "openedx-infra" } }],
      });
      this.copyKey = new KmsKey(this, "copy-key", {
        aliasName: `openedx/${environment.name}/backup-copy`,
        description: `Open edX ${environment.name}: AWS Backup copies in ${backup.copyRegion}`,
        preventDestroy: this.isProduction,
        provider: copyProvider,
      });
      // No notifications here: SNS topics serve vaults of their own region only, and a failed
      // copy is already reported by the source vault (COPY_JOB_FAILED).
      this.copyVault = new BackupVault(this, "copy-vault", {
        vaultName: `${prefix}-copy-vault`,
        encryptionKey: this.copyKey,
        preventDestroy: this.isProduction,
        provider: copyProvider,
        ...lock,
      });
    }

    this.plan = new BackupPlan(this, "plan", {
      planName: prefix,
      vault: this.vault,
      encryptionKeys: [keys.databases, keys.storage, keys.backup],
      dailyRetentionDays: backup.dailyRetentionDays,
      weeklyRetentionDays: backup.weeklyRetentionDays,
      monthlyRetentionDays: backup.monthlyRetentionDays,
      copyToVault: this.copyVault,
      selectionTag: "openedx",
      recoveryPointTags: { "openedx:environment": environment.name },
      production: this.isProduction,
      preventDestroy: this.isProduction,
    });

    this.addOutputs({
      backup_vault_name: { value: this.vault.vaultName, description: "AWS Backup vault of the environment's recovery points" },
      backup_vault_arn: { value: this.vault.vaultArn, description: "ARN of the AWS Backup vault" },
      backup_plan_id: { value: this.plan.planId, description: "AWS Backup plan (daily, weekly, monthly rules)" },
      backup_role_arn: { value: this.plan.roleArn, description: "IAM role AWS Backup runs backup and restore jobs with" },
      ...(this.copyVault
        ? {
            backup_copy_vault_name: { value: this.copyVault.vaultName, description: `AWS Backup vault in ${backup.copyRegion} the daily recovery points are copied to` },
            backup_copy_vault_arn: { value: this.copyVault.vaultArn, description: "ARN of the cross-region copy vault" },
          }
        : {}),
    });
  }
}

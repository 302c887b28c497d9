import { BackupVault as BackupVaultResource } from "@cdktf/provider-aws/lib/backup-vault";
import { BackupVaultLockConfiguration } from "@cdktf/provider-aws/lib/backup-vault-lock-configuration";
import { BackupVaultNotifications } from "@cdktf/provider-aws/lib/backup-vault-notifications";
import { BackupVaultPolicy } from "@cdktf/provider-aws/lib/backup-vault-policy";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { ValidationError } from "../config/validation-error";
import { KmsKey } from "../encryption/kms-key";
import { policyDocument } from "../iam/policy-document";
import { AwsStack } from "../stack/aws-stack";

/**
 * The vault events sent to the alerts topic. AWS stopped emitting `BACKUP_JOB_FAILED` and
 * `RESTORE_JOB_FAILED`; a failed backup or restore now arrives as `..._COMPLETED` with a
 * `State` message attribute other than `COMPLETED`, so those are the events to subscribe to.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-notifications.html
 */
export const BACKUP_VAULT_ALERT_EVENTS = [
  "BACKUP_JOB_COMPLETED",
  "RESTORE_JOB_COMPLETED",
  "COPY_JOB_FAILED",
  "S3_BACKUP_OBJECT_FAILED",
  "S3_RESTORE_OBJECT_FAILED",
] as const;

/** What the vault access policy denies to every principal, so recovery points can only expire. */
export const RECOVERY_POINT_PROTECTED_ACTIONS = [
  "backup:DeleteRecoveryPoint",
  "backup:UpdateRecoveryPointLifecycle",
  "backup:PutBackupVaultAccessPolicy",
] as const;

/** AWS Backup's floor for the grace period of a compliance-mode vault lock. */
const MIN_CHANGEABLE_FOR_DAYS = 3;
const MAX_RETENTION_DAYS = 36500;
const VAULT_NAME = /^[a-zA-Z0-9_-]{2,50}$/;

/** Props of a {@link BackupVault}. */
export interface BackupVaultProps {
  /** Vault name: 2-50 letters, digits, `-` or `_`, unique per account and region. */
  readonly vaultName: string;
  /** The customer-managed key the recovery points are encrypted with. */
  readonly encryptionKey: KmsKey;
  /**
   * SNS topic (in the vault's region) that receives {@link BACKUP_VAULT_ALERT_EVENTS}. The topic's
   * policy and key must let `backup.amazonaws.com` publish.
   * @default - no notifications
   */
  readonly alertsTopicArn?: string;
  /**
   * Lock the vault: every recovery point must be kept between {@link minRetentionDays} and
   * {@link maxRetentionDays}, and after {@link changeableForDays} the lock itself becomes immutable
   * (compliance mode): nobody, not even the root user, can shorten a retention or remove the lock.
   * @default false
   */
  readonly vaultLock?: boolean;
  /**
   * Shortest retention a recovery point in the locked vault may have; needed with `vaultLock`.
   * @default - no lock
   */
  readonly minRetentionDays?: number;
  /**
   * Longest retention a recovery point in the locked vault may have; needed with `vaultLock`.
   * @default - no lock
   */
  readonly maxRetentionDays?: number;
  /**
   * Days after the lock is created during which it can still be changed or removed; at least 3.
   * @default 3
   */
  readonly changeableForDays?: number;
  /**
   * Let recovery points be deleted and their lifecycle shortened by IAM principals allowed to.
   * By default the vault access policy denies `backup:DeleteRecoveryPoint`,
   * `backup:UpdateRecoveryPointLifecycle` and `backup:PutBackupVaultAccessPolicy` to everyone, so
   * a recovery point leaves the vault only when its retention expires. Turning this on removes
   * the policy (Terraform deletes it, which the policy does not deny).
   * @default false
   */
  readonly allowRecoveryPointDeletion?: boolean;
  /**
   * Refuse `terraform destroy` of the vault (`lifecycle.prevent_destroy`).
   * @default true
   */
  readonly preventDestroy?: boolean;
  /**
   * The AWS provider (region) the vault lives in, e.g. a second region for cross-region copies.
   * Its key must be in the same region.
   * @default - the stack's default provider
   */
  readonly provider?: AwsProvider;
}

/**
 * An AWS Backup vault encrypted with a customer-managed key, whose recovery points can only
 * expire: a vault access policy denies deleting them or shortening their lifecycle to everyone,
 * and an optional vault lock makes retention limits immutable after a cooling-off period.
 *
 * Construct ids (API): `Resource` (the vault), `Lock`, `Notifications`, `AccessPolicy`.
 *
 * @resource aws_backup_vault
 * @stateful
 */
export class BackupVault extends Construct {
  /** The vault name. @attribute */
  readonly vaultName: string;
  /** The vault ARN, for copy actions and IAM policies. @attribute */
  readonly vaultArn: string;
  /** The region the vault lives in. @attribute */
  readonly region: string;
  /** The key the recovery points are encrypted with. */
  readonly encryptionKey: KmsKey;
  /** The vault resource. */
  readonly resource: BackupVaultResource;
  /** The vault lock, when `vaultLock` is on. */
  readonly lock?: BackupVaultLockConfiguration;
  /** The access policy that protects recovery points, unless `allowRecoveryPointDeletion`. */
  readonly accessPolicy?: BackupVaultPolicy;

  constructor(scope: Construct, id: string, props: BackupVaultProps) {
    super(scope, id);
    validateProps(this, props);
    const stack = AwsStack.of(this);
    const provider = props.provider;
    this.encryptionKey = props.encryptionKey;
    this.region = provider?.region ?? stack.region;

    this.resource = new BackupVaultResource(this, "Resource", {
      name: props.vaultName,
      kmsKeyArn: props.encryptionKey.keyArn,
      forceDestroy: false,
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
      provider,
    });
    this.vaultName = this.resource.name;
    this.vaultArn = this.resource.arn;

    if (props.vaultLock) {
      this.lock = new BackupVaultLockConfiguration(this, "Lock", {
        backupVaultName: this.resource.name,
        minRetentionDays: props.minRetentionDays,
        maxRetentionDays: props.maxRetentionDays,
        changeableForDays: props.changeableForDays ?? MIN_CHANGEABLE_FOR_DAYS,
        provider,
      });
    }

    if (props.alertsTopicArn !== undefined) {
      new BackupVaultNotifications(this, "Notifications", {
        backupVaultName: this.resource.name,
        snsTopicArn: props.alertsTopicArn,
        backupVaultEvents: [...BACKUP_VAULT_ALERT_EVENTS],
        provider,
      });
    }

    if (!props.allowRecoveryPointDeletion) {
      this.accessPolicy = new BackupVaultPolicy(this, "AccessPolicy", {
        backupVaultName: this.resource.name,
        policy: policyDocument([
          {
            Sid: "RecoveryPointsOnlyExpire",
            Effect: "Deny",
            Principal: "*",
            Action: [...RECOVERY_POINT_PROTECTED_ACTIONS],
            Resource: "*",
          },
        ]),
        provider,
      });
    }
  }
}

function validateProps(scope: Construct, props: BackupVaultProps): void {
  const problems: string[] = [];
  if (!Token.isUnresolved(props.vaultName) && !VAULT_NAME.test(props.vaultName)) {
    problems.push(`vaultName must be 2-50 letters, digits, "-" or "_", got "${props.vaultName}"`);
  }
  const lockProps = { minRetentionDays: props.minRetentionDays, maxRetentionDays: props.maxRetentionDays, changeableForDays: props.changeableForDays };
  if (!props.vaultLock) {
    for (const [name, value] of Object.entries(lockProps)) {
      if (value !== undefined) problems.push(`${name} only applies to a locked vault; set vaultLock: true or remove it, got ${value}`);
    }
  } else {
    const { minRetentionDays: min, maxRetentionDays: max, changeableForDays } = lockProps;
    for (const [name, value] of [["minRetentionDays", min], ["maxRetentionDays", max]] as const) {
      if (value === undefined) {
        problems.push(`${name} is required with vaultLock: a lock without retention limits protects nothing`);
      } else if (!Token.isUnresolved(value) && (!Number.isInteger(value) || value < 1 || value > MAX_RETENTION_DAYS)) {
        problems.push(`${name} must be a whole number of days from 1 to ${MAX_RETENTION_DAYS}, got ${value}`);
      }
    }
    if (min !== undefined && max !== undefined && !Token.isUnresolved(min) && !Token.isUnresolved(max) && min > max) {
      problems.push(`minRetentionDays must not exceed maxRetentionDays, got ${min} > ${max}`);
    }
    if (
      changeableForDays !== undefined &&
      !Token.isUnresolved(changeableForDays) &&
      (!Number.isInteger(changeableForDays) || changeableForDays < MIN_CHANGEABLE_FOR_DAYS || changeableForDays > MAX_RETENTION_DAYS)
    ) {
      problems.push(
        `changeableForDays must be a whole number of days from ${MIN_CHANGEABLE_FOR_DAYS} (AWS's minimum cooling-off period) to ${MAX_RETENTION_DAYS}, got ${changeableForDays}`,
      );
    }
  }
  if (problems.length > 0) throw new ValidationError(problems.join("; "), scope);
}

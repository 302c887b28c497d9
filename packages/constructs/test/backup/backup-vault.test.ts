import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { describe, expect, it } from "vitest";
import { BackupVault, BackupVaultProps } from "../../src/backup/backup-vault";
import { KmsKey } from "../../src/encryption/kms-key";
import { AwsStack } from "../../src/stack/aws-stack";
import { policyOf, SynthesizedStack, testStack } from "../synth";

const TOPIC = "arn:aws:sns:eu-west-1:111122223333:alerts";

function vaultIn(props: Partial<BackupVaultProps> = {}): { stack: AwsStack; key: KmsKey; vault: BackupVault } {
  const stack = testStack();
  const key = new KmsKey(stack, "key", { aliasName: "test/backup", description: "backup" });
  const vault = new BackupVault(stack, "vault", { vaultName: "openedx-test-vault", encryptionKey: key, ...props });
  return { stack, key, vault };
}

function rejection(props: Partial<BackupVaultProps>): string {
  try {
    vaultIn(props);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the props to be rejected");
}

describe("BackupVault", () => {
  it("encrypts the vault with the given key, never force-destroys it and refuses terraform destroy by default", () => {
    const { stack, vault } = vaultIn();
    expect(vault.encryptionKey).toBeInstanceOf(KmsKey);
    const synth = new SynthesizedStack(stack);
    expect(synth.byPath("aws_backup_vault", "vault/Resource")).toMatchObject({
      name: "openedx-test-vault",
      kms_key_arn: synth.ref("aws_kms_key", "key/Resource", "arn"),
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(vault.region).toBe("eu-west-1");
  });

  it("drops prevent_destroy when asked", () => {
    const synth = new SynthesizedStack(vaultIn({ preventDestroy: false }).stack);
    expect(synth.only("aws_backup_vault").lifecycle).toEqual({ prevent_destroy: false });
  });

  it("denies deleting recovery points, shortening their lifecycle and replacing the policy to everyone", () => {
    const synth = new SynthesizedStack(vaultIn().stack);
    const policy = synth.only("aws_backup_vault_policy");
    expect(policy.backup_vault_name).toBe(synth.ref("aws_backup_vault", "vault/Resource", "name"));
    expect(policyOf(policy.policy).Statement).toEqual([
      {
        Sid: "RecoveryPointsOnlyExpire",
        Effect: "Deny",
        Principal: "*",
        Action: ["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle", "backup:PutBackupVaultAccessPolicy"],
        Resource: "*",
      },
    ]);
  });

  it("has no access policy when recovery points may be deleted", () => {
    const synth = new SynthesizedStack(vaultIn({ allowRecoveryPointDeletion: true }).stack);
    expect(synth.resources("aws_backup_vault_policy")).toHaveLength(0);
  });

  it("sends job failures to the alerts topic", () => {
    const synth = new SynthesizedStack(vaultIn({ alertsTopicArn: TOPIC }).stack);
    expect(synth.only("aws_backup_vault_notifications")).toMatchObject({
      backup_vault_name: synth.ref("aws_backup_vault", "vault/Resource", "name"),
      sns_topic_arn: TOPIC,
      backup_vault_events: ["BACKUP_JOB_COMPLETED", "RESTORE_JOB_COMPLETED", "COPY_JOB_FAILED", "S3_BACKUP_OBJECT_FAILED", "S3_RESTORE_OBJECT_FAILED"],
    });
  });

  it("has neither notifications nor a lock by default", () => {
    const synth = new SynthesizedStack(vaultIn().stack);
    expect(synth.resources("aws_backup_vault_notifications")).toHaveLength(0);
    expect(synth.resources("aws_backup_vault_lock_configuration")).toHaveLength(0);
  });

  it("locks the vault with the retention limits and a 3-day cooling-off period by default", () => {
    const synth = new SynthesizedStack(vaultIn({ vaultLock: true, minRetentionDays: 35, maxRetentionDays: 3650 }).stack);
    expect(synth.only("aws_backup_vault_lock_configuration")).toMatchObject({
      backup_vault_name: synth.ref("aws_backup_vault", "vault/Resource", "name"),
      min_retention_days: 35,
      max_retention_days: 3650,
      changeable_for_days: 3,
    });
  });

  it("takes a longer cooling-off period", () => {
    const synth = new SynthesizedStack(vaultIn({ vaultLock: true, minRetentionDays: 1, maxRetentionDays: 1, changeableForDays: 30 }).stack);
    expect(synth.only("aws_backup_vault_lock_configuration").changeable_for_days).toBe(30);
  });

  it("places the vault in another region through a provider", () => {
    const stack = testStack();
    const provider = new AwsProvider(stack, "copy", { alias: "copy", region: "eu-central-1" });
    const key = new KmsKey(stack, "key", { aliasName: "test/copy", description: "copy", provider });
    const vault = new BackupVault(stack, "vault", { vaultName: "copy-vault", encryptionKey: key, provider, alertsTopicArn: TOPIC });
    const synth = new SynthesizedStack(stack);
    expect(vault.region).toBe("eu-central-1");
    for (const type of ["aws_backup_vault", "aws_backup_vault_policy", "aws_backup_vault_notifications"]) {
      expect(synth.only(type).provider).toBe("aws.copy");
    }
  });

  it("throws when the vault name is invalid", () => {
    expect(rejection({ vaultName: "a" })).toBe('vaultName must be 2-50 letters, digits, "-" or "_", got "a" (at test/vault)');
  });

  it("throws when lock props are given without a lock", () => {
    expect(rejection({ minRetentionDays: 7, changeableForDays: 3 })).toBe(
      "minRetentionDays only applies to a locked vault; set vaultLock: true or remove it, got 7; changeableForDays only applies to a locked vault; set vaultLock: true or remove it, got 3 (at test/vault)",
    );
  });

  it("throws when a lock has no retention limits", () => {
    expect(rejection({ vaultLock: true })).toBe(
      "minRetentionDays is required with vaultLock: a lock without retention limits protects nothing; maxRetentionDays is required with vaultLock: a lock without retention limits protects nothing (at test/vault)",
    );
  });

  it("throws when the lock's limits are out of range or crossed", () => {
    expect(rejection({ vaultLock: true, minRetentionDays: 0, maxRetentionDays: 36501 })).toBe(
      "minRetentionDays must be a whole number of days from 1 to 36500, got 0; maxRetentionDays must be a whole number of days from 1 to 36500, got 36501 (at test/vault)",
    );
    expect(rejection({ vaultLock: true, minRetentionDays: 40, maxRetentionDays: 35 })).toBe(
      "minRetentionDays must not exceed maxRetentionDays, got 40 > 35 (at test/vault)",
    );
  });

  it("throws when the cooling-off period is shorter than AWS allows", () => {
    expect(rejection({ vaultLock: true, minRetentionDays: 1, maxRetentionDays: 10, changeableForDays: 2 })).toBe(
      "changeableForDays must be a whole number of days from 3 (AWS's minimum cooling-off period) to 36500, got 2 (at test/vault)",
    );
  });
});

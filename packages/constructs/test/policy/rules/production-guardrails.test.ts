import { BackupPlan, BackupPlanRule } from "@cdktf/provider-aws/lib/backup-plan";
import { BackupVault } from "@cdktf/provider-aws/lib/backup-vault";
import { BackupVaultLockConfiguration } from "@cdktf/provider-aws/lib/backup-vault-lock-configuration";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DocdbCluster } from "@cdktf/provider-aws/lib/docdb-cluster";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { KmsReplicaKey } from "@cdktf/provider-aws/lib/kms-replica-key";
import { RdsCluster } from "@cdktf/provider-aws/lib/rds-cluster";
import { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import { TerraformVariable, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { isDailySchedule } from "../../../src/policy/rules/production";
import { synthFailure, violationLines } from "../fixtures";
import { productionRuleStack, violatedRules } from "./rule-results";

describe("OpenedxAwsProduction-TF1: also hosted zones, backup vaults and image repositories", () => {
  it("fails on each without prevent_destroy", () => {
    const stack = productionRuleStack("OpenedxAwsProduction-TF1");
    new Route53Zone(stack, "zone", { name: "courses.example.edu" });
    new BackupVault(stack, "vault", { name: "openedx", lifecycle: { preventDestroy: false } });
    new EcrRepository(stack, "registry", { name: "openedx" });
    expect(violationLines(stack).map((line) => /^\[([^\]]+)\] .* at (\S+) \((\S+)\)/.exec(line)?.slice(1))).toEqual([
      ["OpenedxAwsProduction-TF1", "test/zone", "aws_route53_zone.zone"],
      ["OpenedxAwsProduction-TF1", "test/vault", "aws_backup_vault.vault"],
      ["OpenedxAwsProduction-TF1", "test/registry", "aws_ecr_repository.registry"],
    ]);
  });

  it("passes with prevent_destroy", () => {
    const stack = productionRuleStack("OpenedxAwsProduction-TF1");
    new Route53Zone(stack, "zone", { name: "courses.example.edu", lifecycle: { preventDestroy: true } });
    new BackupVault(stack, "vault", { name: "openedx", lifecycle: { preventDestroy: true } });
    new EcrRepository(stack, "registry", { name: "openedx", lifecycle: { preventDestroy: true } });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});

describe("OpenedxAwsProduction-KMS1: KMS keys wait 30 days before deletion", () => {
  it("reports a shorter deletion window as a finding, on keys and replica keys", () => {
    const stack = productionRuleStack("OpenedxAwsProduction-KMS1");
    new KmsKey(stack, "key", { deletionWindowInDays: 7 });
    new KmsReplicaKey(stack, "replica", { primaryKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/mrk-1234", deletionWindowInDays: 29 });
    expect(violationLines(stack)).toEqual([
      "[OpenedxAwsProduction-KMS1[deletion_window_in_days]] the production KMS key can be deleted after less than 30 days at test/key (aws_kms_key.key): deleting a key makes everything encrypted with it unreadable for good, backups included, and the waiting period is the only time left to notice and cancel; leave deletion_window_in_days unset or set it to 30",
      expect.stringMatching(/^\[OpenedxAwsProduction-KMS1\[deletion_window_in_days\]\] .* at test\/replica \(aws_kms_replica_key\.replica\): /),
    ]);
  });

  it("passes with 30 days or the default, which is 30", () => {
    const stack = productionRuleStack("OpenedxAwsProduction-KMS1");
    new KmsKey(stack, "key", { deletionWindowInDays: 30 });
    new KmsKey(stack, "default", {});
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("reports an unresolvable deletion window as a violation", () => {
    const stack = productionRuleStack("OpenedxAwsProduction-KMS1");
    const days = new TerraformVariable(stack, "days", { type: "number" });
    new KmsKey(stack, "key", { deletionWindowInDays: days.numberValue });
    expect(synthFailure(stack)).toContain('[OpenedxAwsProduction-KMS1] rule threw: deletion_window_in_days is the Terraform expression "${var.days}"');
  });
});

describe("OpenedxAwsProduction-BACKUP1: backup vaults are locked in compliance mode", () => {
  it("fails on a vault without a lock, or with a governance-mode lock, or locked only in another vault's name", () => {
    const stack = productionRuleStack("OpenedxAwsProduction-BACKUP1");
    new BackupVault(stack, "unlocked", { name: "unlocked" });
    const governance = new BackupVault(stack, "governance", { name: "governance" });
    new BackupVaultLockConfiguration(stack, "governance-lock", { backupVaultName: governance.name, minRetentionDays: 35 });
    new BackupVault(stack, "other", { name: "other" });
    new BackupVaultLockConfiguration(stack, "elsewhere-lock", { backupVaultName: "somewhere-else", changeableForDays: 3 });
    expect(violationLines(stack)).toEqual([
      "[OpenedxAwsProduction-BACKUP1] the production AWS Backup vault is not locked in compliance mode at test/unlocked (aws_backup_vault.unlocked): without a compliance-mode lock, anyone with enough IAM permissions (or a stolen administrator credential) can delete the recovery points along with the data they protect; add an aws_backup_vault_lock_configuration in this stack naming the vault in backup_vault_name, with changeable_for_days set (the grace period, at least 3, after which the lock cannot be removed) and min_retention_days and max_retention_days bracketing the plan's retention",
      expect.stringMatching(/^\[OpenedxAwsProduction-BACKUP1\] .* at test\/governance \(aws_backup_vault\.governance\): /),
      expect.stringMatching(/^\[OpenedxAwsProduction-BACKUP1\] .* at test\/other \(aws_backup_vault\.other\): /),
    ]);
  });

  it("passes with a compliance-mode lock naming the vault by reference or by literal name", () => {
    const stack = productionRuleStack("OpenedxAwsProduction-BACKUP1");
    const vault = new BackupVault(stack, "vault", { name: "openedx" });
    new BackupVaultLockConfiguration(stack, "lock", { backupVaultName: vault.name, changeableForDays: 3, minRetentionDays: 35, maxRetentionDays: 400 });
    new BackupVault(stack, "copy", { name: "openedx-copy" });
    new BackupVaultLockConfiguration(stack, "copy-lock", { backupVaultName: "openedx-copy", changeableForDays: 7 });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("reports an unresolvable changeable_for_days as a violation", () => {
    const stack = productionRuleStack("OpenedxAwsProduction-BACKUP1");
    const days = new TerraformVariable(stack, "days", { type: "number" });
    const vault = new BackupVault(stack, "vault", { name: "openedx" });
    new BackupVaultLockConfiguration(stack, "lock", { backupVaultName: vault.name, changeableForDays: days.numberValue });
    expect(synthFailure(stack)).toContain(
      '[OpenedxAwsProduction-BACKUP1] rule threw: changeable_for_days of aws_backup_vault_lock_configuration.lock is the Terraform expression "${var.days}"',
    );
  });
});

describe("OpenedxAwsProduction-BACKUP2: daily backups are kept for 35 days", () => {
  const rule = (ruleName: string, schedule: string | undefined, deleteAfter?: number): BackupPlanRule => ({
    ruleName,
    targetVaultName: "openedx",
    ...(schedule === undefined ? {} : { schedule }),
    ...(deleteAfter === undefined ? {} : { lifecycle: { deleteAfter } }),
  });

  it("reports each daily rule kept for less than 35 days, the default schedule included", () => {
    const stack = productionRuleStack("OpenedxAwsProduction-BACKUP2");
    new BackupPlan(stack, "plan", {
      name: "openedx",
      rule: [rule("daily", "cron(0 3 * * ? *)", 14), rule("default-schedule", undefined, 7), rule("hourly", "cron(15 * ? * * *)", 2), rule("weekly", "cron(0 3 ? * SUN *)", 14)],
    });
    expect(violatedRules(stack)).toEqual([
      "[OpenedxAwsProduction-BACKUP2[daily]]",
      "[OpenedxAwsProduction-BACKUP2[default-schedule]]",
      "[OpenedxAwsProduction-BACKUP2[hourly]]",
    ]);
    expect(violationLines(stack)[0]).toBe(
      "[OpenedxAwsProduction-BACKUP2[daily]] a daily rule of the production AWS Backup plan keeps its recovery points for fewer than 35 days at test/plan (aws_backup_plan.plan): a corruption, a deleted course or a ransomware encryption noticed weeks later must still be restorable from before it happened, past the databases' own 14 days of automated backups; set lifecycle.delete_after to at least 35 on every rule whose schedule runs every day (the finding names the rule_name)",
    );
  });

  it("passes daily rules kept 35 days or more (or forever), and rules that skip days", () => {
    const stack = productionRuleStack("OpenedxAwsProduction-BACKUP2");
    new BackupPlan(stack, "plan", {
      name: "openedx",
      rule: [rule("daily", "cron(0 3 * * ? *)", 35), rule("forever", "cron(0 4 ? * * *)"), rule("monthly", "cron(0 5 1 * ? *)", 30), rule("weekly", "cron(0 3 ? * SUN *)", 7)],
    });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("reports an unresolvable schedule as a violation", () => {
    const stack = productionRuleStack("OpenedxAwsProduction-BACKUP2");
    const schedule = new TerraformVariable(stack, "schedule", { type: "string" });
    new BackupPlan(stack, "plan", { name: "openedx", rule: [rule("daily", schedule.stringValue, 35)] });
    expect(synthFailure(stack)).toContain('[OpenedxAwsProduction-BACKUP2] rule threw: rule[0].schedule is the Terraform expression "${var.schedule}"');
  });

  it.each([
    ["cron(0 5 ? * * *)", true],
    ["cron(30 2 * * ? *)", true],
    ["cron(0 0/6 * * ? *)", true],
    ["cron(0 3 1-31 * ? *)", true],
    ["cron(0 3 ? * sun-sat *)", true],
    ["cron(0 3 ? * MON-FRI *)", false],
    ["cron(0 3 1 * ? *)", false],
    ["cron(0 3 * 1 ? *)", false],
    ["cron(0 3 * * ? 2030)", false],
    ["rate(1 day)", false],
    ["cron(0 3 * * ?)", false],
  ])("reads %s as daily: %s", (schedule, daily) => {
    expect(isDailySchedule(schedule)).toBe(daily);
  });
});

describe("OpenedxAwsProduction-DB5: databases carry the backup tag", () => {
  it("fails on databases without a backup tag or with an empty one", () => {
    const stack = productionRuleStack("OpenedxAwsProduction-DB5");
    new DbInstance(stack, "db", { engine: "mysql", instanceClass: "db.r6g.large", tags: { Name: "openedx" } });
    new RdsCluster(stack, "aurora", { engine: "aurora-mysql", tags: { backup: " " } });
    new DocdbCluster(stack, "docdb", {});
    expect(violationLines(stack)).toEqual([
      "[OpenedxAwsProduction-DB5] the production database has no backup tag, so AWS Backup does not select it at test/db (aws_db_instance.db): the environment's AWS Backup selection picks resources by their backup tag, so an untagged database gets no backups outside its own account and no vault-locked copy; set tags.backup (the backupPlanTag prop of the database constructs, openedx by default)",
      expect.stringMatching(/^\[OpenedxAwsProduction-DB5\] .* at test\/aurora \(aws_rds_cluster\.aurora\): /),
      expect.stringMatching(/^\[OpenedxAwsProduction-DB5\] .* at test\/docdb \(aws_docdb_cluster\.docdb\): /),
    ]);
  });

  it("passes with the tag, and does not apply to read replicas", () => {
    const stack = productionRuleStack("OpenedxAwsProduction-DB5");
    const source = new DbInstance(stack, "db", { engine: "mysql", instanceClass: "db.r6g.large", tags: { backup: "openedx" } });
    new DbInstance(stack, "replica", { replicateSourceDb: source.identifier, instanceClass: "db.r6g.large" });
    new DocdbCluster(stack, "docdb", { tags: { backup: "openedx" } });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("reports an unresolvable tag as a violation", () => {
    const stack = productionRuleStack("OpenedxAwsProduction-DB5");
    const tag = new TerraformVariable(stack, "tag", { type: "string" });
    new DocdbCluster(stack, "docdb", { tags: { backup: tag.stringValue } });
    expect(synthFailure(stack)).toContain('[OpenedxAwsProduction-DB5] rule threw: tags.backup is the Terraform expression "${var.tag}"');
  });
});

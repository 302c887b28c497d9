import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { describe, expect, it } from "vitest";
import { BackupPlan, BackupPlanProps } from "../../src/backup/backup-plan";
import { BackupVault } from "../../src/backup/backup-vault";
import { KmsKey } from "../../src/encryption/kms-key";
import { AwsStack } from "../../src/stack/aws-stack";
import { policyOf, SynthesizedStack, testStack } from "../synth";

interface Fixture {
  readonly stack: AwsStack;
  readonly vault: BackupVault;
  readonly copyVault: BackupVault;
  readonly dataKey: KmsKey;
}

function fixture(): Fixture {
  const stack = testStack();
  const vaultKey = new KmsKey(stack, "vault-key", { aliasName: "test/backup", description: "backup" });
  const dataKey = new KmsKey(stack, "data-key", { aliasName: "test/data", description: "data" });
  const provider = new AwsProvider(stack, "copy", { alias: "copy", region: "eu-central-1" });
  const copyKey = new KmsKey(stack, "copy-key", { aliasName: "test/copy", description: "copy", provider });
  const vault = new BackupVault(stack, "vault", { vaultName: "test-vault", encryptionKey: vaultKey });
  const copyVault = new BackupVault(stack, "copy-vault", { vaultName: "test-copy", encryptionKey: copyKey, provider });
  return { stack, vault, copyVault, dataKey };
}

function planIn(props: (f: Fixture) => Partial<BackupPlanProps> = () => ({})): SynthesizedStack {
  const f = fixture();
  new BackupPlan(f.stack, "plan", { planName: "openedx-test", vault: f.vault, encryptionKeys: [f.dataKey], ...props(f) });
  return new SynthesizedStack(f.stack);
}

function rejection(props: (f: Fixture) => Partial<BackupPlanProps>): string {
  try {
    planIn(props);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the props to be rejected");
}

type Rule = Record<string, unknown>;
const rulesOf = (synth: SynthesizedStack) => synth.only("aws_backup_plan").rule as Rule[];
const ruleNamed = (synth: SynthesizedStack, name: string) => rulesOf(synth).find((rule) => rule.rule_name === name) as Rule;

describe("BackupPlan", () => {
  it("has daily, weekly and monthly rules into the vault with the default schedules, windows and retention", () => {
    const synth = planIn();
    const vaultName = synth.ref("aws_backup_vault", "vault/Resource", "name");
    expect(synth.only("aws_backup_plan")).toMatchObject({ name: "openedx-test", lifecycle: { prevent_destroy: true } });
    expect(rulesOf(synth)).toEqual([
      {
        rule_name: "daily",
        target_vault_name: vaultName,
        schedule: "cron(0 3 * * ? *)",
        start_window: 60,
        completion_window: 480,
        enable_continuous_backup: true,
        lifecycle: { delete_after: 35 },
        recovery_point_tags: { "openedx:backup-rule": "daily" },
      },
      {
        rule_name: "weekly",
        target_vault_name: vaultName,
        schedule: "cron(0 3 ? * SUN *)",
        start_window: 60,
        completion_window: 480,
        enable_continuous_backup: false,
        lifecycle: { delete_after: 90 },
        recovery_point_tags: { "openedx:backup-rule": "weekly" },
      },
      {
        rule_name: "monthly",
        target_vault_name: vaultName,
        schedule: "cron(0 3 1 * ? *)",
        start_window: 60,
        completion_window: 480,
        enable_continuous_backup: false,
        lifecycle: { delete_after: 365 },
        recovery_point_tags: { "openedx:backup-rule": "monthly" },
      },
    ]);
  });

  it("takes the hour, windows, retention, cold storage and extra recovery point tags from props", () => {
    const synth = planIn(() => ({
      scheduleHourUtc: 22,
      startWindowMinutes: 120,
      completionWindowMinutes: 600,
      continuousBackup: false,
      dailyRetentionDays: 60,
      weeklyRetentionDays: 120,
      weeklyColdStorageAfterDays: 30,
      monthlyRetentionDays: 730,
      monthlyColdStorageAfterDays: 90,
      recoveryPointTags: { team: "platform" },
      preventDestroy: false,
    }));
    expect(synth.only("aws_backup_plan").lifecycle).toEqual({ prevent_destroy: false });
    expect(ruleNamed(synth, "daily")).toMatchObject({
      schedule: "cron(0 22 * * ? *)",
      start_window: 120,
      completion_window: 600,
      enable_continuous_backup: false,
      lifecycle: { delete_after: 60 },
      recovery_point_tags: { team: "platform", "openedx:backup-rule": "daily" },
    });
    expect(ruleNamed(synth, "weekly")).toMatchObject({ schedule: "cron(0 22 ? * SUN *)", lifecycle: { delete_after: 120, cold_storage_after: 30 } });
    expect(ruleNamed(synth, "monthly")).toMatchObject({ schedule: "cron(0 22 1 * ? *)", lifecycle: { delete_after: 730, cold_storage_after: 90 } });
  });

  it("makes no copies by default", () => {
    for (const rule of rulesOf(planIn())) expect(rule.copy_action).toBeUndefined();
  });

  it("copies the daily recovery points to the second vault, for the daily retention by default", () => {
    const synth = planIn((f) => ({ copyToVault: f.copyVault }));
    expect(ruleNamed(synth, "daily").copy_action).toEqual([
      { destination_vault_arn: synth.ref("aws_backup_vault", "copy-vault/Resource", "arn"), lifecycle: { delete_after: 35 } },
    ]);
    expect(ruleNamed(synth, "weekly").copy_action).toBeUndefined();
    expect(ruleNamed(synth, "monthly").copy_action).toBeUndefined();
  });

  it("keeps copies for copyRetentionDays", () => {
    const synth = planIn((f) => ({ copyToVault: f.copyVault, copyRetentionDays: 14 }));
    expect((ruleNamed(synth, "daily").copy_action as Rule[])[0].lifecycle).toEqual({ delete_after: 14 });
  });

  it("runs jobs as a role trusted by AWS Backup holding exactly the four managed backup and restore policies", () => {
    const synth = planIn();
    const role = synth.only("aws_iam_role");
    expect(role.name).toBe("openedx-test-backup");
    expect(policyOf(role.assume_role_policy).Statement).toEqual([
      { Effect: "Allow", Principal: { Service: "backup.amazonaws.com" }, Action: ["sts:AssumeRole"] },
    ]);
    expect(synth.only("aws_iam_role_policy_attachments_exclusive")).toMatchObject({
      role_name: synth.ref("aws_iam_role", "plan/Role/Resource", "name"),
      policy_arns: [
        "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
        "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
        "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup",
        "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore",
      ],
    });
    expect(synth.resources("aws_iam_role_policy_attachment")).toHaveLength(0);
  });

  it("lets the role use the data keys, the vault key and the copy vault's key, and grant them only to AWS resources", () => {
    const synth = planIn((f) => ({ copyToVault: f.copyVault }));
    const keys = [
      synth.ref("aws_kms_key", "data-key/Resource", "arn"),
      synth.ref("aws_kms_key", "vault-key/Resource", "arn"),
      synth.ref("aws_kms_key", "copy-key/Resource", "arn"),
    ];
    const inline = synth.only("aws_iam_role_policy");
    expect(inline.name).toBe("backup-keys");
    expect(policyOf(inline.policy).Statement).toEqual([
      {
        Sid: "UseDataAndVaultKeys",
        Effect: "Allow",
        Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
        Resource: keys,
      },
      { Sid: "GrantKeysToAwsResources", Effect: "Allow", Action: "kms:CreateGrant", Resource: keys, Condition: { Bool: { "kms:GrantIsForAWSResource": true } } },
    ]);
    expect(synth.only("aws_iam_role_policies_exclusive").policy_names).toEqual([synth.ref("aws_iam_role_policy", "plan/Role/Policy-backup-keys", "name")]);
  });

  it("selects every resource tagged backup = openedx by default, with the plan's role, after its policies exist", () => {
    const synth = planIn();
    const selection = synth.only("aws_backup_selection");
    expect(selection).toMatchObject({
      name: "openedx-test-tagged",
      plan_id: synth.ref("aws_backup_plan", "plan/Resource", "id"),
      iam_role_arn: synth.ref("aws_iam_role", "plan/Role/Resource", "arn"),
      selection_tag: [{ type: "STRINGEQUALS", key: "backup", value: "openedx" }],
    });
    expect(selection.resources).toBeUndefined();
    expect(selection.condition).toBeUndefined();
    expect(selection.depends_on).toHaveLength(3);
  });

  it("selects another tag value when asked", () => {
    const synth = planIn(() => ({ selectionTag: "learner-records" }));
    expect(synth.only("aws_backup_selection").selection_tag).toEqual([{ type: "STRINGEQUALS", key: "backup", value: "learner-records" }]);
  });

  it("accepts production with 35 days of daily retention", () => {
    expect(() => planIn(() => ({ production: true }))).not.toThrow();
  });

  it("throws when names, hour and windows are invalid", () => {
    expect(rejection(() => ({ planName: "bad name", scheduleHourUtc: 24, startWindowMinutes: 30, completionWindowMinutes: 60 }))).toBe(
      'planName must be 1-50 letters, digits, "-", "_" or ".", got "bad name"; scheduleHourUtc must be a whole hour from 0 to 23, got 24; ' +
        "startWindowMinutes must be a whole number of minutes, at least 60, got 30; completionWindowMinutes must be a whole number of minutes, at least startWindowMinutes + 60 (90), got 60 (at test/plan)",
    );
  });

  it("throws when continuous backups would be kept longer than 35 days", () => {
    expect(rejection(() => ({ dailyRetentionDays: 36 }))).toBe(
      "dailyRetentionDays must be at most 35 with continuousBackup (AWS keeps continuous backups at most 35 days), got 36; keep longer history in the weekly and monthly rules (at test/plan)",
    );
  });

  it("throws when production keeps fewer than 35 daily days or drops preventDestroy", () => {
    expect(rejection(() => ({ production: true, dailyRetentionDays: 14, preventDestroy: false }))).toBe(
      "dailyRetentionDays must be at least 35 in production, so five weeks of learner records can be restored, got 14; " +
        "preventDestroy must stay true in production: a mistaken destroy must not remove the plan that keeps learner records (at test/plan)",
    );
  });

  it("throws when retention is out of range or shorter than cold storage allows", () => {
    expect(rejection(() => ({ dailyRetentionDays: 0, weeklyRetentionDays: 100, weeklyColdStorageAfterDays: 30, monthlyRetentionDays: 36501 }))).toBe(
      "dailyRetentionDays must be a whole number of days from 1 to 36500, got 0; " +
        "weeklyRetentionDays must be at least weeklyColdStorageAfterDays + 90 (cold storage keeps a recovery point 90 days at least), got 100 with cold storage after 30; " +
        "monthlyRetentionDays must be a whole number of days from 1 to 36500, got 36501 (at test/plan)",
    );
  });

  it("throws when copies are misconfigured", () => {
    expect(rejection(() => ({ copyRetentionDays: 14 }))).toBe("copyRetentionDays only applies with copyToVault; set copyToVault or remove it, got 14 (at test/plan)");
    expect(rejection((f) => ({ copyToVault: f.vault }))).toBe(
      "copyToVault must be a different vault from vault: a copy in the same vault survives nothing the original does not (at test/plan)",
    );
    expect(rejection((f) => ({ copyToVault: f.copyVault, copyRetentionDays: 0.5 }))).toBe("copyRetentionDays must be a whole number of days from 1 to 36500, got 0.5 (at test/plan)");
  });

  it("throws when the selection tag or keys are missing or invalid", () => {
    expect(rejection(() => ({ selectionTag: "", encryptionKeys: [] }))).toBe(
      'selectionTag must be 1-256 letters, digits, spaces or "_.:/=+-@", got ""; encryptionKeys must list the keys of the data the plan backs up, or AWS Backup cannot read encrypted databases and buckets (at test/plan)',
    );
  });
});

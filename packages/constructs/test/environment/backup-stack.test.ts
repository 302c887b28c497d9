import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { EnvironmentConfigInput } from "../../src/config/environment-config";
import { BackupStack } from "../../src/environment/backup-stack";
import { buildEnvironmentApp } from "../../src/environment/environment-app";
import { productionInput, stagingInput } from "../fixtures";

type Resources = Record<string, Record<string, Record<string, unknown>>>;
interface StackJson {
  resource: Resources;
  output: Record<string, { value: string; description: string }>;
  provider: { aws: Record<string, unknown>[] };
}

function synthesizedBackup(environment: EnvironmentConfigInput): StackJson {
  const app = buildEnvironmentApp([environment], { outdir: Testing.app().outdir });
  const name = String(environment.name);
  // The environment composes the backup stack after its data stack.
  expect(app.node.findChild(`${name}-backup`)).toBeInstanceOf(BackupStack);
  app.synth();
  return JSON.parse(readFileSync(join(app.outdir, "stacks", `${name}-backup`, "cdk.tf.json"), "utf8")) as StackJson;
}

function byPath(json: StackJson, type: string, suffix: string): Record<string, unknown> {
  const found = Object.values(json.resource[type] ?? {}).find((config) => String((config["//"] as { metadata: { path: string } }).metadata.path).endsWith(suffix));
  if (!found) throw new Error(`no ${type} at ${suffix}`);
  return found;
}

const remote = (stack: string, output: string) => new RegExp(`^\\$\\{data\\.terraform_remote_state\\.cross-stack-reference-input-production-${stack}\\.outputs\\.${output}\\}$`);

describe("BackupStack", () => {
  const json = synthesizedBackup(productionInput());

  it("encrypts a protected vault with the environment's backup key and reports to the alerts topic", () => {
    const vault = byPath(json, "aws_backup_vault", "production-backup/vault/Resource");
    expect(vault).toMatchObject({ name: "openedx-production-vault", force_destroy: false, lifecycle: { prevent_destroy: true } });
    expect(vault.kms_key_arn).toMatch(remote("keys", "[^}]+"));
    const notifications = Object.values(json.resource.aws_backup_vault_notifications);
    expect(notifications).toHaveLength(1);
    expect(notifications[0].sns_topic_arn).toMatch(remote("data", "[^}]+"));
    expect(Object.keys(json.resource.aws_backup_vault_policy)).toHaveLength(1);
  });

  it("locks the production vault for 35 to 3650 days, immutable after 3 days", () => {
    expect(Object.values(json.resource.aws_backup_vault_lock_configuration)).toEqual([
      expect.objectContaining({ min_retention_days: 35, max_retention_days: 3650, changeable_for_days: 3 }),
    ]);
  });

  it("runs a protected production plan of 35 continuous daily, 90 weekly and 365 monthly days over backup = openedx", () => {
    const plan = byPath(json, "aws_backup_plan", "production-backup/plan/Resource");
    expect(plan).toMatchObject({ name: "openedx-production", lifecycle: { prevent_destroy: true } });
    const rules = plan.rule as Record<string, unknown>[];
    expect(rules.map((rule) => [rule.rule_name, rule.enable_continuous_backup, rule.lifecycle, rule.copy_action])).toEqual([
      ["daily", true, { delete_after: 35 }, undefined],
      ["weekly", false, { delete_after: 90 }, undefined],
      ["monthly", false, { delete_after: 365 }, undefined],
    ]);
    expect(rules[0].recovery_point_tags).toEqual({ "openedx:environment": "production", "openedx:backup-rule": "daily" });
    expect(Object.values(json.resource.aws_backup_selection)[0].selection_tag).toEqual([{ type: "STRINGEQUALS", key: "backup", value: "openedx" }]);
  });

  it("has no copy region, provider or key unless configured", () => {
    expect(json.provider.aws).toHaveLength(1);
    expect(json.resource.aws_kms_key).toBeUndefined();
    expect(Object.keys(json.resource.aws_backup_vault)).toHaveLength(1);
  });

  it("outputs the vault, plan and role", () => {
    expect(Object.keys(json.output).sort()).toEqual(["backup_plan_id", "backup_role_arn", "backup_vault_arn", "backup_vault_name"]);
  });

  it("copies the daily recovery points to a locked vault and key of their own in the copy region", () => {
    const copy = synthesizedBackup(productionInput({ backup: { copyRegion: "eu-central-1", vaultLockChangeableForDays: 7 } }));
    const aliased = copy.provider.aws.find((provider) => provider.alias === "copy");
    expect(aliased).toMatchObject({ region: "eu-central-1", allowed_account_ids: ["111122223333"] });
    const key = byPath(copy, "aws_kms_key", "production-backup/copy-key/Resource");
    expect(key).toMatchObject({ provider: "aws.copy", lifecycle: { prevent_destroy: true } });
    expect(byPath(copy, "aws_kms_alias", "production-backup/copy-key/Alias").name).toBe("alias/openedx/production/backup-copy");
    const vault = byPath(copy, "aws_backup_vault", "production-backup/copy-vault/Resource");
    expect(vault).toMatchObject({ name: "openedx-production-copy-vault", provider: "aws.copy" });
    expect(Object.values(copy.resource.aws_backup_vault_lock_configuration).map((lock) => lock.changeable_for_days)).toEqual([7, 7]);
    expect(Object.values(copy.resource.aws_backup_vault_notifications)).toHaveLength(1);
    const rules = byPath(copy, "aws_backup_plan", "plan/Resource").rule as Record<string, unknown>[];
    expect((rules[0].copy_action as Record<string, unknown>[])[0]).toMatchObject({ lifecycle: { delete_after: 35 } });
    expect(String((rules[0].copy_action as Record<string, unknown>[])[0].destination_vault_arn)).toMatch(/^\$\{aws_backup_vault\.copy-vault.*\.arn\}$/);
    expect(Object.keys(copy.output)).toEqual(expect.arrayContaining(["backup_copy_vault_name", "backup_copy_vault_arn"]));
  });

  it("keeps seven unlocked days in non-production, without prevent_destroy", () => {
    const staging = synthesizedBackup(stagingInput());
    expect(staging.resource.aws_backup_vault_lock_configuration).toBeUndefined();
    expect(Object.values(staging.resource.aws_backup_vault)[0].lifecycle).toEqual({ prevent_destroy: false });
    const plan = Object.values(staging.resource.aws_backup_plan)[0];
    expect(plan.lifecycle).toEqual({ prevent_destroy: false });
    expect((plan.rule as Record<string, unknown>[])[0].lifecycle).toEqual({ delete_after: 7 });
  });
});

import { BackupPlan, BackupPlanRule } from "@cdktf/provider-aws/lib/backup-plan";
import { BackupSelection } from "@cdktf/provider-aws/lib/backup-selection";
import { BackupVault } from "@cdktf/provider-aws/lib/backup-vault";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { TerraformVariable, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { ruleStack, synthFailure, violationLines } from "../fixtures";
import { violatedRules } from "./rule-results";

const ROLE = "arn:aws:iam::111122223333:role/backup";

describe("OpenedxAws-BACKUP1: backup vaults are encrypted with a customer-managed key", () => {
  it("fails without kms_key_arn", () => {
    const stack = ruleStack("OpenedxAws-BACKUP1");
    new BackupVault(stack, "vault", { name: "openedx" });
    expect(violationLines(stack)).toEqual([
      "[OpenedxAws-BACKUP1] the AWS Backup vault is not encrypted with a customer-managed KMS key at test/vault (aws_backup_vault.vault): recovery points are full copies of the databases and buckets; with a customer-managed key (kms_key_arn), whose policy is audited and can be revoked, restoring or copying them also requires kms:Decrypt on that key; set kms_key_arn to the environment's backup key, not the alias/aws/backup AWS managed key (this can only be set when the vault is created)",
    ]);
  });

  it("fails with the AWS managed backup key", () => {
    const stack = ruleStack("OpenedxAws-BACKUP1");
    new BackupVault(stack, "vault", { name: "openedx", kmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:alias/aws/backup" });
    expect(violatedRules(stack)).toEqual(["[OpenedxAws-BACKUP1]"]);
  });

  it("passes with a reference to a key of the stack or a literal customer key ARN", () => {
    const stack = ruleStack("OpenedxAws-BACKUP1");
    const key = new KmsKey(stack, "key", {});
    new BackupVault(stack, "vault", { name: "openedx", kmsKeyArn: key.arn });
    new BackupVault(stack, "copy", { name: "openedx-copy", kmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("does not apply to other resources", () => {
    const stack = ruleStack("OpenedxAws-BACKUP1");
    new BackupPlan(stack, "plan", { name: "openedx", rule: [{ ruleName: "daily", targetVaultName: "openedx" }] });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});

describe("OpenedxAws-BACKUP2: every backup plan rule sets a retention", () => {
  const rule = (ruleName: string, deleteAfter?: number): BackupPlanRule => ({
    ruleName,
    targetVaultName: "openedx",
    schedule: "cron(0 3 * * ? *)",
    ...(deleteAfter === undefined ? {} : { lifecycle: { deleteAfter } }),
  });

  it("reports each rule without lifecycle.delete_after as a finding named after the rule", () => {
    const stack = ruleStack("OpenedxAws-BACKUP2");
    new BackupPlan(stack, "plan", {
      name: "openedx",
      rule: [rule("daily", 35), rule("weekly"), { ...rule("monthly"), lifecycle: { coldStorageAfter: 30 } }],
    });
    expect(violationLines(stack)).toEqual([
      "[OpenedxAws-BACKUP2[weekly]] a rule of the AWS Backup plan keeps its recovery points forever at test/plan (aws_backup_plan.plan): without lifecycle.delete_after, recovery points pile up in cost without bound and keep learners' personal data past any retention promise; set lifecycle.delete_after on every rule (the finding names the rule_name), deliberately and long enough for the restores the rule serves",
      expect.stringMatching(/^\[OpenedxAws-BACKUP2\[monthly\]\] a rule of the AWS Backup plan keeps its recovery points forever at test\/plan /),
    ]);
  });

  it("passes when every rule sets delete_after", () => {
    const stack = ruleStack("OpenedxAws-BACKUP2");
    new BackupPlan(stack, "plan", { name: "openedx", rule: [rule("daily", 35), rule("monthly", 365)] });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("reports an unresolvable delete_after as a violation", () => {
    const stack = ruleStack("OpenedxAws-BACKUP2");
    const days = new TerraformVariable(stack, "days", { type: "number" });
    new BackupPlan(stack, "plan", { name: "openedx", rule: [{ ...rule("daily"), lifecycle: { deleteAfter: days.numberValue } }] });
    expect(synthFailure(stack)).toContain('[OpenedxAws-BACKUP2] rule threw: rule[0].lifecycle.delete_after is the Terraform expression "${var.days}"');
  });
});

describe("OpenedxAws-BACKUP3: backup selections name what they back up", () => {
  it("fails on a selection with no resources, tags or including conditions", () => {
    const stack = ruleStack("OpenedxAws-BACKUP3");
    new BackupSelection(stack, "everything", { name: "everything", planId: "plan", iamRoleArn: ROLE });
    new BackupSelection(stack, "excluding", {
      name: "excluding",
      planId: "plan",
      iamRoleArn: ROLE,
      resources: [],
      condition: [{ stringNotEquals: [{ key: "aws:ResourceTag/backup", value: "none" }] }],
    });
    expect(violationLines(stack)).toEqual([
      "[OpenedxAws-BACKUP3] the AWS Backup selection does not name what it backs up at test/everything (aws_backup_selection.everything): a selection with no resources, selection_tag or including condition makes AWS Backup select every supported resource of the account, far more than intended and at a cost; select by tag (selection_tag, or condition.string_equals on aws:ResourceTag/backup) or list resources",
      expect.stringMatching(/^\[OpenedxAws-BACKUP3\] the AWS Backup selection does not name what it backs up at test\/excluding /),
    ]);
  });

  it("passes when selecting by tag, by condition or by resources", () => {
    const stack = ruleStack("OpenedxAws-BACKUP3");
    new BackupSelection(stack, "tagged", {
      name: "tagged",
      planId: "plan",
      iamRoleArn: ROLE,
      selectionTag: [{ type: "STRINGEQUALS", key: "backup", value: "openedx" }],
    });
    new BackupSelection(stack, "condition", {
      name: "condition",
      planId: "plan",
      iamRoleArn: ROLE,
      resources: [],
      condition: [{ stringEquals: [{ key: "aws:ResourceTag/backup", value: "openedx" }] }],
    });
    new BackupSelection(stack, "listed", { name: "listed", planId: "plan", iamRoleArn: ROLE, resources: ["arn:aws:rds:eu-west-1:111122223333:db:openedx"] });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("reports an unresolvable resources list as a violation", () => {
    const stack = ruleStack("OpenedxAws-BACKUP3");
    const arns = new TerraformVariable(stack, "arns", { type: "list(string)" });
    new BackupSelection(stack, "listed", { name: "listed", planId: "plan", iamRoleArn: ROLE, resources: arns.listValue });
    expect(synthFailure(stack)).toContain('[OpenedxAws-BACKUP3] rule threw: resources is the Terraform expression "${var.arns}"');
  });
});

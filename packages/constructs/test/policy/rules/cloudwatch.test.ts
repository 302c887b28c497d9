import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { TerraformVariable, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { ruleStack, synthFailure, violationLines } from "../fixtures";

describe("OpenedxAws-LOG1: log groups are encrypted with KMS", () => {
  it("fails without kms_key_id", () => {
    const stack = ruleStack("OpenedxAws-LOG1");
    new CloudwatchLogGroup(stack, "logs", { name: "/openedx/app", retentionInDays: 30 });
    expect(violationLines(stack)).toEqual([expect.stringMatching(/^\[OpenedxAws-LOG1\] the CloudWatch log group is not encrypted with a KMS key at test\/logs \(aws_cloudwatch_log_group\.logs\): /)]);
  });

  it("passes with a key reference", () => {
    const stack = ruleStack("OpenedxAws-LOG1");
    const key = new KmsKey(stack, "key", { enableKeyRotation: true });
    new CloudwatchLogGroup(stack, "logs", { name: "/openedx/app", kmsKeyId: key.arn });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});

describe("OpenedxAws-LOG2: log groups have a retention", () => {
  it("fails without retention_in_days", () => {
    const stack = ruleStack("OpenedxAws-LOG2");
    new CloudwatchLogGroup(stack, "logs", { name: "/openedx/app" });
    expect(synthFailure(stack)).toContain("[OpenedxAws-LOG2] the CloudWatch log group keeps its logs forever at test/logs (aws_cloudwatch_log_group.logs)");
  });

  it("fails with retention_in_days 0 (never expire)", () => {
    const stack = ruleStack("OpenedxAws-LOG2");
    new CloudwatchLogGroup(stack, "logs", { name: "/openedx/app", retentionInDays: 0 });
    expect(synthFailure(stack)).toContain("[OpenedxAws-LOG2] the CloudWatch log group keeps its logs forever at test/logs");
  });

  it("passes with a retention", () => {
    const stack = ruleStack("OpenedxAws-LOG2");
    new CloudwatchLogGroup(stack, "logs", { name: "/openedx/app", retentionInDays: 90 });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("reports an unresolvable retention as a violation", () => {
    const stack = ruleStack("OpenedxAws-LOG2");
    const days = new TerraformVariable(stack, "days", { type: "number" });
    new CloudwatchLogGroup(stack, "logs", { name: "/openedx/app", retentionInDays: days.numberValue });
    expect(synthFailure(stack)).toContain('[OpenedxAws-LOG2] rule threw: retention_in_days is the Terraform expression "${var.days}"');
  });
});

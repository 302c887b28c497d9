import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { ruleStack, violationLines } from "../fixtures";

describe("OpenedxAws-SNS1: topics are encrypted with a KMS key", () => {
  it("fails without kms_master_key_id", () => {
    const stack = ruleStack("OpenedxAws-SNS1");
    new SnsTopic(stack, "alerts", { name: "alerts" });
    expect(violationLines(stack)).toEqual([
      "[OpenedxAws-SNS1] the SNS topic is not encrypted with a KMS key at test/alerts (aws_sns_topic.alerts): alert messages name resources and their failures; set kms_master_key_id to a customer-managed key whose policy lets the publishing services (CloudWatch alarms, AWS Backup) use it",
    ]);
  });

  it("passes with a key", () => {
    const stack = ruleStack("OpenedxAws-SNS1");
    new SnsTopic(stack, "alerts", { name: "alerts", kmsMasterKeyId: "arn:aws:kms:eu-west-1:123456789012:key/1" });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});

import { TerraformOutput } from "cdktf";
import { describe, expect, it } from "vitest";
import { AlertsTopic, AlertsTopicProps } from "../../src/alerts/alerts-topic";
import { KmsKey } from "../../src/encryption/kms-key";
import { AwsStack } from "../../src/stack/aws-stack";
import { policyOf, SynthesizedStack, testStack } from "../synth";

function topicStack(props: Partial<AlertsTopicProps> = {}): { stack: AwsStack; topic: AlertsTopic } {
  const stack = testStack();
  const key = new KmsKey(stack, "logs", { aliasName: "openedx/test/logs", description: "logs" });
  const topic = new AlertsTopic(stack, "alerts", {
    name: "openedx-production-alerts",
    encryptionKey: key,
    emailAddresses: ["platform-alerts@example.edu", "On-Call@Example.edu"],
    ...props,
  });
  return { stack, topic };
}

describe("AlertsTopic", () => {
  const { stack, topic } = topicStack();
  new TerraformOutput(stack, "topic_arn", { value: topic.topicArn, staticId: true });
  new TerraformOutput(stack, "topic_name", { value: topic.topicName, staticId: true });
  const synth = new SynthesizedStack(stack);
  const topicRef = synth.ref("aws_sns_topic", "alerts/Resource", "arn");

  it("creates a topic encrypted with the given key", () => {
    expect(synth.only("aws_sns_topic")).toMatchObject({
      name: "openedx-production-alerts",
      kms_master_key_id: synth.ref("aws_kms_key", "logs/Resource", "arn"),
    });
    expect(synth.only("aws_sns_topic").display_name).toBeUndefined();
  });

  it("lets CloudWatch alarms and AWS Backup of this account publish, and denies publishing without TLS", () => {
    const policy = synth.only("aws_sns_topic_policy");
    expect(policy.arn).toBe(topicRef);
    expect(policyOf(policy.policy).Statement).toEqual([
      {
        Sid: "AllowAlarmsAndBackupOfThisAccount",
        Effect: "Allow",
        Principal: { Service: ["cloudwatch.amazonaws.com", "backup.amazonaws.com"] },
        Action: "sns:Publish",
        Resource: topicRef,
        Condition: { StringEquals: { "aws:SourceAccount": "111122223333" } },
      },
      {
        Sid: "DenyPublishWithoutTls",
        Effect: "Deny",
        Principal: "*",
        Action: "sns:Publish",
        Resource: topicRef,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ]);
  });

  it("subscribes each address by e-mail, with a construct id derived from the address", () => {
    const subscriptions = synth.resources("aws_sns_topic_subscription").map(([, subscription]) => subscription);
    expect(subscriptions).toHaveLength(2);
    expect(synth.byPath("aws_sns_topic_subscription", "alerts/Email-platform-alerts@example.edu")).toMatchObject({
      topic_arn: topicRef,
      protocol: "email",
      endpoint: "platform-alerts@example.edu",
    });
    expect(synth.byPath("aws_sns_topic_subscription", "alerts/Email-on-call@example.edu")).toMatchObject({
      topic_arn: topicRef,
      protocol: "email",
      endpoint: "On-Call@Example.edu",
    });
  });

  it("keeps the other subscriptions' ids when an address is removed", () => {
    const { stack: smaller } = topicStack({ emailAddresses: ["on-call@example.edu"] });
    const names = new SynthesizedStack(smaller).resources("aws_sns_topic_subscription").map(([name]) => name);
    const before = synth.resources("aws_sns_topic_subscription").map(([name]) => name);
    expect(names).toHaveLength(1);
    expect(before).toContain(names[0]);
  });

  it("exposes the topic ARN and name", () => {
    expect(synth.json.output).toEqual({
      topic_arn: { value: topicRef },
      topic_name: { value: synth.ref("aws_sns_topic", "alerts/Resource", "name") },
    });
  });

  it("passes the OpenedxAws policy pack", () => {
    expect(() => new SynthesizedStack(topicStack().stack)).not.toThrow();
  });

  it("sets the display name when given", () => {
    const synthWithName = new SynthesizedStack(topicStack({ displayName: "Open edX production" }).stack);
    expect(synthWithName.only("aws_sns_topic").display_name).toBe("Open edX production");
  });

  it("throws when no address is given", () => {
    expect(() => topicStack({ emailAddresses: [] })).toThrow("emailAddresses must list at least one address to receive alerts (at test/alerts)");
  });

  it("throws on an address that is not an e-mail address", () => {
    expect(() => topicStack({ emailAddresses: ["alerts.example.edu"] })).toThrow(
      'emailAddresses must hold literal e-mail addresses such as "alerts@example.edu", got "alerts.example.edu" (at test/alerts)',
    );
  });

  it("throws on a repeated address, ignoring case", () => {
    expect(() => topicStack({ emailAddresses: ["a@example.edu", "A@example.edu"] })).toThrow(
      'emailAddresses must not repeat an address (compared ignoring case), got "A@example.edu" twice (at test/alerts)',
    );
  });

  it("reports every problem at once", () => {
    expect(() => topicStack({ name: "alerts.fifo", emailAddresses: ["nobody"], displayName: "" })).toThrow(
      'name must be 1-256 letters, digits, "-" or "_", got "alerts.fifo"; emailAddresses must hold literal e-mail addresses such as "alerts@example.edu", got "nobody"; displayName must be 1-100 characters, got "" (at test/alerts)',
    );
  });
});

import { describe, expect, it } from "vitest";
import { EnvironmentKeys } from "../../src/encryption/environment-keys";
import { KmsKey, KmsKeyProps } from "../../src/encryption/kms-key";
import { policyOf, SynthesizedStack, testStack } from "../synth";

function synthKey(props: Partial<KmsKeyProps> = {}): SynthesizedStack {
  const stack = testStack();
  new KmsKey(stack, "key", { aliasName: "openedx/test/data", description: "test data", ...props });
  return new SynthesizedStack(stack);
}

describe("KmsKey", () => {
  it("creates a rotating symmetric key with a 30-day deletion window and an alias", () => {
    const synth = synthKey();
    expect(synth.only("aws_kms_key")).toMatchObject({
      enable_key_rotation: true,
      rotation_period_in_days: 365,
      deletion_window_in_days: 30,
      key_usage: "ENCRYPT_DECRYPT",
      customer_master_key_spec: "SYMMETRIC_DEFAULT",
    });
    expect(synth.only("aws_kms_alias")).toEqual(
      expect.objectContaining({ name: "alias/openedx/test/data", target_key_id: synth.ref("aws_kms_key", "key/Resource", "key_id") }),
    );
  });

  it("writes an explicit key policy that delegates to the account's IAM policies", () => {
    const policy = policyOf(synthKey().only("aws_kms_key").policy);
    expect(policy.Statement).toEqual([
      { Sid: "EnableIamPoliciesOfTheAccount", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "kms:*", Resource: "*" },
    ]);
  });

  it("protects the key from destroy when asked", () => {
    expect(synthKey({ preventDestroy: true }).only("aws_kms_key").lifecycle).toEqual({ prevent_destroy: true });
  });

  it("fails on a deletion window outside 7 to 30 days", () => {
    expect(() => synthKey({ deletionWindowInDays: 3 })).toThrow("deletionWindowInDays must be a whole number of days from 7 to 30, got 3 (at test/key)");
  });

  it("fails on a rotation period outside 90 to 2560 days", () => {
    expect(() => synthKey({ rotationPeriodInDays: 30 })).toThrow("rotationPeriodInDays must be a whole number of days from 90 to 2560, got 30");
  });

  it("fails on an alias in the AWS-reserved namespace", () => {
    expect(() => synthKey({ aliasName: "aws/s3" })).toThrow('aliasName must be 1-250 letters, digits, "/", "_" or "-" and must not start with "aws/", got "aws/s3"');
  });
});

describe("EnvironmentKeys", () => {
  const stack = testStack();
  new EnvironmentKeys(stack, "keys", { environmentName: "production", preventDestroy: true });
  const synth = new SynthesizedStack(stack);

  it("creates one rotating, protected key per data domain", () => {
    const keys = synth.resources("aws_kms_key").map(([, key]) => key);
    expect(keys).toHaveLength(5);
    expect(keys.every((key) => key.enable_key_rotation === true && (key.lifecycle as Record<string, boolean>).prevent_destroy)).toBe(true);
    expect(synth.resources("aws_kms_alias").map(([, alias]) => alias.name)).toEqual([
      "alias/openedx/production/cluster-secrets",
      "alias/openedx/production/logs",
      "alias/openedx/production/databases",
      "alias/openedx/production/storage",
      "alias/openedx/production/backup",
    ]);
  });

  it("lets CloudWatch Logs, alarms and backup notifications of this account use the logs key, and only that key", () => {
    const logs = policyOf(synth.byPath("aws_kms_key", "keys/logs/Resource").policy);
    expect(logs.Statement[1]).toEqual({
      Sid: "AllowCloudWatchLogsOfThisAccount",
      Effect: "Allow",
      Principal: { Service: "logs.eu-west-1.amazonaws.com" },
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
      Resource: "*",
      Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:eu-west-1:111122223333:log-group:*" } },
    });
    expect(logs.Statement[2]).toEqual({
      Sid: "AllowAlarmAndBackupNotificationsOfThisAccount",
      Effect: "Allow",
      Principal: { Service: ["cloudwatch.amazonaws.com", "backup.amazonaws.com"] },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceAccount": "111122223333" } },
    });
    const storage = policyOf(synth.byPath("aws_kms_key", "keys/storage/Resource").policy);
    expect(storage.Statement[1]).toEqual({
      Sid: "AllowCloudFrontDistributionsOfThisAccount",
      Effect: "Allow",
      Principal: { Service: "cloudfront.amazonaws.com" },
      Action: ["kms:Decrypt"],
      Resource: "*",
      Condition: { ArnLike: { "AWS:SourceArn": "arn:aws:cloudfront::111122223333:distribution/*" } },
    });
    const databases = policyOf(synth.byPath("aws_kms_key", "keys/databases/Resource").policy);
    expect(databases.Statement).toHaveLength(1);
  });
});

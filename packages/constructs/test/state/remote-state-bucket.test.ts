import { describe, expect, it } from "vitest";
import { RemoteStateBucket } from "../../src/state/remote-state-bucket";
import { policyOf, SynthesizedStack, testStack } from "../synth";

describe("RemoteStateBucket", () => {
  const stack = testStack();
  new RemoteStateBucket(stack, "state");
  const synth = new SynthesizedStack(stack);
  const bucket = synth.ref("aws_s3_bucket", "state/Resource", "id");

  it("names the bucket for the account and region and protects it from destroy", () => {
    expect(synth.only("aws_s3_bucket")).toMatchObject({ bucket: "openedx-infra-state-111122223333-eu-west-1", lifecycle: { prevent_destroy: true } });
  });

  it("blocks every kind of public access", () => {
    expect(synth.only("aws_s3_bucket_public_access_block")).toMatchObject({
      bucket,
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  it("disables ACLs and keeps versions", () => {
    expect(synth.only("aws_s3_bucket_ownership_controls")).toMatchObject({ bucket, rule: { object_ownership: "BucketOwnerEnforced" } });
    expect(synth.only("aws_s3_bucket_versioning")).toMatchObject({ bucket, versioning_configuration: { status: "Enabled" } });
  });

  it("encrypts with its own KMS key and a bucket key", () => {
    expect(synth.only("aws_s3_bucket_server_side_encryption_configuration")).toMatchObject({
      bucket,
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: synth.ref("aws_kms_key", "state/Key/Resource", "arn") }, bucket_key_enabled: true }],
    });
    expect(synth.only("aws_kms_alias").name).toBe("alias/openedx-infra-state");
    expect(synth.only("aws_kms_key")).toMatchObject({ enable_key_rotation: true, lifecycle: { prevent_destroy: true } });
  });

  it("denies any request not made over TLS", () => {
    const arn = synth.ref("aws_s3_bucket", "state/Resource", "arn");
    expect(policyOf(synth.only("aws_s3_bucket_policy").policy).Statement).toEqual([
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [arn, `${arn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ]);
  });

  it("expires superseded state versions after 90 days", () => {
    expect(synth.only("aws_s3_bucket_lifecycle_configuration").rule).toEqual([
      expect.objectContaining({ status: "Enabled", noncurrent_version_expiration: [{ noncurrent_days: 90 }] }),
    ]);
  });

  it("fails on a retention below one day", () => {
    expect(() => new RemoteStateBucket(testStack(), "state", { noncurrentVersionRetentionDays: 0 })).toThrow(
      "noncurrentVersionRetentionDays must be a whole number of days of at least 1, got 0 (at test/state)",
    );
  });
});

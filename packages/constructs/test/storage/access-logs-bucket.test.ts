import { describe, expect, it } from "vitest";
import { SUPPRESSIONS_METADATA_TYPE } from "../../src/policy/suppressions";
import { AccessLogsBucket, AccessLogsBucketProps } from "../../src/storage/access-logs-bucket";
import { annotations } from "../policy/fixtures";
import { policyOf, SynthesizedStack } from "../synth";
import { rejection, storageFixture } from "./storage-fixture";

const NAME = "openedx-test-access-logs-111122223333";

describe("AccessLogsBucket", () => {
  const { stack } = storageFixture();
  const logs = new AccessLogsBucket(stack, "logs", { bucketName: NAME });
  const synthesized = new SynthesizedStack(stack);
  const bucketArn = synthesized.ref("aws_s3_bucket", "logs/Resource/Resource", "arn");

  it("is a versioned, private, protected bucket", () => {
    expect(synthesized.only("aws_s3_bucket")).toMatchObject({ bucket: NAME, force_destroy: false, tags: { backup: "openedx" }, lifecycle: { prevent_destroy: true } });
    expect(synthesized.only("aws_s3_bucket_versioning").versioning_configuration).toEqual({ status: "Enabled" });
    expect(synthesized.only("aws_s3_bucket_ownership_controls").rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
  });

  it("encrypts with SSE-S3, the only default encryption log delivery accepts", () => {
    expect(synthesized.only("aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } },
    ]);
    expect(logs.bucket.encryptionKey).toBeUndefined();
  });

  it("suppresses OpenedxAws-S3-2 on its bucket only, with the reason", () => {
    expect(logs.bucket.resource.node.metadata.filter((entry) => entry.type === SUPPRESSIONS_METADATA_TYPE).map((entry) => entry.data)).toEqual([
      [{ id: "OpenedxAws-S3-2", reason: "S3 server access log delivery supports only SSE-S3 destination buckets" }],
    ]);
    expect(annotations(stack, "info")).toEqual([
      expect.stringContaining("[OpenedxAws-S3-2[sse_algorithm]] suppressed at test/logs/Resource/Resource"),
      expect.stringContaining("[OpenedxAws-S3-2[kms_master_key_id]] suppressed at test/logs/Resource/Resource"),
    ]);
  });

  it("lets S3 log delivery of this account put objects, after denying requests without TLS 1.2", () => {
    expect(policyOf(synthesized.only("aws_s3_bucket_policy").policy).Statement).toEqual([
      expect.objectContaining({ Sid: "DenyInsecureTransport", Effect: "Deny" }),
      expect.objectContaining({ Sid: "DenyOutdatedTls", Effect: "Deny" }),
      {
        Sid: "AllowServerAccessLogDelivery",
        Effect: "Allow",
        Principal: { Service: "logging.s3.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `${bucketArn}/*`,
        Condition: { StringEquals: { "aws:SourceAccount": "111122223333" } },
      },
    ]);
  });

  it("expires logs after 365 days and old versions 30 days later", () => {
    expect(synthesized.only("aws_s3_bucket_lifecycle_configuration").rule).toEqual([
      {
        id: "expire-access-logs",
        status: "Enabled",
        filter: [{ prefix: "" }],
        expiration: [{ days: 365 }],
        noncurrent_version_expiration: [{ noncurrent_days: 30 }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      },
    ]);
  });

  it("does not log its own access", () => {
    expect(synthesized.resources("aws_s3_bucket_logging")).toHaveLength(0);
  });

  it("takes another expiry and protection settings", () => {
    const fixture = storageFixture();
    new AccessLogsBucket(fixture.stack, "logs", { bucketName: NAME, expirationDays: 90, preventDestroy: false, backupPlanTag: "none" });
    const custom = new SynthesizedStack(fixture.stack);
    expect(custom.only("aws_s3_bucket_lifecycle_configuration").rule).toEqual([expect.objectContaining({ expiration: [{ days: 90 }] })]);
    expect(custom.only("aws_s3_bucket")).toMatchObject({ tags: { backup: "none" } });
    expect(custom.only("aws_s3_bucket").lifecycle).toBeUndefined();
  });

  describe("rejects", () => {
    const rejected = (overrides: Partial<AccessLogsBucketProps>) =>
      rejection(() => new AccessLogsBucket(storageFixture().stack, "logs", { bucketName: NAME, ...overrides }));

    it("an expiry below one day", () => {
      expect(rejected({ expirationDays: 0 })).toBe("expirationDays must be a whole number of days of at least 1, got 0 (at test/logs)");
    });

    it("a bad name together with a bad expiry", () => {
      expect(rejected({ bucketName: "Logs", expirationDays: 7.5 })).toBe(
        [
          'bucketName must be 3-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit (dots are refused: they break TLS for virtual-hosted-style requests), got "Logs"',
          "expirationDays must be a whole number of days of at least 1, got 7.5",
        ].join("; ") + " (at test/logs)",
      );
    });
  });
});

import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { TerraformOutput } from "cdktf";
import { describe, expect, it } from "vitest";
import { policyDocument } from "../../src/iam/policy-document";
import { AccessLogsBucket } from "../../src/storage/access-logs-bucket";
import { MediaBucket, MediaBucketProps } from "../../src/storage/media-bucket";
import { policyOf, SynthesizedStack } from "../synth";
import { rejection, storageFixture } from "./storage-fixture";

const NAME = "openedx-test-media-111122223333";
const ORIGINS = ["https://courses.example.edu", "https://studio.courses.example.edu", "https://apps.courses.example.edu"];

function rejected(overrides: Partial<MediaBucketProps>): string {
  const { stack, storageKey } = storageFixture();
  return rejection(() => new MediaBucket(stack, "media", { bucketName: NAME, encryptionKey: storageKey, allowedOrigins: ORIGINS, ...overrides }));
}

describe("MediaBucket", () => {
  const { stack, storageKey } = storageFixture();
  const logs = new AccessLogsBucket(stack, "logs", { bucketName: "openedx-test-access-logs" });
  const media = new MediaBucket(stack, "media", { bucketName: NAME, encryptionKey: storageKey, allowedOrigins: ORIGINS, accessLogsBucket: logs });
  new IamPolicy(stack, "uploads", { policy: policyDocument(media.grantReadWrite()) });
  new TerraformOutput(stack, "bucket_name", { value: media.bucketName });
  new TerraformOutput(stack, "bucket_arn", { value: media.bucketArn });
  new TerraformOutput(stack, "bucket_regional_domain_name", { value: media.bucketRegionalDomainName });
  const synthesized = new SynthesizedStack(stack);
  const bucket = synthesized.byPath("aws_s3_bucket", "media/Resource/Resource");
  const bucketId = synthesized.ref("aws_s3_bucket", "media/Resource/Resource", "id");
  const bucketArn = synthesized.ref("aws_s3_bucket", "media/Resource/Resource", "arn");

  it("is a private, protected bucket tagged for AWS Backup", () => {
    expect(bucket).toMatchObject({ bucket: NAME, force_destroy: false, tags: { backup: "openedx" }, lifecycle: { prevent_destroy: true } });
    expect(synthesized.byPath("aws_s3_bucket_public_access_block", "media/Resource/PublicAccessBlock")).toMatchObject({
      bucket: bucketId,
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  it("encrypts with the storage key and a bucket key", () => {
    expect(synthesized.byPath("aws_s3_bucket_server_side_encryption_configuration", "media/Resource/Encryption").rule).toEqual([
      {
        apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: synthesized.ref("aws_kms_key", "storage/Resource", "arn") },
        bucket_key_enabled: true,
      },
    ]);
  });

  it("lets the LMS, Studio and MFE origins GET, HEAD, PUT and POST from the browser", () => {
    expect(synthesized.only("aws_s3_bucket_cors_configuration")).toMatchObject({
      bucket: bucketId,
      cors_rule: [
        {
          id: "openedx-browser-access",
          allowed_origins: ORIGINS,
          allowed_methods: ["GET", "HEAD", "PUT", "POST"],
          allowed_headers: ["*"],
          expose_headers: ["ETag"],
          max_age_seconds: 3000,
        },
      ],
    });
  });

  it("expires noncurrent versions after 90 days and aborts incomplete uploads after 7", () => {
    expect(synthesized.byPath("aws_s3_bucket_lifecycle_configuration", "media/Resource/Lifecycle").rule).toEqual([
      {
        id: "expire-noncurrent-versions",
        status: "Enabled",
        filter: [{ prefix: "" }],
        noncurrent_version_expiration: [{ noncurrent_days: 90 }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      },
    ]);
  });

  it("denies requests without TLS 1.2 and grants nothing else in its policy", () => {
    const statements = policyOf(synthesized.byPath("aws_s3_bucket_policy", "media/Resource/Policy").policy).Statement;
    expect(statements.map((statement) => [statement.Sid, statement.Effect, statement.Resource])).toEqual([
      ["DenyInsecureTransport", "Deny", [bucketArn, `${bucketArn}/*`]],
      ["DenyOutdatedTls", "Deny", [bucketArn, `${bucketArn}/*`]],
    ]);
  });

  it("logs access to the access-logs bucket", () => {
    expect(synthesized.byPath("aws_s3_bucket_logging", "media/Resource/AccessLogging")).toMatchObject({
      bucket: bucketId,
      target_bucket: synthesized.ref("aws_s3_bucket", "logs/Resource/Resource", "bucket"),
      target_prefix: `${NAME}/`,
    });
  });

  it("exposes the bucket's attributes", () => {
    expect(synthesized.json.output).toMatchObject({
      bucket_name: { value: synthesized.ref("aws_s3_bucket", "media/Resource/Resource", "bucket") },
      bucket_arn: { value: bucketArn },
      bucket_regional_domain_name: { value: synthesized.ref("aws_s3_bucket", "media/Resource/Resource", "bucket_regional_domain_name") },
    });
  });

  it("grants read-write access to objects and the key for a Pod Identity role", () => {
    const statements = policyOf(synthesized.byPath("aws_iam_policy", "test/uploads").policy).Statement;
    expect(statements.map((statement) => statement.Resource)).toEqual([`${bucketArn}/*`, bucketArn, synthesized.ref("aws_kms_key", "storage/Resource", "arn")]);
    expect(statements[0].Action).toContain("s3:PutObject");
  });

  it("takes a shorter retention, no access logging, and staging protection settings", () => {
    const fixture = storageFixture();
    new MediaBucket(fixture.stack, "media", {
      bucketName: NAME,
      encryptionKey: fixture.storageKey,
      allowedOrigins: ["https://staging.example.edu:8443"],
      noncurrentVersionRetentionDays: 14,
      preventDestroy: false,
      backupPlanTag: "staging",
    });
    const staging = new SynthesizedStack(fixture.stack);
    expect(staging.only("aws_s3_bucket").lifecycle).toBeUndefined();
    expect(staging.only("aws_s3_bucket").tags).toEqual({ backup: "staging" });
    expect(staging.only("aws_s3_bucket_lifecycle_configuration").rule).toEqual([
      expect.objectContaining({ noncurrent_version_expiration: [{ noncurrent_days: 14 }] }),
    ]);
    expect(staging.only("aws_s3_bucket_cors_configuration").cors_rule).toEqual([
      expect.objectContaining({ allowed_origins: ["https://staging.example.edu:8443"] }),
    ]);
    expect(staging.resources("aws_s3_bucket_logging")).toHaveLength(0);
  });

  describe("rejects", () => {
    const originMessage = (origin: string) =>
      `allowedOrigins must hold https:// origins: a lowercase host name with an optional port, without a path, trailing slash or wildcard (e.g. "https://courses.example.edu"), got "${origin}" (at test/media)`;

    it.each([
      ["plain HTTP", "http://courses.example.edu"],
      ["a path", "https://courses.example.edu/courses"],
      ["a trailing slash", "https://courses.example.edu/"],
      ["a wildcard", "https://*.courses.example.edu"],
      ["uppercase letters", "https://Courses.example.edu"],
      ["a query", "https://courses.example.edu?x=1"],
      ["no host name", "https://"],
      ["no scheme", "courses.example.edu"],
      ["credentials", "https://user@courses.example.edu"],
    ])("an origin with %s", (_, origin) => {
      expect(rejected({ allowedOrigins: [origin] })).toBe(originMessage(origin));
    });

    it("no origin", () => {
      expect(rejected({ allowedOrigins: [] })).toBe(
        "allowedOrigins must list at least one https:// origin (the LMS, Studio and MFE origins) (at test/media)",
      );
    });

    it("a repeated origin", () => {
      expect(rejected({ allowedOrigins: [ORIGINS[0], ORIGINS[0]] })).toBe(
        'allowedOrigins must not repeat an origin, got "https://courses.example.edu" twice (at test/media)',
      );
    });

    it("a retention below one day", () => {
      expect(rejected({ noncurrentVersionRetentionDays: 0 })).toBe(
        "noncurrentVersionRetentionDays must be a whole number of days of at least 1, got 0 (at test/media)",
      );
    });

    it("bad bucket props together with its own", () => {
      expect(rejected({ bucketName: "media.example.edu", allowedOrigins: ["http://x.example.edu"], noncurrentVersionRetentionDays: 2.5 })).toBe(
        [
          'bucketName must be 3-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit (dots are refused: they break TLS for virtual-hosted-style requests), got "media.example.edu"',
          'allowedOrigins must hold https:// origins: a lowercase host name with an optional port, without a path, trailing slash or wildcard (e.g. "https://courses.example.edu"), got "http://x.example.edu"',
          "noncurrentVersionRetentionDays must be a whole number of days of at least 1, got 2.5",
        ].join("; ") + " (at test/media)",
      );
    });
  });
});

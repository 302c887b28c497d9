import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { describe, expect, it } from "vitest";
import { policyDocument } from "../../src/iam/policy-document";
import { AccessLogsBucket } from "../../src/storage/access-logs-bucket";
import { SecureBucket, SecureBucketProps } from "../../src/storage/secure-bucket";
import { synthFailure } from "../policy/fixtures";
import { policyOf, SynthesizedStack } from "../synth";
import { rejection, storageFixture } from "./storage-fixture";

const NAME = "openedx-test-media-111122223333";

function synth(overrides: Partial<SecureBucketProps> = {}): { synthesized: SynthesizedStack; bucket: SecureBucket } {
  const { stack, storageKey } = storageFixture();
  const bucket = new SecureBucket(stack, "bucket", { bucketName: NAME, encryptionKey: storageKey, ...overrides });
  return { synthesized: new SynthesizedStack(stack), bucket };
}

function rejected(overrides: Partial<SecureBucketProps>): string {
  const { stack, storageKey } = storageFixture();
  return rejection(() => new SecureBucket(stack, "bucket", { bucketName: NAME, encryptionKey: storageKey, ...overrides }));
}

describe("SecureBucket", () => {
  const { synthesized: defaults } = synth();
  const bucketId = defaults.ref("aws_s3_bucket", "bucket/Resource", "id");
  const bucketArn = defaults.ref("aws_s3_bucket", "bucket/Resource", "arn");

  it("names the bucket, keeps it from destroy and force-destroy, and tags it for AWS Backup", () => {
    expect(defaults.only("aws_s3_bucket")).toMatchObject({
      bucket: NAME,
      force_destroy: false,
      tags: { backup: "openedx" },
      lifecycle: { prevent_destroy: true },
    });
  });

  it("blocks every kind of public access and disables ACLs", () => {
    expect(defaults.only("aws_s3_bucket_public_access_block")).toMatchObject({
      bucket: bucketId,
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(defaults.only("aws_s3_bucket_ownership_controls")).toMatchObject({ bucket: bucketId, rule: { object_ownership: "BucketOwnerEnforced" } });
  });

  it("is versioned", () => {
    expect(defaults.only("aws_s3_bucket_versioning")).toMatchObject({ bucket: bucketId, versioning_configuration: { status: "Enabled" } });
  });

  it("encrypts with SSE-KMS under the given key and a bucket key", () => {
    expect(defaults.only("aws_s3_bucket_server_side_encryption_configuration")).toMatchObject({
      bucket: bucketId,
      rule: [
        {
          apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: defaults.ref("aws_kms_key", "storage/Resource", "arn") },
          bucket_key_enabled: true,
        },
      ],
    });
  });

  it("denies requests without TLS and with TLS older than 1.2, after the public access block is in place", () => {
    const policy = defaults.only("aws_s3_bucket_policy");
    expect(policy.bucket).toBe(bucketId);
    expect(policy.depends_on).toEqual([address(defaults, "aws_s3_bucket_public_access_block", "bucket/PublicAccessBlock")]);
    expect(policyOf(policy.policy).Statement).toEqual([
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
      {
        Sid: "DenyOutdatedTls",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
      },
    ]);
  });

  it("expires noncurrent versions after 90 days and aborts incomplete uploads after 7 by default, once versioning is on", () => {
    const lifecycle = defaults.only("aws_s3_bucket_lifecycle_configuration");
    expect(lifecycle.bucket).toBe(bucketId);
    expect(lifecycle.rule).toEqual([
      {
        id: "expire-noncurrent-versions",
        status: "Enabled",
        filter: [{ prefix: "" }],
        noncurrent_version_expiration: [{ noncurrent_days: 90 }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      },
    ]);
    expect(lifecycle.depends_on).toEqual([address(defaults, "aws_s3_bucket_versioning", "bucket/Versioning")]);
  });

  it("does not log access unless given an access-logs bucket", () => {
    expect(defaults.resources("aws_s3_bucket_logging")).toHaveLength(0);
  });

  it("passes every rule of the OpenedxAws pack", () => {
    // SynthesizedStack runs validations, so reaching here means synth did not fail.
    expect(defaults.resources("aws_s3_bucket")).toHaveLength(1);
  });

  it("logs access to the access-logs bucket under <bucketName>/, partitioned by event time", () => {
    const { stack, storageKey } = storageFixture();
    const logs = new AccessLogsBucket(stack, "logs", { bucketName: "openedx-test-access-logs" });
    new SecureBucket(stack, "bucket", { bucketName: NAME, encryptionKey: storageKey, accessLogsBucket: logs });
    const synthesized = new SynthesizedStack(stack);
    expect(synthesized.only("aws_s3_bucket_logging")).toEqual(
      expect.objectContaining({
        bucket: synthesized.ref("aws_s3_bucket", "bucket/Resource", "id"),
        target_bucket: synthesized.ref("aws_s3_bucket", "logs/Resource/Resource", "bucket"),
        target_prefix: `${NAME}/`,
        target_object_key_format: { partitioned_prefix: { partition_date_source: "EventTime" } },
      }),
    );
  });

  it("renders statements added later after the TLS denials", () => {
    const { stack, storageKey } = storageFixture();
    const bucket = new SecureBucket(stack, "bucket", { bucketName: NAME, encryptionKey: storageKey });
    bucket.addToBucketPolicy({ Sid: "DenyBucketDeletion", Effect: "Deny", Principal: "*", Action: "s3:DeleteBucket", Resource: bucket.bucketArn });
    const synthesized = new SynthesizedStack(stack);
    const statements = policyOf(synthesized.only("aws_s3_bucket_policy").policy).Statement;
    expect(statements.map((statement) => statement.Sid)).toEqual(["DenyInsecureTransport", "DenyOutdatedTls", "DenyBucketDeletion"]);
    expect(statements[2]).toEqual({
      Sid: "DenyBucketDeletion",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:DeleteBucket",
      Resource: synthesized.ref("aws_s3_bucket", "bucket/Resource", "arn"),
    });
  });

  it("renders custom lifecycle rules", () => {
    const { synthesized } = synth({
      lifecycleRules: [
        {
          id: "tier-exports",
          prefix: "exports/",
          transitions: [
            { storageClass: "STANDARD_IA", days: 30 },
            { storageClass: "GLACIER", days: 90 },
          ],
          expirationDays: 400,
          noncurrentVersionExpirationDays: 10,
        },
        { id: "abort-uploads", abortIncompleteMultipartUploadDays: 2 },
      ],
    });
    expect(synthesized.only("aws_s3_bucket_lifecycle_configuration").rule).toEqual([
      {
        id: "tier-exports",
        status: "Enabled",
        filter: [{ prefix: "exports/" }],
        transition: [
          { days: 30, storage_class: "STANDARD_IA" },
          { days: 90, storage_class: "GLACIER" },
        ],
        expiration: [{ days: 400 }],
        noncurrent_version_expiration: [{ noncurrent_days: 10 }],
      },
      { id: "abort-uploads", status: "Enabled", filter: [{ prefix: "" }], abort_incomplete_multipart_upload: [{ days_after_initiation: 2 }] },
    ]);
  });

  it("can be destroyed and tagged for another backup plan when asked", () => {
    const { synthesized } = synth({ preventDestroy: false, backupPlanTag: "staging" });
    const bucket = synthesized.only("aws_s3_bucket");
    expect(bucket.lifecycle).toBeUndefined();
    expect(bucket.tags).toEqual({ backup: "staging" });
  });

  describe("grants", () => {
    const { stack, storageKey } = storageFixture();
    const bucket = new SecureBucket(stack, "bucket", { bucketName: NAME, encryptionKey: storageKey });
    new IamPolicy(stack, "read", { policy: policyDocument(bucket.grantRead()) });
    new IamPolicy(stack, "read-write", { policy: policyDocument(bucket.grantReadWrite()) });
    const synthesized = new SynthesizedStack(stack);
    const arn = synthesized.ref("aws_s3_bucket", "bucket/Resource", "arn");
    const keyArn = synthesized.ref("aws_kms_key", "storage/Resource", "arn");

    it("grantRead allows reading objects, listing the bucket and decrypting", () => {
      expect(policyOf(synthesized.byPath("aws_iam_policy", "test/read").policy).Statement).toEqual([
        { Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: `${arn}/*` },
        { Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: arn },
        { Effect: "Allow", Action: ["kms:Decrypt", "kms:DescribeKey"], Resource: keyArn },
      ]);
    });

    it("grantReadWrite allows object reads, writes, deletes and multipart uploads, listing, and the key", () => {
      expect(policyOf(synthesized.byPath("aws_iam_policy", "test/read-write").policy).Statement).toEqual([
        {
          Effect: "Allow",
          Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
          Resource: `${arn}/*`,
        },
        { Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"], Resource: arn },
        {
          Effect: "Allow",
          Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
          Resource: keyArn,
        },
      ]);
    });
  });

  describe('with encryption "s3-managed"', () => {
    it("encrypts with SSE-S3, without a key, and grants no KMS actions", () => {
      const { stack } = storageFixture();
      const bucket = new SecureBucket(stack, "bucket", { bucketName: NAME, encryption: "s3-managed" });
      expect(bucket.encryptionKey).toBeUndefined();
      expect(JSON.stringify(bucket.grantReadWrite())).not.toContain("kms:");
      const json = stack.toTerraform() as { resource: Record<string, Record<string, Record<string, unknown>>> };
      expect(Object.values(json.resource.aws_s3_bucket_server_side_encryption_configuration)[0].rule).toEqual([
        { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } },
      ]);
    });

    it("fails the OpenedxAws-S3-2 rule at synth unless suppressed", () => {
      const { stack } = storageFixture();
      new SecureBucket(stack, "bucket", { bucketName: NAME, encryption: "s3-managed" });
      expect(synthFailure(stack)).toContain("[OpenedxAws-S3-2[sse_algorithm]]");
    });
  });

  describe("rejects", () => {
    it.each([
      ["uppercase letters", "OpenedX-media"],
      ["dots", "media.courses.example.edu"],
      ["fewer than 3 characters", "ab"],
      ["more than 63 characters", "a".repeat(64)],
      ["a leading hyphen", "-media"],
      ["a trailing hyphen", "media-"],
      ["underscores", "openedx_media"],
    ])("a bucket name with %s", (_, bucketName) => {
      expect(rejected({ bucketName })).toBe(
        `bucketName must be 3-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit (dots are refused: they break TLS for virtual-hosted-style requests), got "${bucketName}" (at test/bucket)`,
      );
    });

    it.each(["xn--media", "sthree-media", "amzn-s3-demo-media", "media-s3alias", "media--ol-s3", "media--x-s3", "media--table-s3"])(
      "the reserved bucket name %s",
      (bucketName) => {
        expect(rejected({ bucketName })).toBe(
          `bucketName must not start with "xn--", "sthree-", "amzn-s3-demo-" or end with "-s3alias", "--ol-s3", "--x-s3", "--table-s3", which S3 reserves, got "${bucketName}" (at test/bucket)`,
        );
      },
    );

    it("SSE-KMS without a key", () => {
      expect(rejected({ encryptionKey: undefined })).toBe('encryptionKey must be given when encryption is "kms" (the default) (at test/bucket)');
    });

    it("a key with SSE-S3", () => {
      expect(rejected({ encryption: "s3-managed" })).toBe(
        'encryptionKey must not be given when encryption is "s3-managed", which uses a key AWS owns (at test/bucket)',
      );
    });

    it("a backup tag AWS does not accept", () => {
      expect(rejected({ backupPlanTag: "plan#1" })).toBe('backupPlanTag must be 1-256 letters, digits, spaces or "_.:/=+-@", got "plan#1" (at test/bucket)');
    });

    it("lifecycle rules S3 would refuse, all at once", () => {
      expect(
        rejected({
          lifecycleRules: [
            { id: "a", noncurrentVersionExpirationDays: 0 },
            { id: "a", abortIncompleteMultipartUploadDays: 1.5 },
            { id: "", expirationDays: 10 },
            { id: "empty" },
            {
              id: "tiers",
              transitions: [
                { storageClass: "GLACIER", days: 60 },
                { storageClass: "STANDARD_IA", days: 20 },
              ],
              expirationDays: 15,
            },
          ],
        }),
      ).toBe(
        [
          "lifecycleRules[0].noncurrentVersionExpirationDays must be a whole number of days of at least 1, got 0",
          'lifecycleRules[1].id must be unique within the bucket, got "a" twice',
          "lifecycleRules[1].abortIncompleteMultipartUploadDays must be a whole number of days of at least 1, got 1.5",
          'lifecycleRules[2].id must be 1-255 characters, got ""',
          'lifecycleRules[3] ("empty") must have at least one action: a transition, an expiration or an abort of incomplete uploads',
          "lifecycleRules[4].transitions[1].days must be at least 30 for STANDARD_IA, as S3 requires, got 20",
          "lifecycleRules[4].transitions must be in strictly increasing days, got 60 then 20",
          "lifecycleRules[4].expirationDays must be later than the last transition (day 20), got 15",
        ].join("; ") + " (at test/bucket)",
      );
    });

    it("every problem at once", () => {
      expect(rejected({ bucketName: "Media", encryptionKey: undefined, backupPlanTag: "" })).toBe(
        [
          'bucketName must be 3-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit (dots are refused: they break TLS for virtual-hosted-style requests), got "Media"',
          'encryptionKey must be given when encryption is "kms" (the default)',
          'backupPlanTag must be 1-256 letters, digits, spaces or "_.:/=+-@", got ""',
        ].join("; ") + " (at test/bucket)",
      );
    });
  });
});

/** The Terraform address (`type.name`) of the resource at a construct path, as `depends_on` lists it. */
function address(synthesized: SynthesizedStack, type: string, pathSuffix: string): string {
  return synthesized.ref(type, pathSuffix, "id").slice("${".length, -".id}".length);
}

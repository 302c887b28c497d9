import { describe, expect, it } from "vitest";
import { BackupsBucket, BackupsBucketProps } from "../../src/storage/backups-bucket";
import { SynthesizedStack } from "../synth";
import { rejection, storageFixture } from "./storage-fixture";

const NAME = "openedx-test-backups-111122223333";

function synth(overrides: Partial<BackupsBucketProps> = {}): SynthesizedStack {
  const { stack, backupKey } = storageFixture();
  new BackupsBucket(stack, "backups", { bucketName: NAME, encryptionKey: backupKey, ...overrides });
  return new SynthesizedStack(stack);
}

function rejected(overrides: Partial<BackupsBucketProps>): string {
  const { stack, backupKey } = storageFixture();
  return rejection(() => new BackupsBucket(stack, "backups", { bucketName: NAME, encryptionKey: backupKey, ...overrides }));
}

describe("BackupsBucket", () => {
  const defaults = synth();

  it("is a versioned, protected bucket tagged for AWS Backup", () => {
    expect(defaults.only("aws_s3_bucket")).toMatchObject({ bucket: NAME, force_destroy: false, tags: { backup: "openedx" }, lifecycle: { prevent_destroy: true } });
    expect(defaults.only("aws_s3_bucket_versioning").versioning_configuration).toEqual({ status: "Enabled" });
  });

  it("encrypts dumps with the backup key", () => {
    expect(defaults.only("aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([
      {
        apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: defaults.ref("aws_kms_key", "backup/Resource", "arn") },
        bucket_key_enabled: true,
      },
    ]);
  });

  it("moves dumps to Glacier IR after 30 days and Deep Archive after 180, and expires them after 365", () => {
    expect(defaults.only("aws_s3_bucket_lifecycle_configuration").rule).toEqual([
      {
        id: "archive-and-expire-dumps",
        status: "Enabled",
        filter: [{ prefix: "" }],
        transition: [
          { days: 30, storage_class: "GLACIER_IR" },
          { days: 180, storage_class: "DEEP_ARCHIVE" },
        ],
        expiration: [{ days: 365 }],
        noncurrent_version_expiration: [{ noncurrent_days: 30 }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      },
    ]);
  });

  it("takes another schedule", () => {
    const custom = synth({ transitionAfterDays: 7, deepArchiveAfterDays: 90, expirationDays: 730, preventDestroy: false });
    const rule = custom.only("aws_s3_bucket_lifecycle_configuration").rule as Record<string, unknown>[];
    expect(rule[0].transition).toEqual([
      { days: 7, storage_class: "GLACIER_IR" },
      { days: 90, storage_class: "DEEP_ARCHIVE" },
    ]);
    expect(rule[0].expiration).toEqual([{ days: 730 }]);
    expect(custom.only("aws_s3_bucket").lifecycle).toBeUndefined();
  });

  it("has no access logging unless asked", () => {
    expect(defaults.resources("aws_s3_bucket_logging")).toHaveLength(0);
  });

  describe("rejects", () => {
    const order = (a: number, b: number, c: number) =>
      `the dump lifecycle must run transitionAfterDays < deepArchiveAfterDays < expirationDays, got ${a}, ${b} and ${c} (at test/backups)`;

    it("a Deep Archive transition before the Glacier IR one", () => {
      expect(rejected({ transitionAfterDays: 200 })).toBe(order(200, 180, 365));
    });

    it("an expiry before Deep Archive", () => {
      expect(rejected({ expirationDays: 90 })).toBe(order(30, 180, 90));
    });

    it("equal days", () => {
      expect(rejected({ transitionAfterDays: 180 })).toBe(order(180, 180, 365));
    });

    it("days that are not whole numbers of at least 1, each named", () => {
      expect(rejected({ transitionAfterDays: 0, deepArchiveAfterDays: 1.5, expirationDays: -1 })).toBe(
        [
          "transitionAfterDays must be a whole number of days of at least 1, got 0",
          "deepArchiveAfterDays must be a whole number of days of at least 1, got 1.5",
          "expirationDays must be a whole number of days of at least 1, got -1",
        ].join("; ") + " (at test/backups)",
      );
    });

    it("a bad name together with a bad schedule", () => {
      expect(rejected({ bucketName: "xn--backups", expirationDays: 100 })).toBe(
        [
          'bucketName must not start with "xn--", "sthree-", "amzn-s3-demo-" or end with "-s3alias", "--ol-s3", "--x-s3", "--table-s3", which S3 reserves, got "xn--backups"',
          "the dump lifecycle must run transitionAfterDays < deepArchiveAfterDays < expirationDays, got 30, 180 and 100",
        ].join("; ") + " (at test/backups)",
      );
    });
  });
});

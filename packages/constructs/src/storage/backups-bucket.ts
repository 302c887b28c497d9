import { Token } from "cdktf";
import { Construct } from "constructs";
import { ValidationError } from "../config/validation-error";
import { KmsKey } from "../encryption/kms-key";
import { PolicyStatement } from "../iam/policy-document";
import type { AccessLogsBucket } from "./access-logs-bucket";
import { SecureBucket, secureBucketProblems, SecureBucketProps } from "./secure-bucket";

/** Props of a {@link BackupsBucket}. */
export interface BackupsBucketProps {
  /** The bucket name; see {@link SecureBucketProps.bucketName} for the rules. */
  readonly bucketName: string;
  /** The customer-managed key of SSE-KMS (the environment's `backup` key). */
  readonly encryptionKey: KmsKey;
  /**
   * Where S3 delivers the server access logs of this bucket.
   * @default - no server access logging
   */
  readonly accessLogsBucket?: AccessLogsBucket;
  /**
   * Days after which a dump moves to S3 Glacier Instant Retrieval (millisecond reads, billed for at
   * least 90 days). Earlier than `deepArchiveAfterDays`.
   * @default 30
   */
  readonly transitionAfterDays?: number;
  /**
   * Days after which a dump moves to S3 Glacier Deep Archive (restores take up to 12 hours, billed
   * for at least 180 days). Earlier than `expirationDays`.
   * @default 180
   */
  readonly deepArchiveAfterDays?: number;
  /**
   * Days after which a dump expires. It is kept 30 more days as a noncurrent version, then deleted.
   * @default 365
   */
  readonly expirationDays?: number;
  /**
   * Refuse `terraform destroy` of the bucket.
   * @default true
   */
  readonly preventDestroy?: boolean;
  /**
   * Value of the `backup` tag by which AWS Backup selects the bucket.
   * @default "openedx"
   */
  readonly backupPlanTag?: string;
}

/**
 * The bucket of logical dumps (`mysqldump`, `mongodump`) taken next to the AWS Backup snapshots,
 * for restores into another engine version or environment.
 *
 * A {@link SecureBucket} (private, SSE-KMS, versioned, TLS 1.2+ only) whose lifecycle moves dumps
 * to Glacier Instant Retrieval after `transitionAfterDays`, to Deep Archive after
 * `deepArchiveAfterDays`, and expires them after `expirationDays`; noncurrent versions are deleted
 * 30 days later and incomplete multipart uploads are aborted after 7 days.
 *
 * S3 Object Lock (write-once retention against deletion by a compromised writer) is not turned on:
 * it can only be enabled on an empty bucket and, in compliance mode, can never be shortened. It is
 * the next step once the retention period is settled.
 *
 * Construct ids are API: `Resource` (the {@link SecureBucket}).
 *
 * @resource aws_s3_bucket
 * @stateful
 */
export class BackupsBucket extends Construct {
  /** The bucket name, as a reference to the bucket: where the logical dumps go. @attribute */
  readonly bucketName: string;
  /** The bucket ARN; objects are `<bucketArn>/<key>` in IAM and bucket policies. @attribute */
  readonly bucketArn: string;
  /** `<bucket>.s3.<region>.amazonaws.com`, for clients that must not use the global endpoint. @attribute */
  readonly bucketRegionalDomainName: string;
  /** The underlying bucket. */
  readonly bucket: SecureBucket;

  constructor(scope: Construct, id: string, props: BackupsBucketProps) {
    super(scope, id);
    const transitionAfterDays = props.transitionAfterDays ?? 30;
    const deepArchiveAfterDays = props.deepArchiveAfterDays ?? 180;
    const expirationDays = props.expirationDays ?? 365;
    const bucketProps: SecureBucketProps = {
      bucketName: props.bucketName,
      encryptionKey: props.encryptionKey,
      accessLogsBucket: props.accessLogsBucket,
      preventDestroy: props.preventDestroy,
      backupPlanTag: props.backupPlanTag,
    };
    const problems = [
      ...secureBucketProblems(bucketProps),
      ...scheduleProblems({ transitionAfterDays, deepArchiveAfterDays, expirationDays }),
    ];
    if (problems.length > 0) {
      throw new ValidationError(problems.join("; "), this);
    }

    this.bucket = new SecureBucket(this, "Resource", {
      ...bucketProps,
      lifecycleRules: [
        {
          id: "archive-and-expire-dumps",
          transitions: [
            { storageClass: "GLACIER_IR", days: transitionAfterDays },
            { storageClass: "DEEP_ARCHIVE", days: deepArchiveAfterDays },
          ],
          expirationDays,
          noncurrentVersionExpirationDays: 30,
          abortIncompleteMultipartUploadDays: 7,
        },
      ],
    });
    this.bucketName = this.bucket.bucketName;
    this.bucketArn = this.bucket.bucketArn;
    this.bucketRegionalDomainName = this.bucket.bucketRegionalDomainName;
  }

  /** Adds a statement to the bucket policy. */
  addToBucketPolicy(statement: PolicyStatement): void {
    this.bucket.addToBucketPolicy(statement);
  }

  /** IAM statements to read dumps and list the bucket (restores); see {@link SecureBucket.grantRead}. */
  grantRead(): PolicyStatement[] {
    return this.bucket.grantRead();
  }

  /** IAM statements to write, read and delete dumps (the dump job); see {@link SecureBucket.grantReadWrite}. */
  grantReadWrite(): PolicyStatement[] {
    return this.bucket.grantReadWrite();
  }
}

type Schedule = Readonly<Record<"transitionAfterDays" | "deepArchiveAfterDays" | "expirationDays", number>>;

function scheduleProblems(schedule: Schedule): string[] {
  const problems: string[] = [];
  const entries = Object.entries(schedule) as [keyof Schedule, number][];
  for (const [name, days] of entries) {
    if (!Token.isUnresolved(days) && (!Number.isInteger(days) || days < 1)) {
      problems.push(`${name} must be a whole number of days of at least 1, got ${days}`);
    }
  }
  if (problems.length > 0 || entries.some(([, days]) => Token.isUnresolved(days))) {
    return problems;
  }
  const { transitionAfterDays, deepArchiveAfterDays, expirationDays } = schedule;
  if (!(transitionAfterDays < deepArchiveAfterDays && deepArchiveAfterDays < expirationDays)) {
    problems.push(
      `the dump lifecycle must run transitionAfterDays < deepArchiveAfterDays < expirationDays, got ${transitionAfterDays}, ${deepArchiveAfterDays} and ${expirationDays}`,
    );
  }
  return problems;
}

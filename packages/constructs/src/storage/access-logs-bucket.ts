import { Token } from "cdktf";
import { Construct } from "constructs";
import { ValidationError } from "../config/validation-error";
import { PolicyStatement } from "../iam/policy-document";
import { suppressRules } from "../policy/suppressions";
import { AwsStack } from "../stack/aws-stack";
import { SecureBucket, secureBucketProblems, SecureBucketProps } from "./secure-bucket";

/** The service principal that delivers S3 server access logs. */
export const S3_LOG_DELIVERY_PRINCIPAL = "logging.s3.amazonaws.com";

/** Props of an {@link AccessLogsBucket}. */
export interface AccessLogsBucketProps {
  /** The bucket name; see {@link SecureBucketProps.bucketName} for the rules. */
  readonly bucketName: string;
  /**
   * Days after which a log object expires. It is kept 30 more days as a noncurrent version, then
   * deleted.
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
 * The destination of the S3 server access logs of the environment's other buckets (pass it as
 * their `accessLogsBucket`); each source bucket writes under `<its name>/`.
 *
 * A {@link SecureBucket} (private, versioned, TLS 1.2+ only) with two differences that log
 * delivery requires:
 * - it is encrypted with SSE-S3 (AES-256), not SSE-KMS: S3 delivers server access logs only to
 *   destinations whose default encryption is SSE-S3. The policy rule `OpenedxAws-S3-2` is
 *   suppressed on this bucket alone, with that reason recorded in the synth output;
 * - its policy lets `logging.s3.amazonaws.com` put objects, for source buckets of this account
 *   only (`aws:SourceAccount`).
 *
 * It does not log its own access (that would loop) and has no Object Lock, which log delivery
 * does not support. Log objects expire after `expirationDays`.
 *
 * Construct ids are API: `Resource` (the {@link SecureBucket}).
 *
 * @resource aws_s3_bucket
 * @stateful
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
 */
export class AccessLogsBucket extends Construct {
  /** The bucket name, as a reference to the bucket: the `target_bucket` of other buckets' server access logging. @attribute */
  readonly bucketName: string;
  /** The bucket ARN; objects are `<bucketArn>/<key>` in IAM and bucket policies. @attribute */
  readonly bucketArn: string;
  /** `<bucket>.s3.<region>.amazonaws.com`, for clients that must not use the global endpoint. @attribute */
  readonly bucketRegionalDomainName: string;
  /** The underlying bucket. */
  readonly bucket: SecureBucket;

  constructor(scope: Construct, id: string, props: AccessLogsBucketProps) {
    super(scope, id);
    const stack = AwsStack.of(this);
    const expirationDays = props.expirationDays ?? 365;
    const bucketProps: SecureBucketProps = {
      bucketName: props.bucketName,
      encryption: "s3-managed",
      preventDestroy: props.preventDestroy,
      backupPlanTag: props.backupPlanTag,
    };
    const problems = secureBucketProblems(bucketProps);
    if (!Token.isUnresolved(expirationDays) && (!Number.isInteger(expirationDays) || expirationDays < 1)) {
      problems.push(`expirationDays must be a whole number of days of at least 1, got ${expirationDays}`);
    }
    if (problems.length > 0) {
      throw new ValidationError(problems.join("; "), this);
    }

    this.bucket = new SecureBucket(this, "Resource", {
      ...bucketProps,
      lifecycleRules: [
        { id: "expire-access-logs", expirationDays, noncurrentVersionExpirationDays: 30, abortIncompleteMultipartUploadDays: 7 },
      ],
    });
    suppressRules(this.bucket.resource, [
      { id: "OpenedxAws-S3-2", reason: "S3 server access log delivery supports only SSE-S3 destination buckets" },
    ]);
    this.bucket.addToBucketPolicy({
      Sid: "AllowServerAccessLogDelivery",
      Effect: "Allow",
      Principal: { Service: S3_LOG_DELIVERY_PRINCIPAL },
      Action: "s3:PutObject",
      Resource: `${this.bucket.bucketArn}/*`,
      Condition: { StringEquals: { "aws:SourceAccount": stack.accountId } },
    });
    this.bucketName = this.bucket.bucketName;
    this.bucketArn = this.bucket.bucketArn;
    this.bucketRegionalDomainName = this.bucket.bucketRegionalDomainName;
  }

  /** IAM statements to read the logs and list the bucket (log analysis); see {@link SecureBucket.grantRead}. */
  grantRead(): PolicyStatement[] {
    return this.bucket.grantRead();
  }
}

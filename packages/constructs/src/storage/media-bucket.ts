import { S3BucketCorsConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-cors-configuration";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { ValidationError } from "../config/validation-error";
import { KmsKey } from "../encryption/kms-key";
import { PolicyStatement } from "../iam/policy-document";
import type { AccessLogsBucket } from "./access-logs-bucket";
import { SecureBucket, secureBucketProblems, SecureBucketProps } from "./secure-bucket";

/** The methods browsers may use on the media bucket: downloads, and direct uploads with presigned URLs or POST forms. */
export const MEDIA_CORS_METHODS = ["GET", "HEAD", "PUT", "POST"] as const;

/** Props of a {@link MediaBucket}. */
export interface MediaBucketProps {
  /** The bucket name; see {@link SecureBucketProps.bucketName} for the rules. */
  readonly bucketName: string;
  /** The customer-managed key of SSE-KMS (the environment's `storage` key). */
  readonly encryptionKey: KmsKey;
  /**
   * Origins whose pages may call the bucket from the browser: the LMS, Studio and MFE origins,
   * e.g. `https://courses.example.edu`, `https://studio.courses.example.edu` and
   * `https://apps.courses.example.edu`. Each is `https://` and a lowercase host name with an
   * optional port, without a path, a trailing slash or a wildcard. At least one.
   */
  readonly allowedOrigins: readonly string[];
  /**
   * Where S3 delivers the server access logs of this bucket.
   * @default - no server access logging
   */
  readonly accessLogsBucket?: AccessLogsBucket;
  /**
   * Days an overwritten or deleted upload is kept as a noncurrent version before it is deleted,
   * so an accidental deletion can be undone.
   * @default 90
   */
  readonly noncurrentVersionRetentionDays?: number;
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
 * The bucket of Open edX media: Studio course assets, user uploads (ORA2 files, profile images,
 * grade reports) and course import/export archives, served to browsers through presigned URLs.
 *
 * A {@link SecureBucket} (private, SSE-KMS, versioned, TLS 1.2+ only) with a CORS rule that lets
 * the LMS, Studio and MFE origins GET, HEAD, PUT and POST (any request header, `ETag` exposed for
 * multipart uploads, preflight cached 3000 s). Noncurrent versions expire after
 * `noncurrentVersionRetentionDays` and incomplete multipart uploads are aborted after 7 days.
 *
 * Construct ids are API: `Resource` (the {@link SecureBucket}) and `Cors`.
 *
 * @resource aws_s3_bucket
 * @stateful
 */
export class MediaBucket extends Construct {
  /** The bucket name, as a reference to the bucket: where Open edX's media and uploads (Tutor's S3 bucket setting) go. @attribute */
  readonly bucketName: string;
  /** The bucket ARN; objects are `<bucketArn>/<key>` in IAM and bucket policies. @attribute */
  readonly bucketArn: string;
  /** `<bucket>.s3.<region>.amazonaws.com`, for clients that must not use the global endpoint. @attribute */
  readonly bucketRegionalDomainName: string;
  /** The underlying bucket. */
  readonly bucket: SecureBucket;

  constructor(scope: Construct, id: string, props: MediaBucketProps) {
    super(scope, id);
    const retentionDays = props.noncurrentVersionRetentionDays ?? 90;
    const bucketProps: SecureBucketProps = {
      bucketName: props.bucketName,
      encryptionKey: props.encryptionKey,
      accessLogsBucket: props.accessLogsBucket,
      preventDestroy: props.preventDestroy,
      backupPlanTag: props.backupPlanTag,
    };
    const problems = [...secureBucketProblems(bucketProps), ...originProblems(props.allowedOrigins)];
    if (!Token.isUnresolved(retentionDays) && (!Number.isInteger(retentionDays) || retentionDays < 1)) {
      problems.push(`noncurrentVersionRetentionDays must be a whole number of days of at least 1, got ${retentionDays}`);
    }
    if (problems.length > 0) {
      throw new ValidationError(problems.join("; "), this);
    }

    this.bucket = new SecureBucket(this, "Resource", {
      ...bucketProps,
      lifecycleRules: [{ id: "expire-noncurrent-versions", noncurrentVersionExpirationDays: retentionDays, abortIncompleteMultipartUploadDays: 7 }],
    });
    this.bucketName = this.bucket.bucketName;
    this.bucketArn = this.bucket.bucketArn;
    this.bucketRegionalDomainName = this.bucket.bucketRegionalDomainName;

    new S3BucketCorsConfiguration(this, "Cors", {
      bucket: this.bucket.resource.id,
      corsRule: [
        {
          id: "openedx-browser-access",
          allowedOrigins: [...props.allowedOrigins],
          allowedMethods: [...MEDIA_CORS_METHODS],
          allowedHeaders: ["*"],
          exposeHeaders: ["ETag"],
          maxAgeSeconds: 3000,
        },
      ],
    });
  }

  /** Adds a statement to the bucket policy. */
  addToBucketPolicy(statement: PolicyStatement): void {
    this.bucket.addToBucketPolicy(statement);
  }

  /** IAM statements to read objects and list the bucket; see {@link SecureBucket.grantRead}. */
  grantRead(): PolicyStatement[] {
    return this.bucket.grantRead();
  }

  /** IAM statements to read, write and delete objects; see {@link SecureBucket.grantReadWrite}. */
  grantReadWrite(): PolicyStatement[] {
    return this.bucket.grantReadWrite();
  }
}

function originProblems(origins: readonly string[]): string[] {
  if (origins.length === 0) {
    return ["allowedOrigins must list at least one https:// origin (the LMS, Studio and MFE origins)"];
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const origin of origins) {
    if (Token.isUnresolved(origin)) {
      continue;
    }
    if (!isHttpsOrigin(origin)) {
      problems.push(
        `allowedOrigins must hold https:// origins: a lowercase host name with an optional port, without a path, trailing slash or wildcard (e.g. "https://courses.example.edu"), got "${origin}"`,
      );
    } else if (seen.has(origin)) {
      problems.push(`allowedOrigins must not repeat an origin, got "${origin}" twice`);
    }
    seen.add(origin);
  }
  return problems;
}

function isHttpsOrigin(origin: string): boolean {
  if (origin.includes("*")) {
    return false;
  }
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  // URL.origin drops any path, query or credentials and lowercases the host, so only a bare,
  // lowercase origin survives the comparison.
  return url.protocol === "https:" && url.hostname.includes(".") && url.origin === origin;
}

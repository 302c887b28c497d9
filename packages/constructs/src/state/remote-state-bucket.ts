import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct } from "constructs";
import { ValidationError } from "../config/validation-error";
import { KmsKey } from "../encryption/kms-key";
import { policyDocument } from "../iam/policy-document";
import { AwsStack } from "../stack/aws-stack";
import { STATE_KEY_ALIAS, stateBucketName } from "./state-naming";

/** Props of a {@link RemoteStateBucket}. */
export interface RemoteStateBucketProps {
  /**
   * Days a superseded state version is kept, so a damaged state can be rolled back.
   * @default 90
   */
  readonly noncurrentVersionRetentionDays?: number;
}

/**
 * The S3 bucket and KMS key that hold the Terraform state of every environment of one account and
 * region: versioned, SSE-KMS with a bucket key, public access blocked, ACLs disabled
 * (BucketOwnerEnforced), a policy that denies any request not made over TLS, and both bucket and
 * key protected from `terraform destroy`. Named by {@link stateBucketName} and
 * {@link STATE_KEY_ALIAS}, which every environment's S3 backend uses by default.
 *
 * @resource aws_s3_bucket
 * @stateful
 */
export class RemoteStateBucket extends Construct {
  /** The state bucket's name, as a reference; environments' S3 backends default to it. @attribute */
  readonly bucketName: string;
  /** The state bucket's ARN, for the IAM policies of whoever runs Terraform (CI's role). @attribute */
  readonly bucketArn: string;
  /** The key that encrypts state objects. */
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: RemoteStateBucketProps = {}) {
    super(scope, id);
    const stack = AwsStack.of(this);
    const retentionDays = props.noncurrentVersionRetentionDays ?? 90;
    if (!Number.isInteger(retentionDays) || retentionDays < 1) {
      throw new ValidationError(`noncurrentVersionRetentionDays must be a whole number of days of at least 1, got ${retentionDays}`, this);
    }
    this.key = new KmsKey(this, "Key", {
      aliasName: STATE_KEY_ALIAS.replace(/^alias\//, ""),
      description: "Terraform state of openedx-infra",
      preventDestroy: true,
    });
    const bucket = new S3Bucket(this, "Resource", {
      bucket: stateBucketName(stack.accountId, stack.region),
      lifecycle: { preventDestroy: true },
    });
    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    new S3BucketPublicAccessBlock(this, "PublicAccessBlock", {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "OwnershipControls", {
      bucket: bucket.id,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    new S3BucketVersioningA(this, "Versioning", {
      bucket: bucket.id,
      versioningConfiguration: { status: "Enabled" },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "Encryption", {
      bucket: bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: this.key.keyArn }, bucketKeyEnabled: true }],
    });
    new S3BucketLifecycleConfiguration(this, "Lifecycle", {
      bucket: bucket.id,
      rule: [
        {
          id: "expire-superseded-state-versions",
          status: "Enabled",
          filter: [{ prefix: "" }],
          noncurrentVersionExpiration: [{ noncurrentDays: retentionDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });
    new S3BucketPolicy(this, "Policy", {
      bucket: bucket.id,
      policy: policyDocument([
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [bucket.arn, `${bucket.arn}/*`],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ]),
    });
  }
}

import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration, S3BucketLifecycleConfigurationRule } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Lazy, Token } from "cdktf";
import { Construct } from "constructs";
import { ValidationError } from "../config/validation-error";
import { KmsKey } from "../encryption/kms-key";
import { policyDocument, PolicyStatement } from "../iam/policy-document";
import type { AccessLogsBucket } from "./access-logs-bucket";

/**
 * Default encryption of a bucket's objects:
 * - `kms`: SSE-KMS with a customer-managed key and an S3 bucket key, so reading an object also
 *   needs `kms:Decrypt`, which is granted, audited and revocable;
 * - `s3-managed`: SSE-S3 (AES-256) with a key AWS owns. Only for destinations of S3 server access
 *   logs, which S3 cannot deliver to an SSE-KMS bucket; the policy rule `OpenedxAws-S3-2` rejects
 *   it unless suppressed with a reason.
 */
export type BucketEncryption = "kms" | "s3-managed";

/** Storage classes a lifecycle rule can move current objects to. */
export type BucketStorageClass = "STANDARD_IA" | "ONEZONE_IA" | "INTELLIGENT_TIERING" | "GLACIER_IR" | "GLACIER" | "DEEP_ARCHIVE";

/** Classes S3 refuses to transition objects to before they are 30 days old. */
const THIRTY_DAY_MINIMUM_CLASSES: readonly BucketStorageClass[] = ["STANDARD_IA", "ONEZONE_IA"];

/** Moves current objects to another storage class some days after they were created. */
export interface BucketTransition {
  /** The storage class objects move to, e.g. `STANDARD_IA` for rarely read dumps. */
  readonly storageClass: BucketStorageClass;
  /** Days after creation, a whole number of at least 1 (at least 30 for the `_IA` classes). */
  readonly days: number;
}

/** One rule of a bucket's lifecycle configuration. */
export interface BucketLifecycleRule {
  /** The rule id, 1-255 characters and unique within the bucket, e.g. `expire-noncurrent-versions`. */
  readonly id: string;
  /**
   * Key prefix the rule applies to.
   * @default - every object of the bucket
   */
  readonly prefix?: string;
  /**
   * Transitions of current objects, in increasing days.
   * @default - objects stay in S3 Standard
   */
  readonly transitions?: readonly BucketTransition[];
  /**
   * Days after creation a current object expires; in a versioned bucket it becomes a noncurrent
   * version, deleted by `noncurrentVersionExpirationDays`. Later than every transition.
   * @default - current objects never expire
   */
  readonly expirationDays?: number;
  /**
   * Days after an object became noncurrent (overwritten or deleted) its old version is deleted.
   * @default - noncurrent versions are kept forever
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Days after an incomplete multipart upload started its parts are deleted.
   * @default - incomplete uploads are kept (and billed) forever
   */
  readonly abortIncompleteMultipartUploadDays?: number;
}

/** Props of a {@link SecureBucket}. */
export interface SecureBucketProps {
  /**
   * The bucket name: 3-63 lowercase letters, digits and hyphens, starting and ending with a letter
   * or digit, without the prefixes and suffixes S3 reserves. Dots, which S3 allows, are refused:
   * they break the TLS certificate of virtual-hosted-style requests, and the bucket accepts TLS only.
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
   */
  readonly bucketName: string;
  /**
   * How objects are encrypted by default; see {@link BucketEncryption}.
   * @default "kms"
   */
  readonly encryption?: BucketEncryption;
  /**
   * The customer-managed key of SSE-KMS. Required with `encryption: "kms"`, refused with
   * `"s3-managed"`.
   * @default - no key, which only `encryption: "s3-managed"` accepts
   */
  readonly encryptionKey?: KmsKey;
  /**
   * Where S3 delivers the server access logs of this bucket, under the prefix `<bucketName>/`.
   * @default - no server access logging
   */
  readonly accessLogsBucket?: AccessLogsBucket;
  /**
   * The lifecycle configuration. Versioning is always on, so give noncurrent versions an expiry.
   * @default - noncurrent versions expire after 90 days and incomplete multipart uploads are
   * aborted after 7 days
   */
  readonly lifecycleRules?: readonly BucketLifecycleRule[];
  /**
   * Refuse `terraform destroy` of the bucket (`lifecycle.prevent_destroy`).
   * @default true
   */
  readonly preventDestroy?: boolean;
  /**
   * Value of the bucket's `backup` tag, by which an AWS Backup plan selects the buckets it
   * protects. Letters, digits, spaces and `_.:/=+-@`, 1-256 characters.
   * @default "openedx"
   */
  readonly backupPlanTag?: string;
}

/**
 * A private S3 bucket with every guardrail on:
 * - all four public access blocks, and ACLs disabled (`BucketOwnerEnforced`);
 * - default encryption with SSE-KMS and a bucket key (or SSE-S3 for access-log destinations);
 * - versioning, with the lifecycle configuration from the props;
 * - a bucket policy that denies requests made without TLS or with TLS older than 1.2, to which
 *   more statements can be added ({@link SecureBucket.addToBucketPolicy}); it is rendered at synth;
 * - optional server access logging to an {@link AccessLogsBucket};
 * - `force_destroy` off, `prevent_destroy` on by default, and a `backup` tag for AWS Backup.
 *
 * Construct ids are API (changing one replaces the resource): `Resource` (the bucket),
 * `PublicAccessBlock`, `OwnershipControls`, `Versioning`, `Encryption`, `Policy`, `Lifecycle` and
 * `AccessLogging`.
 *
 * @resource aws_s3_bucket
 * @stateful
 */
export class SecureBucket extends Construct {
  /** The bucket name, as a reference to the bucket. @attribute */
  readonly bucketName: string;
  /** The bucket ARN; objects are `<bucketArn>/<key>` in IAM and bucket policies. @attribute */
  readonly bucketArn: string;
  /** `<bucket>.s3.<region>.amazonaws.com`, for clients that must not use the global endpoint. @attribute */
  readonly bucketRegionalDomainName: string;
  /** The key of SSE-KMS, unless the bucket uses SSE-S3. */
  readonly encryptionKey?: KmsKey;
  /** The bucket resource. */
  readonly resource: S3Bucket;

  private readonly statements: PolicyStatement[];

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const problems = secureBucketProblems(props);
    if (problems.length > 0) {
      throw new ValidationError(problems.join("; "), this);
    }
    this.encryptionKey = props.encryptionKey;

    this.resource = new S3Bucket(this, "Resource", {
      bucket: props.bucketName,
      forceDestroy: false,
      tags: { backup: props.backupPlanTag ?? "openedx" },
      lifecycle: (props.preventDestroy ?? true) ? { preventDestroy: true } : undefined,
    });
    this.bucketName = this.resource.bucket;
    this.bucketArn = this.resource.arn;
    this.bucketRegionalDomainName = this.resource.bucketRegionalDomainName;

    const publicAccessBlock = new S3BucketPublicAccessBlock(this, "PublicAccessBlock", {
      bucket: this.resource.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "OwnershipControls", {
      bucket: this.resource.id,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    const versioning = new S3BucketVersioningA(this, "Versioning", {
      bucket: this.resource.id,
      versioningConfiguration: { status: "Enabled" },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "Encryption", {
      bucket: this.resource.id,
      rule: [
        props.encryptionKey
          ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.encryptionKey.keyArn }, bucketKeyEnabled: true }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
      ],
    });

    const objects = `${this.bucketArn}/*`;
    this.statements = [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [this.bucketArn, objects],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
      {
        Sid: "DenyOutdatedTls",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [this.bucketArn, objects],
        Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
      },
    ];
    new S3BucketPolicy(this, "Policy", {
      bucket: this.resource.id,
      policy: Lazy.stringValue({ produce: () => policyDocument(this.statements) }),
      // S3 refuses concurrent changes to a bucket's access settings (OperationAborted).
      dependsOn: [publicAccessBlock],
    });

    new S3BucketLifecycleConfiguration(this, "Lifecycle", {
      bucket: this.resource.id,
      rule: (props.lifecycleRules ?? DEFAULT_LIFECYCLE_RULES).map(lifecycleRule),
      // Noncurrent-version rules only act once versioning is on.
      dependsOn: [versioning],
    });

    if (props.accessLogsBucket) {
      new S3BucketLoggingA(this, "AccessLogging", {
        bucket: this.resource.id,
        targetBucket: props.accessLogsBucket.bucketName,
        targetPrefix: `${props.bucketName}/`,
        // Date-partitioned keys let lifecycle rules and Athena queries work on whole days.
        targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
      });
    }
  }

  /** Adds a statement to the bucket policy, rendered at synth after the TLS denials. */
  addToBucketPolicy(statement: PolicyStatement): void {
    this.statements.push(statement);
  }

  /**
   * IAM statements (for a Pod Identity role, for example) that allow reading objects and listing
   * the bucket, and decrypting with its key.
   */
  grantRead(): PolicyStatement[] {
    return [
      { Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: `${this.bucketArn}/*` },
      { Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: this.bucketArn },
      ...(this.encryptionKey ? [{ Effect: "Allow" as const, Action: ["kms:Decrypt", "kms:DescribeKey"], Resource: this.encryptionKey.keyArn }] : []),
    ];
  }

  /**
   * IAM statements that allow reading, writing and deleting objects (multipart uploads included),
   * listing the bucket, and encrypting and decrypting with its key. No ACL actions: ACLs are
   * disabled, so clients such as django-storages must not send one (`AWS_DEFAULT_ACL = None`).
   */
  grantReadWrite(): PolicyStatement[] {
    return [
      {
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
        Resource: `${this.bucketArn}/*`,
      },
      { Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"], Resource: this.bucketArn },
      ...(this.encryptionKey ? [this.encryptionKey.encryptDecryptStatement()] : []),
    ];
  }
}

const DEFAULT_LIFECYCLE_RULES: readonly BucketLifecycleRule[] = [
  { id: "expire-noncurrent-versions", noncurrentVersionExpirationDays: 90, abortIncompleteMultipartUploadDays: 7 },
];

function lifecycleRule(rule: BucketLifecycleRule): S3BucketLifecycleConfigurationRule {
  return {
    id: rule.id,
    status: "Enabled",
    filter: [{ prefix: rule.prefix ?? "" }],
    ...(rule.transitions?.length ? { transition: rule.transitions.map((t) => ({ days: t.days, storageClass: t.storageClass })) } : {}),
    ...(rule.expirationDays !== undefined ? { expiration: [{ days: rule.expirationDays }] } : {}),
    ...(rule.noncurrentVersionExpirationDays !== undefined ? { noncurrentVersionExpiration: [{ noncurrentDays: rule.noncurrentVersionExpirationDays }] } : {}),
    ...(rule.abortIncompleteMultipartUploadDays !== undefined
      ? { abortIncompleteMultipartUpload: [{ daysAfterInitiation: rule.abortIncompleteMultipartUploadDays }] }
      : {}),
  };
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
const RESERVED_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
const RESERVED_SUFFIXES = ["-s3alias", "--ol-s3", "--x-s3", "--table-s3"];
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$/u;

/** The problem with a bucket name, if any; tokens are not checked. */
export function bucketNameProblem(bucketName: string): string | undefined {
  if (Token.isUnresolved(bucketName)) {
    return undefined;
  }
  if (!BUCKET_NAME.test(bucketName)) {
    return `bucketName must be 3-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit (dots are refused: they break TLS for virtual-hosted-style requests), got "${bucketName}"`;
  }
  const prefix = RESERVED_PREFIXES.find((reserved) => bucketName.startsWith(reserved));
  const suffix = RESERVED_SUFFIXES.find((reserved) => bucketName.endsWith(reserved));
  if (prefix !== undefined || suffix !== undefined) {
    return `bucketName must not start with ${RESERVED_PREFIXES.map((p) => `"${p}"`).join(", ")} or end with ${RESERVED_SUFFIXES.map((s) => `"${s}"`).join(", ")}, which S3 reserves, got "${bucketName}"`;
  }
  return undefined;
}

/**
 * Every problem with the props of a {@link SecureBucket}, for constructs that wrap one and report
 * their own problems together with the bucket's.
 */
export function secureBucketProblems(props: SecureBucketProps): string[] {
  const problems: string[] = [];
  const nameProblem = bucketNameProblem(props.bucketName);
  if (nameProblem) {
    problems.push(nameProblem);
  }
  const encryption = props.encryption ?? "kms";
  if (encryption === "kms" && props.encryptionKey === undefined) {
    problems.push('encryptionKey must be given when encryption is "kms" (the default)');
  } else if (encryption === "s3-managed" && props.encryptionKey !== undefined) {
    problems.push('encryptionKey must not be given when encryption is "s3-managed", which uses a key AWS owns');
  } else if (encryption !== "kms" && encryption !== "s3-managed") {
    problems.push(`encryption must be "kms" or "s3-managed", got "${String(encryption)}"`);
  }
  const tag = props.backupPlanTag;
  if (tag !== undefined && !Token.isUnresolved(tag) && !TAG_VALUE.test(tag)) {
    problems.push(`backupPlanTag must be 1-256 letters, digits, spaces or "_.:/=+-@", got "${tag}"`);
  }
  if (props.lifecycleRules !== undefined) {
    problems.push(...lifecycleProblems(props.lifecycleRules));
  }
  return problems;
}

function lifecycleProblems(rules: readonly BucketLifecycleRule[]): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  rules.forEach((rule, index) => {
    const where = `lifecycleRules[${index}]`;
    if (rule.id.length < 1 || rule.id.length > 255) {
      problems.push(`${where}.id must be 1-255 characters, got "${rule.id}"`);
    } else if (ids.has(rule.id)) {
      problems.push(`${where}.id must be unique within the bucket, got "${rule.id}" twice`);
    }
    ids.add(rule.id);
    const days: [string, number | undefined][] = [
      ["expirationDays", rule.expirationDays],
      ["noncurrentVersionExpirationDays", rule.noncurrentVersionExpirationDays],
      ["abortIncompleteMultipartUploadDays", rule.abortIncompleteMultipartUploadDays],
      ...(rule.transitions ?? []).map((transition, t): [string, number] => [`transitions[${t}].days`, transition.days]),
    ];
    for (const [field, value] of days) {
      if (value !== undefined && !isWholeDays(value)) {
        problems.push(`${where}.${field} must be a whole number of days of at least 1, got ${value}`);
      }
    }
    if (days.every(([, value]) => value === undefined)) {
      problems.push(`${where} ("${rule.id}") must have at least one action: a transition, an expiration or an abort of incomplete uploads`);
    }
    const transitions = rule.transitions ?? [];
    transitions.forEach((transition, t) => {
      if (THIRTY_DAY_MINIMUM_CLASSES.includes(transition.storageClass) && areKnown(transition.days) && isWholeDays(transition.days) && transition.days < 30) {
        problems.push(`${where}.transitions[${t}].days must be at least 30 for ${transition.storageClass}, as S3 requires, got ${transition.days}`);
      }
      const previous = transitions[t - 1];
      if (previous && areKnown(previous.days, transition.days) && transition.days <= previous.days) {
        problems.push(`${where}.transitions must be in strictly increasing days, got ${previous.days} then ${transition.days}`);
      }
    });
    const lastTransition = transitions[transitions.length - 1];
    if (rule.expirationDays !== undefined && lastTransition && areKnown(rule.expirationDays, lastTransition.days) && rule.expirationDays <= lastTransition.days) {
      problems.push(`${where}.expirationDays must be later than the last transition (day ${lastTransition.days}), got ${rule.expirationDays}`);
    }
  });
  return problems;
}

function areKnown(...values: number[]): boolean {
  return values.every((value) => !Token.isUnresolved(value));
}

function isWholeDays(value: number): boolean {
  return Token.isUnresolved(value) || (Number.isInteger(value) && value >= 1);
}

import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey as KmsKeyResource } from "@cdktf/provider-aws/lib/kms-key";
import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { ValidationError } from "../config/validation-error";
import { policyDocument, PolicyStatement } from "../iam/policy-document";
import { AwsStack } from "../stack/aws-stack";

/** Actions a service needs to encrypt and decrypt data under a key. */
export const KMS_ENCRYPT_DECRYPT_ACTIONS = [
  "kms:Encrypt",
  "kms:Decrypt",
  "kms:ReEncrypt*",
  "kms:GenerateDataKey*",
  "kms:DescribeKey",
] as const;

/** Props of a {@link KmsKey}. */
export interface KmsKeyProps {
  /** Alias name without the `alias/` prefix, e.g. `openedx/production/logs`. */
  readonly aliasName: string;
  /** What the key protects, shown in the console. */
  readonly description: string;
  /**
   * Waiting period before a scheduled deletion takes effect, 7 to 30 days.
   * @default 30
   */
  readonly deletionWindowInDays?: number;
  /**
   * Days between automatic rotations of the key material, 90 to 2560.
   * @default 365
   */
  readonly rotationPeriodInDays?: number;
  /**
   * Refuse `terraform destroy` of the key (`lifecycle.prevent_destroy`): everything encrypted
   * under it becomes unreadable once it is deleted.
   * @default false
   */
  readonly preventDestroy?: boolean;
  /**
   * The AWS provider (region) the key lives in, e.g. a `us-east-1` alias for CloudFront and WAF logs.
   * @default - the stack's default provider
   */
  readonly provider?: AwsProvider;
}

/**
 * A customer-managed, symmetric KMS key with automatic rotation and an explicit key policy.
 *
 * The policy always lets the account's IAM policies grant use of the key (without that statement
 * a key can lock its own account out); services that act as themselves (CloudWatch Logs, for
 * example) are added with {@link KmsKey.addToKeyPolicy} and rendered at synth.
 *
 * @resource aws_kms_key
 * @stateful
 */
export class KmsKey extends Construct {
  /** The key ARN, for resources and IAM policies. */
  readonly keyArn: string;
  /** The key id. */
  readonly keyId: string;
  /** `alias/<aliasName>`. */
  readonly aliasName: string;
  /** The alias ARN, which IAM and the S3 backend accept where a key ARN is expected. */
  readonly aliasArn: string;
  /** The key resource. */
  readonly resource: KmsKeyResource;

  private readonly statements: PolicyStatement[];

  constructor(scope: Construct, id: string, props: KmsKeyProps) {
    super(scope, id);
    const stack = AwsStack.of(this);
    const deletionWindowInDays = props.deletionWindowInDays ?? 30;
    if (deletionWindowInDays < 7 || deletionWindowInDays > 30 || !Number.isInteger(deletionWindowInDays)) {
      throw new ValidationError(`deletionWindowInDays must be a whole number of days from 7 to 30, got ${deletionWindowInDays}`, this);
    }
    const rotationPeriodInDays = props.rotationPeriodInDays ?? 365;
    if (rotationPeriodInDays < 90 || rotationPeriodInDays > 2560 || !Number.isInteger(rotationPeriodInDays)) {
      throw new ValidationError(`rotationPeriodInDays must be a whole number of days from 90 to 2560, got ${rotationPeriodInDays}`, this);
    }
    if (!/^[a-zA-Z0-9/_-]{1,250}$/.test(props.aliasName) || props.aliasName.startsWith("aws/")) {
      throw new ValidationError(
        `aliasName must be 1-250 letters, digits, "/", "_" or "-" and must not start with "aws/", got "${props.aliasName}"`,
        this,
      );
    }
    this.statements = [
      {
        Sid: "EnableIamPoliciesOfTheAccount",
        Effect: "Allow",
        Principal: { AWS: stack.formatArn("iam", "root") },
        Action: "kms:*",
        Resource: "*",
      },
    ];
    this.resource = new KmsKeyResource(this, "Resource", {
      description: props.description,
      enableKeyRotation: true,
      rotationPeriodInDays,
      deletionWindowInDays,
      keyUsage: "ENCRYPT_DECRYPT",
      customerMasterKeySpec: "SYMMETRIC_DEFAULT",
      policy: Lazy.stringValue({ produce: () => policyDocument(this.statements) }),
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
      provider: props.provider,
    });
    this.keyArn = this.resource.arn;
    this.keyId = this.resource.keyId;
    this.aliasName = `alias/${props.aliasName}`;
    new KmsAlias(this, "Alias", { name: this.aliasName, targetKeyId: this.resource.keyId, provider: props.provider });
    const region = props.provider?.region ?? stack.region;
    this.aliasArn = `arn:aws:kms:${region}:${stack.accountId}:${this.aliasName}`;
  }

  /** Adds a statement to the key policy (e.g. a service principal that writes encrypted data). */
  addToKeyPolicy(statement: PolicyStatement): void {
    this.statements.push(statement);
  }

  /** An IAM policy statement that lets its holder encrypt and decrypt with this key. */
  encryptDecryptStatement(): PolicyStatement {
    return { Effect: "Allow", Action: [...KMS_ENCRYPT_DECRYPT_ACTIONS], Resource: this.keyArn };
  }
}

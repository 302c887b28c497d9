import { Construct } from "constructs";
import { AwsStack } from "../stack/aws-stack";
import { KMS_ENCRYPT_DECRYPT_ACTIONS, KmsKey } from "./kms-key";

/** The data domains that each get their own key, so a key policy or a deletion touches one domain only. */
export type KeyDomain = "clusterSecrets" | "logs" | "databases" | "storage" | "backup";

/** Props of {@link EnvironmentKeys}. */
export interface EnvironmentKeysProps {
  /** Environment name, used in aliases: `alias/openedx/<environmentName>/<domain>`. */
  readonly environmentName: string;
  /**
   * Refuse `terraform destroy` of every key.
   * @default false
   */
  readonly preventDestroy?: boolean;
  /**
   * Waiting period before a scheduled key deletion takes effect.
   * @default 30
   */
  readonly deletionWindowInDays?: number;
}

const DESCRIPTIONS: Record<KeyDomain, string> = {
  clusterSecrets: "EKS envelope encryption of Kubernetes secrets",
  logs: "CloudWatch Logs: VPC flow logs, EKS control-plane logs and service logs",
  databases: "MySQL, DocumentDB, ElastiCache, OpenSearch and their Secrets Manager credentials",
  storage: "S3 buckets and EBS volumes",
  backup: "AWS Backup vaults and logical dumps",
};

const ALIAS_SUFFIXES: Record<KeyDomain, string> = {
  clusterSecrets: "cluster-secrets",
  logs: "logs",
  databases: "databases",
  storage: "storage",
  backup: "backup",
};

/**
 * One customer-managed KMS key per data domain of an environment: cluster secrets, logs,
 * databases, storage and backup. The logs key also lets CloudWatch Logs use it for the log groups
 * of this account and region (scoped by the encryption context), and CloudWatch alarms and AWS
 * Backup publish to the alerts topic it encrypts, as those services act as themselves rather than
 * as the caller.
 */
export class EnvironmentKeys extends Construct {
  /**
   * Envelope encryption of Kubernetes secrets (the EKS cluster's `encryption_config`), and the
   * Secrets Manager secrets handed to Open edX pods: origin-verification header and SES SMTP
   * credentials.
   */
  readonly clusterSecrets: KmsKey;
  /**
   * CloudWatch Logs (flow, control-plane and service log groups) and the alerts topic; its policy
   * admits CloudWatch Logs, CloudWatch alarms and AWS Backup of this account.
   */
  readonly logs: KmsKey;
  /** MySQL, DocumentDB, ElastiCache and OpenSearch at rest, and their Secrets Manager credentials. */
  readonly databases: KmsKey;
  /**
   * The media bucket, the EBS volumes of persistent volume claims, the ECR repository and the
   * bastion's disk; its policy lets this account's CloudFront distributions decrypt, so the media
   * CDN can serve SSE-KMS objects.
   */
  readonly storage: KmsKey;
  /** AWS Backup vaults and the logical dumps in the backups bucket. */
  readonly backup: KmsKey;

  constructor(scope: Construct, id: string, props: EnvironmentKeysProps) {
    super(scope, id);
    const stack = AwsStack.of(this);
    const key = (domain: KeyDomain) =>
      new KmsKey(this, domain, {
        aliasName: `openedx/${props.environmentName}/${ALIAS_SUFFIXES[domain]}`,
        description: `Open edX ${props.environmentName}: ${DESCRIPTIONS[domain]}`,
        preventDestroy: props.preventDestroy,
        deletionWindowInDays: props.deletionWindowInDays,
      });
    this.clusterSecrets = key("clusterSecrets");
    this.logs = key("logs");
    this.databases = key("databases");
    this.storage = key("storage");
    this.backup = key("backup");
    this.logs.addToKeyPolicy({
      Sid: "AllowCloudWatchLogsOfThisAccount",
      Effect: "Allow",
      Principal: { Service: `logs.${stack.region}.amazonaws.com` },
      Action: [...KMS_ENCRYPT_DECRYPT_ACTIONS],
      Resource: "*",
      Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": stack.formatArn("logs", "log-group:*") } },
    });
    // The alerts topic is encrypted with the logs key; CloudWatch alarms and AWS Backup publish to
    // it as themselves, so they need the key too, and only on behalf of this account.
    this.logs.addToKeyPolicy({
      Sid: "AllowAlarmAndBackupNotificationsOfThisAccount",
      Effect: "Allow",
      Principal: { Service: ["cloudwatch.amazonaws.com", "backup.amazonaws.com"] },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceAccount": stack.accountId } },
    });
    // The media CDN reads SSE-KMS objects through Origin Access Control, as CloudFront itself.
    // The keys stack deploys before the distributions exist, so the key admits this account's
    // distributions and the media bucket's policy names the one distribution.
    this.storage.addToKeyPolicy({
      Sid: "AllowCloudFrontDistributionsOfThisAccount",
      Effect: "Allow",
      Principal: { Service: "cloudfront.amazonaws.com" },
      Action: ["kms:Decrypt"],
      Resource: "*",
      Condition: { ArnLike: { "AWS:SourceArn": `arn:aws:cloudfront::${stack.accountId}:distribution/*` } },
    });
  }

  /** Every key, by domain. */
  get all(): Readonly<Record<KeyDomain, KmsKey>> {
    return { clusterSecrets: this.clusterSecrets, logs: this.logs, databases: this.databases, storage: this.storage, backup: this.backup };
  }
}

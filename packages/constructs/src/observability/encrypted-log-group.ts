import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Construct } from "constructs";
import { LOG_RETENTION_DAYS } from "../config/aws-regions";
import { ValidationError } from "../config/validation-error";
import { KmsKey } from "../encryption/kms-key";

/** Props of an {@link EncryptedLogGroup}. */
export interface EncryptedLogGroupProps {
  /** The log group name, e.g. `/aws/rds/instance/openedx-production/error`. */
  readonly name: string;
  /** Key that encrypts the group; its policy must let CloudWatch Logs of the region use it. */
  readonly key: KmsKey;
  /**
   * Retention in days, one of the periods CloudWatch Logs accepts.
   * @default 365
   */
  readonly retentionDays?: number;
  /**
   * The AWS provider (region) of the log group, e.g. a `us-east-1` alias for WAF logs.
   * @default - the stack's default provider
   */
  readonly provider?: AwsProvider;
}

/**
 * A CloudWatch log group encrypted with a customer-managed key and bound by a retention period.
 * AWS services (EKS, RDS, DocumentDB) create their log group on first write, unencrypted and kept
 * forever, unless it already exists: create it here first and make the service depend on it.
 *
 * @resource aws_cloudwatch_log_group
 */
export class EncryptedLogGroup extends Construct {
  /** The log group name, as a reference: what a service is told to publish to (depending on it orders after the group). @attribute */
  readonly logGroupName: string;
  /** The log group ARN (without the trailing `:*`), for IAM policies and log resource policies. @attribute */
  readonly logGroupArn: string;
  /** The log group resource, for `dependsOn`. */
  readonly resource: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: EncryptedLogGroupProps) {
    super(scope, id);
    const retentionDays = props.retentionDays ?? 365;
    if (!(LOG_RETENTION_DAYS as readonly number[]).includes(retentionDays)) {
      throw new ValidationError(`retentionDays must be a CloudWatch Logs retention period (${LOG_RETENTION_DAYS.join(", ")}), got ${retentionDays}`, this);
    }
    this.resource = new CloudwatchLogGroup(this, "Resource", {
      name: props.name,
      retentionInDays: retentionDays,
      kmsKeyId: props.key.keyArn,
      provider: props.provider,
    });
    this.logGroupName = this.resource.name;
    this.logGroupArn = this.resource.arn;
  }
}

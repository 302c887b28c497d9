import { CloudwatchLogDelivery } from "@cdktf/provider-aws/lib/cloudwatch-log-delivery";
import { CloudwatchLogDeliveryDestination } from "@cdktf/provider-aws/lib/cloudwatch-log-delivery-destination";
import { CloudwatchLogDeliverySource } from "@cdktf/provider-aws/lib/cloudwatch-log-delivery-source";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";
import { KmsKey } from "../../encryption/kms-key";
import { EncryptedLogGroup } from "../../observability/encrypted-log-group";
import { logDeliveryPolicy } from "./log-delivery-policy";

/**
 * The access-log fields delivered: every standard-log field but `cs(Cookie)`, which carries the
 * Django session and the JWT cookies of every signed-in learner and would make the log group a store
 * of live credentials.
 */
export const ACCESS_LOG_RECORD_FIELDS: readonly string[] = [
  "date",
  "time",
  "x-edge-location",
  "asn",
  "c-country",
  "c-ip",
  "c-port",
  "x-forwarded-for",
  "cs-method",
  "cs(Host)",
  "x-host-header",
  "cs-uri-stem",
  "cs-uri-query",
  "cs-protocol",
  "cs-protocol-version",
  "cs-bytes",
  "cs(Referer)",
  "cs(User-Agent)",
  "sc-status",
  "sc-bytes",
  "sc-content-type",
  "sc-content-len",
  "sc-range-start",
  "sc-range-end",
  "ssl-protocol",
  "ssl-cipher",
  "x-edge-result-type",
  "x-edge-response-result-type",
  "x-edge-detailed-result-type",
  "x-edge-request-id",
  "time-taken",
  "time-to-first-byte",
  "cache-behavior-path-pattern",
];

/** Props of an {@link AccessLogDelivery}. */
export interface AccessLogDeliveryProps {
  /** Name of the delivery source and destination (with `-access-logs`) and of the log group's last segment. */
  readonly name: string;
  /** The distribution whose access logs are delivered. */
  readonly distributionArn: string;
  /** The us-east-1 key of the log group. */
  readonly logsKey: KmsKey;
  /** The us-east-1 provider: CloudFront's delivery sources exist only there. */
  readonly provider: AwsProvider;
  readonly retentionDays: number;
}

/**
 * CloudFront standard logging (v2): access logs delivered by CloudWatch vended logs into an
 * encrypted log group of us-east-1, in JSON, without cookies. Legacy standard logging writes to a
 * bucket through ACLs, which every bucket of the project disables (BucketOwnerEnforced).
 *
 * Construct ids: `LogGroup`, `DeliveryPolicy`, `Source`, `Destination`, `Resource` (the delivery).
 */
export class AccessLogDelivery extends Construct {
  readonly logGroup: EncryptedLogGroup;

  constructor(scope: Construct, id: string, props: AccessLogDeliveryProps) {
    super(scope, id);
    const deliveryName = `${props.name}-access-logs`;
    this.logGroup = new EncryptedLogGroup(this, "LogGroup", {
      name: `/aws/vendedlogs/cloudfront/${props.name}`,
      key: props.logsKey,
      retentionDays: props.retentionDays,
      provider: props.provider,
    });
    const policy = logDeliveryPolicy(this, "DeliveryPolicy", {
      policyName: deliveryName,
      logGroupName: `/aws/vendedlogs/cloudfront/${props.name}`,
      provider: props.provider,
    });
    const source = new CloudwatchLogDeliverySource(this, "Source", {
      name: deliveryName,
      logType: "ACCESS_LOGS",
      resourceArn: props.distributionArn,
      provider: props.provider,
    });
    const destination = new CloudwatchLogDeliveryDestination(this, "Destination", {
      name: deliveryName,
      outputFormat: "json",
      deliveryDestinationConfiguration: [{ destinationResourceArn: this.logGroup.logGroupArn }],
      provider: props.provider,
    });
    new CloudwatchLogDelivery(this, "Resource", {
      deliverySourceName: source.name,
      deliveryDestinationArn: destination.arn,
      recordFields: [...ACCESS_LOG_RECORD_FIELDS],
      provider: props.provider,
      // With the policy in place first, log delivery finds it and writes no policy of its own.
      dependsOn: [policy, this.logGroup.resource],
    });
  }
}

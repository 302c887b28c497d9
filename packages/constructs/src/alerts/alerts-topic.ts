import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { ValidationError } from "../config/validation-error";
import { KmsKey } from "../encryption/kms-key";
import { policyDocument } from "../iam/policy-document";
import { AwsStack } from "../stack/aws-stack";

/** The AWS services that publish an environment's alerts: CloudWatch alarms and AWS Backup job notifications. */
export const ALERT_PUBLISHER_SERVICES = ["cloudwatch.amazonaws.com", "backup.amazonaws.com"] as const;

/** Props of an {@link AlertsTopic}. */
export interface AlertsTopicProps {
  /** The topic name: 1-256 letters, digits, `-` or `_`, e.g. `openedx-production-alerts`. */
  readonly name: string;
  /**
   * Key that encrypts the messages at rest. CloudWatch and AWS Backup publish as themselves, so its
   * key policy must let `cloudwatch.amazonaws.com` and `backup.amazonaws.com` use it for this
   * account (the `logs` key of `EnvironmentKeys` does); otherwise their messages are dropped.
   */
  readonly encryptionKey: KmsKey;
  /**
   * Addresses that receive every alert by e-mail, at least one. Each recipient must confirm the
   * subscription from the message AWS sends before alerts are delivered.
   */
  readonly emailAddresses: readonly string[];
  /**
   * The sender name shown in e-mail alerts.
   * @default - the topic name
   */
  readonly displayName?: string;
}

/**
 * The SNS topic an environment's alarms and backup jobs report to, with e-mail subscriptions.
 *
 * - Messages are encrypted with a customer-managed key.
 * - The topic policy lets CloudWatch alarms and AWS Backup of this account publish (checked with
 *   `aws:SourceAccount`, so another account's alarms cannot use the topic), and denies any publish
 *   made without TLS. Principals of the account still publish through their IAM policies.
 *
 * Construct ids are API (changing one replaces the resource): `Resource` (the topic), `Policy`,
 * and `Email-<address in lower case>` per subscription, so adding or removing an address leaves
 * the other subscriptions (and their confirmations) in place.
 *
 * @resource aws_sns_topic
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html
 */
export class AlertsTopic extends Construct {
  /** The topic ARN, for `alarm_actions`, `ok_actions` and backup vault notifications. @attribute */
  readonly topicArn: string;
  /** The topic name, as the SNS console and `aws sns` commands show it. @attribute */
  readonly topicName: string;
  /** The topic resource. */
  readonly resource: SnsTopic;

  constructor(scope: Construct, id: string, props: AlertsTopicProps) {
    super(scope, id);
    validateProps(this, props);
    const stack = AwsStack.of(this);

    this.resource = new SnsTopic(this, "Resource", {
      name: props.name,
      displayName: props.displayName,
      kmsMasterKeyId: props.encryptionKey.keyArn,
    });
    this.topicArn = this.resource.arn;
    this.topicName = this.resource.name;

    new SnsTopicPolicy(this, "Policy", {
      arn: this.resource.arn,
      policy: policyDocument([
        {
          Sid: "AllowAlarmsAndBackupOfThisAccount",
          Effect: "Allow",
          Principal: { Service: [...ALERT_PUBLISHER_SERVICES] },
          Action: "sns:Publish",
          Resource: this.resource.arn,
          Condition: { StringEquals: { "aws:SourceAccount": stack.accountId } },
        },
        {
          Sid: "DenyPublishWithoutTls",
          Effect: "Deny",
          Principal: "*",
          Action: "sns:Publish",
          Resource: this.resource.arn,
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ]),
    });

    for (const address of props.emailAddresses) {
      new SnsTopicSubscription(this, `Email-${address.toLowerCase()}`, {
        topicArn: this.resource.arn,
        protocol: "email",
        endpoint: address,
      });
    }
  }
}

const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;
const EMAIL_ADDRESS = /^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/;

function validateProps(scope: Construct, props: AlertsTopicProps): void {
  const problems: string[] = [];
  if (!Token.isUnresolved(props.name) && !TOPIC_NAME.test(props.name)) {
    problems.push(`name must be 1-256 letters, digits, "-" or "_", got "${props.name}"`);
  }
  if (props.emailAddresses.length === 0) {
    problems.push("emailAddresses must list at least one address to receive alerts");
  }
  const seen = new Set<string>();
  for (const address of props.emailAddresses) {
    // Each address names its subscription's construct id, which must be known at synth.
    if (Token.isUnresolved(address) || !EMAIL_ADDRESS.test(address)) {
      problems.push(`emailAddresses must hold literal e-mail addresses such as "alerts@example.edu", got "${address}"`);
    } else if (seen.has(address.toLowerCase())) {
      problems.push(`emailAddresses must not repeat an address (compared ignoring case), got "${address}" twice`);
    }
    seen.add(address.toLowerCase());
  }
  if (props.displayName !== undefined && !Token.isUnresolved(props.displayName) && (props.displayName.length === 0 || props.displayName.length > 100)) {
    problems.push(`displayName must be 1-100 characters, got "${props.displayName}"`);
  }
  if (problems.length > 0) {
    throw new ValidationError(problems.join("; "), scope);
  }
}

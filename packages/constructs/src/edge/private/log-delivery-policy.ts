import { CloudwatchLogResourcePolicy } from "@cdktf/provider-aws/lib/cloudwatch-log-resource-policy";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";
import { policyDocument } from "../../iam/policy-document";
import { AwsStack } from "../../stack/aws-stack";
import { CLOUDFRONT_REGION } from "./cloudfront-region";

/** The service that writes vended logs (WAF, CloudFront) into log groups. */
export const LOG_DELIVERY_SERVICE = "delivery.logs.amazonaws.com";

/** Props of {@link logDeliveryPolicy}. */
export interface LogDeliveryPolicyProps {
  /** The name of the resource policy, unique in the account and region. */
  readonly policyName: string;
  /** The log group, in us-east-1, the policy lets log delivery write to. */
  readonly logGroupName: string;
  /** The us-east-1 provider. */
  readonly provider: AwsProvider;
}

/**
 * The CloudWatch Logs resource policy that lets log delivery write to one us-east-1 log group, on
 * behalf of this account only.
 *
 * Without it, WAF and CloudFront create or rewrite an account-wide policy themselves when logging is
 * switched on, provided whoever switches it on may call `logs:PutResourcePolicy`: a policy outside
 * Terraform's view that nobody reviews. A region holds at most 10 resource policies, so each
 * construct writes one, scoped to its own log group.
 */
export function logDeliveryPolicy(scope: Construct, id: string, props: LogDeliveryPolicyProps): CloudwatchLogResourcePolicy {
  const stack = AwsStack.of(scope);
  const logsArn = (resource: string) => `arn:aws:logs:${CLOUDFRONT_REGION}:${stack.accountId}:${resource}`;
  return new CloudwatchLogResourcePolicy(scope, id, {
    policyName: props.policyName,
    policyDocument: policyDocument([
      {
        Sid: "AllowLogDeliveryOfThisAccount",
        Effect: "Allow",
        Principal: { Service: LOG_DELIVERY_SERVICE },
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: logsArn(`log-group:${props.logGroupName}:log-stream:*`),
        Condition: {
          StringEquals: { "aws:SourceAccount": stack.accountId },
          ArnLike: { "aws:SourceArn": logsArn("*") },
        },
      },
    ]),
    provider: props.provider,
  });
}

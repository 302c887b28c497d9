import { FlowLog as FlowLogResource } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { Construct } from "constructs";
import { KmsKey } from "../encryption/kms-key";
import { policyDocument, serviceTrustPolicy } from "../iam/policy-document";
import { EncryptedLogGroup } from "../observability/encrypted-log-group";
import { AwsStack } from "../stack/aws-stack";

/** Props of a {@link FlowLog}. */
export interface FlowLogProps {
  /** Name prefix; the log group is `/openedx/<name>/vpc-flow-logs`. */
  readonly name: string;
  /** The VPC whose traffic is logged. */
  readonly vpc: Vpc;
  /** Key that encrypts the log group. */
  readonly logsKey: KmsKey;
  /** Retention of the log group, in days. */
  readonly retentionDays: number;
}

/**
 * VPC flow logs of ALL traffic (accepted and rejected) to an encrypted CloudWatch log group, with
 * a delivery role that can write to that group only and that only this account's flow logs can
 * assume (confused-deputy guard).
 *
 * @resource aws_flow_log
 */
export class FlowLog extends Construct {
  /** The flow log's log group name, for CloudWatch Logs Insights queries of the VPC's traffic. @attribute */
  readonly logGroupName: string;
  /** The flow log's log group ARN, for IAM policies of readers. @attribute */
  readonly logGroupArn: string;

  constructor(scope: Construct, id: string, props: FlowLogProps) {
    super(scope, id);
    const stack = AwsStack.of(this);
    const logGroup = new EncryptedLogGroup(this, "LogGroup", {
      name: `/openedx/${props.name}/vpc-flow-logs`,
      retentionDays: props.retentionDays,
      key: props.logsKey,
    });
    this.logGroupName = logGroup.logGroupName;
    this.logGroupArn = logGroup.logGroupArn;
    const role = new IamRole(this, "DeliveryRole", {
      name: `${props.name}-vpc-flow-logs`,
      description: `Delivers VPC flow logs of ${props.name} to CloudWatch Logs`,
      assumeRolePolicy: serviceTrustPolicy("vpc-flow-logs.amazonaws.com", ["sts:AssumeRole"], {
        StringEquals: { "aws:SourceAccount": stack.accountId },
        ArnLike: { "aws:SourceArn": stack.formatArn("ec2", "vpc-flow-log/*") },
      }),
      inlinePolicy: [
        {
          name: "write-flow-logs",
          policy: policyDocument([
            {
              Effect: "Allow",
              Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
              Resource: [logGroup.logGroupArn, `${logGroup.logGroupArn}:*`],
            },
          ]),
        },
      ],
    });
    new FlowLogResource(this, "Resource", {
      vpcId: props.vpc.id,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: logGroup.logGroupArn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 60,
      tags: { Name: props.name },
    });
  }
}

import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import { Construct } from "constructs";
import { LOG_RETENTION_DAYS } from "../config/aws-regions";
import { ValidationError } from "../config/validation-error";
import { KmsKey } from "../encryption/kms-key";
import { PolicyStatement } from "../iam/policy-document";
import { EncryptedLogGroup } from "../observability/encrypted-log-group";
import { AwsStack } from "../stack/aws-stack";
import type { AutoModeCluster } from "./auto-mode-cluster";
import { PodIdentityRole } from "./pod-identity-role";

/** The log groups Container Insights writes, under `/aws/containerinsights/<cluster>/`. */
export type ContainerInsightsLogType = "application" | "dataplane" | "host" | "performance";

/** Every Container Insights log group, in creation order. */
export const CONTAINER_INSIGHTS_LOG_TYPES: readonly ContainerInsightsLogType[] = ["application", "dataplane", "host", "performance"];

/** Namespace the add-on installs its agent and Fluent Bit into. */
export const CLOUDWATCH_AGENT_NAMESPACE = "amazon-cloudwatch";
/** Service account of the CloudWatch agent and Fluent Bit pods. */
export const CLOUDWATCH_AGENT_SERVICE_ACCOUNT = "cloudwatch-agent";

/** Props of {@link ContainerInsights}. */
export interface ContainerInsightsProps {
  /** The cluster to observe. */
  readonly cluster: AutoModeCluster;
  /**
   * Key of the four log groups. Its key policy must let CloudWatch Logs of this region use it
   * (the `logs` key of `EnvironmentKeys` does).
   */
  readonly logsKey: KmsKey;
  /**
   * Retention of the log groups, in days; one of the periods CloudWatch Logs accepts.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Version of the `amazon-cloudwatch-observability` add-on, e.g. `v4.1.0-eksbuild.1`.
   * @default - the version EKS marks as default for the cluster's Kubernetes version at creation
   * time (EKS pins it in the add-on; later defaults do not upgrade it)
   */
  readonly addonVersion?: string;
}

const ADDON_VERSION = /^v\d+\.\d+\.\d+-eksbuild\.\d+$/;

const LOG_GROUP_IDS: Readonly<Record<ContainerInsightsLogType, string>> = {
  application: "ApplicationLogGroup",
  dataplane: "DataplaneLogGroup",
  host: "HostLogGroup",
  performance: "PerformanceLogGroup",
};

/**
 * CloudWatch Container Insights for an EKS cluster: the `amazon-cloudwatch-observability` add-on
 * (CloudWatch agent for metrics, Fluent Bit for container, node and data-plane logs), with its
 * credentials through EKS Pod Identity.
 *
 * The four log groups it writes (`/aws/containerinsights/<cluster>/application`, `dataplane`,
 * `host` and `performance`) are created first, KMS-encrypted and retention-bound, and the agent's
 * role may write only to them and may neither create log groups nor change their retention:
 * the add-on can never leave an unencrypted, never-expiring group behind.
 *
 * The role holds the part of the AWS-managed `CloudWatchAgentServerPolicy` the add-on uses, as an
 * inline policy scoped to this cluster's log groups (`PodIdentityRole` owns its policies
 * exclusively and attaches no managed policies): metrics, log writes, the EC2 and X-Ray calls of
 * the agent, and the `AmazonCloudWatch-*` SSM parameters it may read its configuration from.
 *
 * Construct ids are API: `Resource` (the add-on), `AgentRole`, and `ApplicationLogGroup`,
 * `DataplaneLogGroup`, `HostLogGroup`, `PerformanceLogGroup`.
 *
 * @resource aws_eks_addon
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/install-CloudWatch-Observability-EKS-addon.html
 */
export class ContainerInsights extends Construct {
  /** Names of the log groups, by type. @attribute */
  readonly logGroupNames: Readonly<Record<ContainerInsightsLogType, string>>;
  /** ARN of the role of the agent and Fluent Bit. @attribute */
  readonly agentRoleArn: string;
  /** The add-on resource. */
  readonly resource: EksAddon;

  constructor(scope: Construct, id: string, props: ContainerInsightsProps) {
    super(scope, id);
    validateProps(this, props);
    const stack = AwsStack.of(this);
    const clusterName = props.cluster._physicalName;
    const prefix = `/aws/containerinsights/${clusterName}`;

    const logGroups = CONTAINER_INSIGHTS_LOG_TYPES.map(
      (type) =>
        [
          type,
          new EncryptedLogGroup(this, LOG_GROUP_IDS[type], {
            name: `${prefix}/${type}`,
            key: props.logsKey,
            retentionDays: props.logRetentionDays ?? 365,
          }),
        ] as const,
    );
    this.logGroupNames = Object.fromEntries(logGroups.map(([type, group]) => [type, group.logGroupName])) as Record<ContainerInsightsLogType, string>;

    const role = new PodIdentityRole(this, "AgentRole", {
      cluster: props.cluster,
      namespace: CLOUDWATCH_AGENT_NAMESPACE,
      serviceAccount: CLOUDWATCH_AGENT_SERVICE_ACCOUNT,
      policyStatements: agentStatements(stack, prefix),
    });
    this.agentRoleArn = role.roleArn;

    this.resource = new EksAddon(this, "Resource", {
      clusterName: props.cluster.clusterName,
      addonName: "amazon-cloudwatch-observability",
      addonVersion: props.addonVersion,
      resolveConflictsOnCreate: "OVERWRITE",
      resolveConflictsOnUpdate: "OVERWRITE",
      // The agent reads its credentials once at start and writes at once: the association and
      // the log groups must exist before the first pod runs.
      dependsOn: [role.association, ...logGroups.map(([, group]) => group.resource)],
    });
  }
}

/**
 * What the agent and Fluent Bit call. Unlike the managed policy, log writes are limited to this
 * cluster's groups and `logs:CreateLogGroup` / `logs:PutRetentionPolicy` are left out: the
 * groups exist already (both only call CreateLogGroup when a group is missing), and a missing
 * group should fail loudly rather than come back unencrypted.
 */
function agentStatements(stack: AwsStack, prefix: string): PolicyStatement[] {
  return [
    {
      Sid: "WriteContainerInsightsLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
      Resource: [stack.formatArn("logs", `log-group:${prefix}/*`)],
    },
    {
      Sid: "FindLogGroups",
      Effect: "Allow",
      Action: ["logs:DescribeLogGroups"],
      Resource: [stack.formatArn("logs", "log-group:*")],
    },
    {
      // PutMetricData and the EC2/X-Ray reads have no resource-level permissions.
      Sid: "MetricsAndTraces",
      Effect: "Allow",
      Action: [
        "cloudwatch:PutMetricData",
        "ec2:DescribeVolumes",
        "ec2:DescribeTags",
        "xray:PutTraceSegments",
        "xray:PutTelemetryRecords",
        "xray:GetSamplingRules",
        "xray:GetSamplingTargets",
        "xray:GetSamplingStatisticSummaries",
      ],
      Resource: "*",
    },
    {
      Sid: "ReadAgentConfiguration",
      Effect: "Allow",
      Action: ["ssm:GetParameter"],
      Resource: [stack.formatArn("ssm", "parameter/AmazonCloudWatch-*")],
    },
  ];
}

/** Checks every prop and reports all problems in one error. */
function validateProps(scope: Construct, props: ContainerInsightsProps): void {
  const problems: string[] = [];
  const retention = props.logRetentionDays;
  if (retention !== undefined && !(LOG_RETENTION_DAYS as readonly number[]).includes(retention)) {
    problems.push(`logRetentionDays must be a CloudWatch Logs retention period (${LOG_RETENTION_DAYS.join(", ")}), got ${retention}`);
  }
  if (props.addonVersion !== undefined && !ADDON_VERSION.test(props.addonVersion)) {
    problems.push(`addonVersion must be an EKS add-on version such as "v4.1.0-eksbuild.1", got "${props.addonVersion}"`);
  }
  if (problems.length > 0) {
    throw new ValidationError(problems.join("; "), scope);
  }
}

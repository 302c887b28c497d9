import { TerraformOutput } from "cdktf";
import { describe, expect, it } from "vitest";
import { ContainerInsights, ContainerInsightsProps } from "../../src/cluster/container-insights";
import { policyOf, SynthesizedStack } from "../synth";
import { ACCOUNT_ID, testCluster } from "./cluster-fixture";

function withInsights(props: Partial<ContainerInsightsProps> = {}) {
  const fixture = testCluster();
  const insights = new ContainerInsights(fixture.stack, "insights", { cluster: fixture.cluster, logsKey: fixture.logsKey, ...props });
  return { ...fixture, insights };
}

/** `type.name` of a resource, as it appears in `depends_on`. */
function address(synthesized: SynthesizedStack, type: string, path: string): string {
  return synthesized.ref(type, path, "x").replace(/^\$\{(.*)\.x\}$/, "$1");
}

const TYPES = ["application", "dataplane", "host", "performance"] as const;
const IDS = { application: "ApplicationLogGroup", dataplane: "DataplaneLogGroup", host: "HostLogGroup", performance: "PerformanceLogGroup" };

describe("ContainerInsights", () => {
  const { stack, insights } = withInsights();
  new TerraformOutput(stack, "agentRoleArn", { value: insights.agentRoleArn, staticId: true });
  for (const type of ["application", "dataplane", "host", "performance"] as const) {
    new TerraformOutput(stack, `${type}LogGroup`, { value: insights.logGroupNames[type], staticId: true });
  }
  const synthesized = new SynthesizedStack(stack);
  const output = (name: string) => (synthesized.json.output?.[name] as { value: string }).value;

  it("installs the amazon-cloudwatch-observability add-on on the cluster, after its credentials and log groups", () => {
    const addon = synthesized.byPath("aws_eks_addon", "insights/Resource");
    expect(addon).toMatchObject({
      cluster_name: synthesized.ref("aws_eks_cluster", "cluster/Resource", "name"),
      addon_name: "amazon-cloudwatch-observability",
      resolve_conflicts_on_create: "OVERWRITE",
      resolve_conflicts_on_update: "OVERWRITE",
    });
    expect(addon.addon_version).toBeUndefined();
    expect(addon.configuration_values).toBeUndefined();
    expect(addon.depends_on).toEqual([
      address(synthesized, "aws_eks_pod_identity_association", "insights/AgentRole/Resource"),
      ...TYPES.map((type) => address(synthesized, "aws_cloudwatch_log_group", `insights/${IDS[type]}/Resource`)),
    ]);
  });

  it.each(TYPES)("pre-creates /aws/containerinsights/<cluster>/%s encrypted with the logs key, kept 365 days", (type) => {
    const group = synthesized.byPath("aws_cloudwatch_log_group", `insights/${IDS[type]}/Resource`);
    expect(group).toMatchObject({
      name: `/aws/containerinsights/openedx-test/${type}`,
      retention_in_days: 365,
      kms_key_id: synthesized.ref("aws_kms_key", "logs/Resource", "arn"),
    });
    expect(output(`${type}LogGroup`)).toBe(synthesized.ref("aws_cloudwatch_log_group", `insights/${IDS[type]}/Resource`, "name"));
  });

  it("creates exactly the four Container Insights log groups besides the cluster's own", () => {
    const names = synthesized.resources("aws_cloudwatch_log_group").map(([, group]) => group.name as string);
    expect(names.filter((name) => name.startsWith("/aws/containerinsights/")).sort()).toEqual(TYPES.map((type) => `/aws/containerinsights/openedx-test/${type}`));
  });

  it("associates the agent's service account with its role through Pod Identity", () => {
    expect(synthesized.byPath("aws_eks_pod_identity_association", "insights/AgentRole/Resource")).toMatchObject({
      cluster_name: synthesized.ref("aws_eks_cluster", "cluster/Resource", "name"),
      namespace: "amazon-cloudwatch",
      service_account: "cloudwatch-agent",
      role_arn: synthesized.ref("aws_iam_role", "insights/AgentRole/Role/Resource", "arn"),
    });
    expect(synthesized.byPath("aws_iam_role", "insights/AgentRole/Role/Resource").name).toBe("openedx-test-amazon-cloudwatch-cloudwatch-agent");
    expect(output("agentRoleArn")).toBe(synthesized.ref("aws_iam_role", "insights/AgentRole/Role/Resource", "arn"));
  });

  it("lets the agent write only to this cluster's log groups, never create them or change their retention", () => {
    const statements = policyOf(synthesized.byPath("aws_iam_role_policy", "insights/AgentRole/Role/Policy-pod-permissions").policy).Statement;
    expect(statements).toEqual([
      {
        Sid: "WriteContainerInsightsLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        Resource: [`arn:aws:logs:eu-west-1:${ACCOUNT_ID}:log-group:/aws/containerinsights/openedx-test/*`],
      },
      {
        Sid: "FindLogGroups",
        Effect: "Allow",
        Action: ["logs:DescribeLogGroups"],
        Resource: [`arn:aws:logs:eu-west-1:${ACCOUNT_ID}:log-group:*`],
      },
      {
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
        Resource: [`arn:aws:ssm:eu-west-1:${ACCOUNT_ID}:parameter/AmazonCloudWatch-*`],
      },
    ]);
    const actions = statements.flatMap((statement) => statement.Action as string[]);
    expect(actions).not.toContain("logs:CreateLogGroup");
    expect(actions).not.toContain("logs:PutRetentionPolicy");
    expect(synthesized.byPath("aws_iam_role_policy_attachments_exclusive", "insights/AgentRole/Role/ManagedPolicies").policy_arns).toEqual([]);
  });

  it("passes a given retention and add-on version through", () => {
    const { stack: other } = withInsights({ logRetentionDays: 90, addonVersion: "v4.1.0-eksbuild.1" });
    const result = new SynthesizedStack(other);
    expect(result.byPath("aws_eks_addon", "insights/Resource").addon_version).toBe("v4.1.0-eksbuild.1");
    for (const type of TYPES) {
      expect(result.byPath("aws_cloudwatch_log_group", `insights/${IDS[type]}/Resource`).retention_in_days).toBe(90);
    }
  });

  it("throws when the retention is not a CloudWatch Logs period", () => {
    expect(() => withInsights({ logRetentionDays: 100 })).toThrow(
      "logRetentionDays must be a CloudWatch Logs retention period (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653), got 100 (at test/insights)",
    );
  });

  it("throws when the add-on version is not an EKS add-on version", () => {
    expect(() => withInsights({ addonVersion: "4.1.0" })).toThrow('addonVersion must be an EKS add-on version such as "v4.1.0-eksbuild.1", got "4.1.0" (at test/insights)');
  });

  it("reports every problem at once", () => {
    expect(() => withInsights({ logRetentionDays: 2, addonVersion: "latest" })).toThrow(/logRetentionDays must be .*, got 2; addonVersion must be .*, got "latest"/);
  });
});

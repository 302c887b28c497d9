import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { TerraformOutput } from "cdktf";
import { describe, expect, it } from "vitest";
import { AutoModeCluster, AutoModeClusterProps } from "../../src/cluster/auto-mode-cluster";
import { policyOf, SynthesizedStack } from "../synth";
import { ADMIN_ROLE_ARN, clusterFixture, clusterProps, testCluster } from "./cluster-fixture";

const EKS = "aws_eks_cluster";

function synth(overrides: Partial<AutoModeClusterProps> = {}): SynthesizedStack {
  return new SynthesizedStack(testCluster(overrides).stack);
}

/** Builds a cluster with the given overrides and returns the construction error message. */
function rejection(overrides: Partial<AutoModeClusterProps>): string {
  const fixture = clusterFixture();
  try {
    new AutoModeCluster(fixture.stack, "cluster", clusterProps(fixture, overrides));
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the cluster to be rejected");
}

function managedPolicies(synthesized: SynthesizedStack, role: string): unknown {
  return synthesized.byPath("aws_iam_role_policy_attachments_exclusive", `cluster/${role}/ManagedPolicies`).policy_arns;
}

describe("AutoModeCluster", () => {
  const defaults = synth();
  const cluster = defaults.byPath(EKS, "cluster/Resource");

  describe("cluster IAM role", () => {
    it("is trusted by EKS for AssumeRole and TagSession only", () => {
      expect(policyOf(defaults.byPath("aws_iam_role", "cluster/ClusterRole/Resource").assume_role_policy).Statement).toEqual([
        { Effect: "Allow", Principal: { Service: "eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] },
      ]);
      expect(cluster.role_arn).toBe(defaults.ref("aws_iam_role", "cluster/ClusterRole/Resource", "arn"));
    });

    it("holds exactly the five Auto Mode managed policies, exclusively", () => {
      expect(managedPolicies(defaults, "ClusterRole")).toEqual([
        "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy",
        "arn:aws:iam::aws:policy/AmazonEKSComputePolicy",
        "arn:aws:iam::aws:policy/AmazonEKSBlockStoragePolicy",
        "arn:aws:iam::aws:policy/AmazonEKSLoadBalancingPolicy",
        "arn:aws:iam::aws:policy/AmazonEKSNetworkingPolicy",
      ]);
      expect(defaults.resources("aws_iam_role_policy_attachment")).toHaveLength(0);
    });

    it("may use the secrets key for envelope encryption and nothing else", () => {
      const keyArn = defaults.ref("aws_kms_key", "secrets/Resource", "arn");
      const inline = defaults.byPath("aws_iam_role_policy", "cluster/ClusterRole/Policy-secrets-envelope-encryption");
      expect(inline.role).toBe(defaults.ref("aws_iam_role", "cluster/ClusterRole/Resource", "name"));
      expect(policyOf(inline.policy).Statement).toEqual([
        {
          Sid: "EnvelopeEncryptionOfSecrets",
          Effect: "Allow",
          Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"],
          Resource: keyArn,
        },
        {
          Sid: "GrantsForEksOnly",
          Effect: "Allow",
          Action: "kms:CreateGrant",
          Resource: keyArn,
          Condition: { Bool: { "kms:GrantIsForAWSResource": true } },
        },
      ]);
      expect(defaults.byPath("aws_iam_role_policies_exclusive", "cluster/ClusterRole/InlinePolicies").policy_names).toEqual([
        defaults.ref("aws_iam_role_policy", "cluster/ClusterRole/Policy-secrets-envelope-encryption", "name"),
      ]);
    });

    it("detaches its policies on destroy, which the exclusive attachments do not", () => {
      expect(defaults.byPath("aws_iam_role", "cluster/ClusterRole/Resource")).toMatchObject({ name: "openedx-test-eks-cluster", force_detach_policies: true });
    });
  });

  describe("node IAM role", () => {
    it("is trusted by EC2 and holds exactly the minimal node and ECR pull policies", () => {
      const role = defaults.byPath("aws_iam_role", "cluster/NodeRole/Resource");
      expect(role.name).toBe("openedx-test-eks-node");
      expect(policyOf(role.assume_role_policy).Statement).toEqual([
        { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: ["sts:AssumeRole"] },
      ]);
      expect(managedPolicies(defaults, "NodeRole")).toEqual([
        "arn:aws:iam::aws:policy/AmazonEKSWorkerNodeMinimalPolicy",
        "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
      ]);
      expect(defaults.byPath("aws_iam_role_policies_exclusive", "cluster/NodeRole/InlinePolicies").policy_names).toEqual([]);
    });

    it("shortens role names past 64 characters with a stable hash", () => {
      const longName = `openedx-${"x".repeat(70)}`;
      const roleNames = () => {
        const synthesized = synth({ clusterName: longName });
        return ["ClusterRole", "NodeRole"].map((role) => synthesized.byPath("aws_iam_role", `cluster/${role}/Resource`).name as string);
      };
      const [clusterRole, nodeRole] = roleNames();
      expect(clusterRole).toMatch(/^openedx-x+-[0-9a-f]{8}$/);
      expect(clusterRole).toHaveLength(64);
      expect(nodeRole).toHaveLength(64);
      expect(nodeRole).not.toBe(clusterRole);
      expect(roleNames()).toEqual([clusterRole, nodeRole]);
    });
  });

  describe("control-plane log group", () => {
    it("is pre-created with retention and the logs key, and the cluster depends on it", () => {
      expect(defaults.byPath("aws_cloudwatch_log_group", "cluster/LogGroup/Resource")).toMatchObject({
        name: "/aws/eks/openedx-test/cluster",
        retention_in_days: 365,
        kms_key_id: defaults.ref("aws_kms_key", "logs/Resource", "arn"),
      });
      const logGroupId = defaults.ref("aws_cloudwatch_log_group", "cluster/LogGroup/Resource", "arn").replace(/^\$\{(.*)\.arn\}$/, "$1");
      expect(cluster.depends_on).toContain(logGroupId);
    });

    it("keeps logs for the given retention", () => {
      expect(synth({ logRetentionDays: 90 }).byPath("aws_cloudwatch_log_group", "cluster/LogGroup/Resource").retention_in_days).toBe(90);
    });

    it("receives all five control-plane log streams", () => {
      expect(cluster.enabled_cluster_log_types).toEqual(["api", "audit", "authenticator", "controllerManager", "scheduler"]);
    });
  });

  describe("cluster", () => {
    it("runs in Auto Mode with the default node pools on the node role", () => {
      expect(cluster).toMatchObject({
        name: "openedx-test",
        version: "1.33",
        bootstrap_self_managed_addons: false,
        compute_config: {
          enabled: true,
          node_pools: ["general-purpose", "system"],
          node_role_arn: defaults.ref("aws_iam_role", "cluster/NodeRole/Resource", "arn"),
        },
        kubernetes_network_config: { elastic_load_balancing: { enabled: true } },
        storage_config: { block_storage: { enabled: true } },
        upgrade_policy: { support_type: "STANDARD" },
      });
    });

    it("enables only the node pools asked for", () => {
      expect((synth({ nodePools: ["system"] }).byPath(EKS, "cluster/Resource").compute_config as { node_pools: string[] }).node_pools).toEqual(["system"]);
    });

    it("authenticates through access entries only and gives the creator no admin", () => {
      expect(cluster.access_config).toEqual({ authentication_mode: "API", bootstrap_cluster_creator_admin_permissions: false });
    });

    it("envelope-encrypts secrets with the secrets key", () => {
      expect(cluster.encryption_config).toEqual({
        resources: ["secrets"],
        provider: { key_arn: defaults.ref("aws_kms_key", "secrets/Resource", "arn") },
      });
    });

    it("places the control plane in the private subnets with a private endpoint only, by default", () => {
      expect(cluster.vpc_config).toEqual({
        subnet_ids: ["eu-west-1a", "eu-west-1b", "eu-west-1c"].map((zone) => defaults.ref("aws_subnet", `network/Private/${zone}`, "id")),
        endpoint_private_access: true,
        endpoint_public_access: false,
      });
    });

    it("opens the public endpoint to the given CIDRs only", () => {
      expect(synth({ endpointPublicAccessCidrs: ["203.0.113.0/24", "198.51.100.7/32"] }).byPath(EKS, "cluster/Resource").vpc_config).toMatchObject({
        endpoint_private_access: true,
        endpoint_public_access: true,
        public_access_cidrs: ["203.0.113.0/24", "198.51.100.7/32"],
      });
    });

    it("keeps the endpoint private when the CIDR list is empty", () => {
      expect(synth({ endpointPublicAccessCidrs: [] }).byPath(EKS, "cluster/Resource").vpc_config).toMatchObject({ endpoint_public_access: false });
    });

    it("accepts a world-open endpoint only with the explicit opt-out, which warns and is recorded as a suppression of OpenedxAws-EKS3", () => {
      const { stack, cluster: construct } = testCluster({ endpointPublicAccessCidrs: ["0.0.0.0/0"], allowWorldOpenEndpoint: true });
      expect(new SynthesizedStack(stack).byPath(EKS, "cluster/Resource").vpc_config).toMatchObject({ public_access_cidrs: ["0.0.0.0/0"] });
      const warnings = construct.node.metadata.filter((entry) => entry.type === "@cdktf/warn").map((entry) => String(entry.data));
      expect(warnings).toEqual([expect.stringMatching(/reachable from the whole internet/)]);
      const suppressed = construct.resource.node.metadata.filter((entry) => entry.type === "@cdktf/info").map((entry) => String(entry.data));
      expect(suppressed).toEqual([expect.stringContaining("[OpenedxAws-EKS3] suppressed at test/cluster/Resource")]);
    });

    it("turns zonal shift off by default and on when asked", () => {
      expect(cluster.zonal_shift_config).toEqual({ enabled: false });
      expect(synth({ zonalShift: true }).byPath(EKS, "cluster/Resource").zonal_shift_config).toEqual({ enabled: true });
    });

    it("is created after, and destroyed before, its roles' policies and its log group", () => {
      const dependency = (type: string, path: string) => defaults.ref(type, path, "x").replace(/^\$\{(.*)\.x\}$/, "$1");
      expect([...(cluster.depends_on as string[])].sort()).toEqual(
        [
          dependency("aws_cloudwatch_log_group", "cluster/LogGroup/Resource"),
          dependency("aws_iam_role_policy_attachments_exclusive", "cluster/ClusterRole/ManagedPolicies"),
          dependency("aws_iam_role_policy", "cluster/ClusterRole/Policy-secrets-envelope-encryption"),
          dependency("aws_iam_role_policies_exclusive", "cluster/ClusterRole/InlinePolicies"),
          dependency("aws_iam_role_policy_attachments_exclusive", "cluster/NodeRole/ManagedPolicies"),
          dependency("aws_iam_role_policies_exclusive", "cluster/NodeRole/InlinePolicies"),
        ].sort(),
      );
    });
  });

  describe("attributes", () => {
    it("reference the cluster, its roles and its log group", () => {
      const { stack, cluster: construct } = testCluster();
      const attributes = {
        clusterName: construct.clusterName,
        clusterArn: construct.clusterArn,
        clusterEndpoint: construct.clusterEndpoint,
        clusterCertificateAuthorityData: construct.clusterCertificateAuthorityData,
        clusterSecurityGroupId: construct.clusterSecurityGroupId,
        clusterRoleArn: construct.clusterRoleArn,
        nodeRoleArn: construct.nodeRoleArn,
        logGroupName: construct.logGroupName,
      };
      for (const [name, value] of Object.entries(attributes)) {
        new TerraformOutput(stack, name, { value, staticId: true });
      }
      const synthesized = new SynthesizedStack(stack);
      const outputs = Object.fromEntries(Object.entries(synthesized.json.output ?? {}).map(([name, output]) => [name, (output as { value: string }).value]));
      expect(outputs).toEqual({
        clusterName: synthesized.ref(EKS, "cluster/Resource", "name"),
        clusterArn: synthesized.ref(EKS, "cluster/Resource", "arn"),
        clusterEndpoint: synthesized.ref(EKS, "cluster/Resource", "endpoint"),
        clusterCertificateAuthorityData: synthesized.ref(EKS, "cluster/Resource", "certificate_authority[0].data"),
        clusterSecurityGroupId: synthesized.ref(EKS, "cluster/Resource", "vpc_config[0].cluster_security_group_id"),
        clusterRoleArn: synthesized.ref("aws_iam_role", "cluster/ClusterRole/Resource", "arn"),
        nodeRoleArn: synthesized.ref("aws_iam_role", "cluster/NodeRole/Resource", "arn"),
        logGroupName: synthesized.ref("aws_cloudwatch_log_group", "cluster/LogGroup/Resource", "name"),
      });
    });
  });

  describe("cluster admins", () => {
    const otherAccountAdmin = "arn:aws:iam::210987654321:role/aws-reserved/sso.amazonaws.com/BreakGlass";
    const admins = synth({ adminRoleArns: [ADMIN_ROLE_ARN, otherAccountAdmin] });

    it("get a STANDARD access entry and the cluster-admin policy for the whole cluster, under ids named after the role", () => {
      const clusterName = admins.ref(EKS, "cluster/Resource", "name");
      for (const [arn, id] of [
        [ADMIN_ROLE_ARN, "Admin-PlatformAdministrator"],
        [otherAccountAdmin, "Admin-210987654321-BreakGlass"],
      ]) {
        expect(admins.byPath("aws_eks_access_entry", `cluster/${id}/AccessEntry`)).toMatchObject({ cluster_name: clusterName, principal_arn: arn, type: "STANDARD" });
        expect(admins.byPath("aws_eks_access_policy_association", `cluster/${id}/AccessPolicy`)).toEqual(
          expect.objectContaining({
            cluster_name: clusterName,
            principal_arn: admins.ref("aws_eks_access_entry", `cluster/${id}/AccessEntry`, "principal_arn"),
            policy_arn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
            access_scope: { type: "cluster" },
          }),
        );
      }
      expect(admins.resources("aws_eks_access_entry")).toHaveLength(2);
      expect(admins.resources("aws_eks_access_policy_association")).toHaveLength(2);
    });

    it("can be added for a role referenced by token, with an explicit id", () => {
      const { stack, cluster: construct } = testCluster();
      const role = new IamRole(stack, "deployer", { assumeRolePolicy: "{}" });
      construct.addClusterAdminRole(role.arn, "Admin-Deployer");
      expect(new SynthesizedStack(stack).byPath("aws_eks_access_entry", "cluster/Admin-Deployer/AccessEntry").principal_arn).toBe("${aws_iam_role.deployer.arn}");
      expect(construct.readiness).toHaveLength(4);
    });

    it("throws when a token role ARN comes without an id", () => {
      const { stack, cluster: construct } = testCluster();
      const role = new IamRole(stack, "deployer", { assumeRolePolicy: "{}" });
      expect(() => construct.addClusterAdminRole(role.arn)).toThrow(
        /addClusterAdminRole needs an id when roleArn is a reference \(a token\), as construct ids must be stable; pass addClusterAdminRole\(roleArn, id\) \(at test\/cluster\)/,
      );
    });
  });

  describe("metrics-server", () => {
    it("is installed by default at EKS's default version, overwriting conflicts", () => {
      const addon = defaults.byPath("aws_eks_addon", "cluster/MetricsServer");
      expect(addon).toEqual(
        expect.objectContaining({
          addon_name: "metrics-server",
          cluster_name: defaults.ref(EKS, "cluster/Resource", "name"),
          resolve_conflicts_on_create: "OVERWRITE",
          resolve_conflicts_on_update: "OVERWRITE",
        }),
      );
      expect(addon).not.toHaveProperty("addon_version");
    });

    it("is pinned when a version is given", () => {
      expect(synth({ metricsServerVersion: "v0.7.2-eksbuild.1" }).byPath("aws_eks_addon", "cluster/MetricsServer").addon_version).toBe("v0.7.2-eksbuild.1");
    });

    it("is left out when turned off", () => {
      expect(synth({ metricsServer: false }).resources("aws_eks_addon")).toHaveLength(0);
    });
  });

  describe("validation", () => {
    it.each<[string, Partial<AutoModeClusterProps>, string]>([
      [
        "the endpoint is open to the world without the opt-out",
        { endpointPublicAccessCidrs: ["203.0.113.0/24", "0.0.0.0/0"] },
        'endpointPublicAccessCidrs must not include "0.0.0.0/0", which opens the Kubernetes API endpoint to the whole internet; list your own egress blocks, or set allowWorldOpenEndpoint: true to accept the exposure',
      ],
      [
        "a public CIDR is malformed",
        { endpointPublicAccessCidrs: ["203.0.113.1/24"] },
        'endpointPublicAccessCidrs must hold IPv4 CIDR blocks such as "203.0.113.0/24" (no host bits set), got "203.0.113.1/24"',
      ],
      [
        "there is no admin role",
        { adminRoleArns: [] },
        "adminRoleArns must name at least one IAM role: the cluster grants no implicit admin to its creator, so nobody could reach the Kubernetes API",
      ],
      [
        "an admin is not a role ARN",
        { adminRoleArns: ["arn:aws:iam::123456789012:user/alice"] },
        'adminRoleArns must hold IAM role ARNs "arn:aws:iam::<12-digit account>:role/[<path>/]<name>", got "arn:aws:iam::123456789012:user/alice"',
      ],
      [
        "an admin role is repeated",
        { adminRoleArns: [ADMIN_ROLE_ARN, ADMIN_ROLE_ARN] },
        `adminRoleArns must not repeat a role, got "${ADMIN_ROLE_ARN}" twice`,
      ],
      [
        "the cluster name is invalid",
        { clusterName: "-openedx" },
        'clusterName must be 1-100 letters, digits, "-" or "_", starting with a letter or digit, got "-openedx"',
      ],
      [
        "the Kubernetes version is unsupported",
        { kubernetesVersion: "1.24" },
        'kubernetesVersion must be a version EKS gives standard support for (1.31, 1.32, 1.33, 1.34), got "1.24"',
      ],
      [
        "the log retention is not a CloudWatch Logs period",
        { logRetentionDays: 100 },
        "logRetentionDays must be a CloudWatch Logs retention period (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653), got 100",
      ],
      ["no node pool is enabled", { nodePools: [] }, 'nodePools must list one or both of "general-purpose" and "system", each once, got []'],
      [
        "a node pool is unknown",
        { nodePools: ["gpu" as "system"] },
        'nodePools must list one or both of "general-purpose" and "system", each once, got ["gpu"]',
      ],
      [
        "a node pool is repeated",
        { nodePools: ["system", "system"] },
        'nodePools must list one or both of "general-purpose" and "system", each once, got ["system","system"]',
      ],
      [
        "the metrics-server version is malformed",
        { metricsServerVersion: "0.7.2" },
        'metricsServerVersion must be an EKS add-on version such as "v0.7.2-eksbuild.1", got "0.7.2"',
      ],
      [
        "a metrics-server version comes without metrics-server",
        { metricsServer: false, metricsServerVersion: "v0.7.2-eksbuild.1" },
        "metricsServerVersion must not be set when metricsServer is false",
      ],
      [
        "the network has a single private subnet",
        { network: { vpcId: "vpc-1", privateSubnetIds: ["subnet-1"] } },
        "network.privateSubnetIds must hold subnets in at least 2 availability zones, as EKS requires, got 1",
      ],
    ])("throws when %s", (_, overrides, message) => {
      const error = rejection(overrides);
      expect(error).toContain(message);
      expect(error).toMatch(/\(at test\/cluster\)$/);
    });

    it("reports every problem at once", () => {
      const error = rejection({ clusterName: "", kubernetesVersion: "2.0", adminRoleArns: [] });
      expect(error.split("; ")).toHaveLength(3);
      expect(error).toMatch(/^clusterName must be .*; kubernetesVersion must be .*; adminRoleArns must name at least one IAM role/);
    });

    it("accepts a world-open endpoint with the opt-out", () => {
      expect(() => testCluster({ endpointPublicAccessCidrs: ["0.0.0.0/0"], allowWorldOpenEndpoint: true })).not.toThrow();
    });
  });

});

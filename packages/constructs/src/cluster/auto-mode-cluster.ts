import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { EksAccessPolicyAssociation } from "@cdktf/provider-aws/lib/eks-access-policy-association";
import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { Annotations, ITerraformDependable, Token } from "cdktf";
import { Construct } from "constructs";
import { KUBERNETES_VERSIONS, LOG_RETENTION_DAYS } from "../config/aws-regions";
import { ValidationError } from "../config/validation-error";
import { KmsKey } from "../encryption/kms-key";
import { parseIpv4Cidr } from "../network/cidr";
import { EncryptedLogGroup } from "../observability/encrypted-log-group";
import { Network } from "../network/network";
import { suppressRules } from "../policy/suppressions";
import { AwsStack } from "../stack/aws-stack";
import { autoModeClusterRole, autoModeNodeRole } from "./cluster-roles";
import { PodIdentityRole, PodIdentityRoleOptions } from "./pod-identity-role";

/** The node pools EKS Auto Mode ships. */
export type AutoModeNodePool = "general-purpose" | "system";

const NODE_POOLS: readonly AutoModeNodePool[] = ["general-purpose", "system"];

/** Every control-plane log stream EKS offers. */
export const EKS_CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;

/** The EKS access policy that grants Kubernetes `cluster-admin`. */
export const EKS_CLUSTER_ADMIN_POLICY_ARN = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";

/** Props of an {@link AutoModeCluster}. */
export interface AutoModeClusterProps {
  /**
   * The cluster name: 1-100 letters, digits, `-` or `_`, starting with a letter or digit. It also
   * names the IAM roles (`<clusterName>-eks-cluster`, `<clusterName>-eks-node`) and the log group.
   */
  readonly clusterName: string;
  /**
   * The Kubernetes minor version, one EKS gives standard support for (e.g. `1.33`).
   * @see https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html
   */
  readonly kubernetesVersion: string;
  /** The network whose private subnets hold the control-plane interfaces and the nodes. */
  readonly network: Pick<Network, "vpcId" | "privateSubnetIds">;
  /**
   * Key for envelope encryption of Kubernetes secrets. The cluster role gets an inline policy to
   * use it; the key policy must let the account's IAM policies grant use of it (every
   * {@link KmsKey} does). Secrets encryption cannot be turned off or moved to another key later.
   */
  readonly secretsKey: KmsKey;
  /**
   * Key of the control-plane log group. Its key policy must let CloudWatch Logs of this region
   * use it (the `logs` key of `EnvironmentKeys` does).
   */
  readonly logsKey: KmsKey;
  /**
   * IAM roles that get Kubernetes `cluster-admin` through EKS access entries, at least one: the
   * creator of the cluster gets no implicit access.
   */
  readonly adminRoleArns: readonly string[];
  /**
   * IPv4 blocks allowed to reach a public Kubernetes API endpoint. Terraform and `kubectl` must
   * then run from inside the VPC (or a peered network, VPN) when this is left unset.
   * @default - none: the API endpoint is private only
   */
  readonly endpointPublicAccessCidrs?: readonly string[];
  /**
   * Accept `0.0.0.0/0` in `endpointPublicAccessCidrs`, exposing the Kubernetes API endpoint to the
   * whole internet (it still requires IAM authentication). A weaker setting, so it is an explicit
   * opt-out and synth prints a warning.
   * @default false
   */
  readonly allowWorldOpenEndpoint?: boolean;
  /**
   * Key of the EBS volumes Auto Mode creates for persistent volume claims (e.g. an encrypted gp3
   * StorageClass). The cluster role gets the rights to use it and create grants for EBS.
   * @default - none: volumes can use only AWS-managed keys
   */
  readonly blockStorageKey?: KmsKey;
  /**
   * Retention of the control-plane log group, in days; one of the periods CloudWatch Logs accepts.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * ARC zonal shift: lets you (or zonal autoshift) move traffic away from an impaired availability
   * zone. The environment turns it on in production.
   * @default false
   */
  readonly zonalShift?: boolean;
  /**
   * Install the `metrics-server` EKS add-on, which Auto Mode does not ship and which the
   * Horizontal Pod Autoscaler and `kubectl top` need.
   * @default true
   */
  readonly metricsServer?: boolean;
  /**
   * Version of the `metrics-server` add-on, e.g. `v0.7.2-eksbuild.1`.
   * @default - the add-on version EKS marks as default for the cluster's Kubernetes version at
   * creation time (EKS pins it in the add-on; later defaults do not upgrade it)
   */
  readonly metricsServerVersion?: string;
  /**
   * The built-in Auto Mode node pools to enable: `general-purpose` for workloads and `system`
   * (tainted `CriticalAddonsOnly`) for add-ons.
   * @default ["general-purpose", "system"]
   */
  readonly nodePools?: readonly AutoModeNodePool[];
}

/**
 * An EKS cluster in Auto Mode: EKS runs compute (Karpenter-based node pools), load balancing,
 * block storage and pod networking itself, with no self-managed add-ons.
 *
 * Defaults are the secure ones:
 * - the API endpoint is private unless public CIDRs are given, and never world-open without
 *   `allowWorldOpenEndpoint`;
 * - authentication is through access entries only (no `aws-auth` ConfigMap), and the creator of
 *   the cluster gets no implicit admin;
 * - Kubernetes secrets are envelope-encrypted with a customer-managed key;
 * - all five control-plane log streams go to a KMS-encrypted, retention-bound log group, which
 *   exists before the cluster so EKS never creates an unencrypted, never-expiring one;
 * - the cluster and node roles hold exactly the managed policies Auto Mode needs, exclusively.
 *
 * Construct ids are API (changing one replaces the resource): `Resource` (the cluster),
 * `ClusterRole`, `NodeRole`, `LogGroup`, `MetricsServer`, and `Admin-<role name>` per admin role.
 *
 * @resource aws_eks_cluster
 * @see https://docs.aws.amazon.com/eks/latest/userguide/automode.html
 */
export class AutoModeCluster extends Construct {
  /** The cluster name, as a reference to the cluster (depending on it orders after the cluster). @attribute */
  readonly clusterName: string;
  /** The cluster ARN, for IAM policies such as `eks:DescribeCluster` of a deploy role. @attribute */
  readonly clusterArn: string;
  /** The Kubernetes API server URL. @attribute */
  readonly clusterEndpoint: string;
  /** Base64 PEM of the cluster CA, for kubeconfig and the Kubernetes/Helm providers. @attribute */
  readonly clusterCertificateAuthorityData: string;
  /** The security group EKS creates for the control plane and Auto Mode nodes. @attribute */
  readonly clusterSecurityGroupId: string;
  /** The role of the control plane. @attribute */
  readonly clusterRoleArn: string;
  /** The role of the Auto Mode nodes. @attribute */
  readonly nodeRoleArn: string;
  /** The control-plane log group, `/aws/eks/<clusterName>/cluster`. @attribute */
  readonly logGroupName: string;
  /** The cluster resource. */
  readonly resource: EksCluster;
  /**
   * What Kubernetes resources managed by Terraform should depend on: the cluster, every admin
   * access policy association (without which Terraform's role cannot call the API) and the
   * add-ons. Grows as admins are added.
   */
  readonly readiness: ITerraformDependable[];

  /**
   * The literal cluster name, for names and policies that must be known at synth.
   * @internal
   */
  readonly _physicalName: string;

  private readonly adminIds = new Map<string, string>();

  constructor(scope: Construct, id: string, props: AutoModeClusterProps) {
    super(scope, id);
    validateProps(this, props);
    const nodePools = props.nodePools ?? NODE_POOLS;
    const publicCidrs = props.endpointPublicAccessCidrs ?? [];
    const worldOpen = publicCidrs.includes("0.0.0.0/0");
    if (worldOpen) {
      Annotations.of(this).addWarning(
        `endpointPublicAccessCidrs includes 0.0.0.0/0 (allowed by allowWorldOpenEndpoint): the Kubernetes API endpoint of ${props.clusterName} is reachable from the whole internet`,
      );
    }
    this._physicalName = props.clusterName;

    const clusterRole = autoModeClusterRole(this, "ClusterRole", props.clusterName, props.secretsKey, props.blockStorageKey);
    const nodeRole = autoModeNodeRole(this, "NodeRole", props.clusterName);

    // EKS writes to /aws/eks/<name>/cluster, creating it (unencrypted, kept forever) if missing.
    const logGroup = new EncryptedLogGroup(this, "LogGroup", {
      name: `/aws/eks/${props.clusterName}/cluster`,
      retentionDays: props.logRetentionDays ?? 365,
      key: props.logsKey,
    });

    this.resource = new EksCluster(this, "Resource", {
      name: props.clusterName,
      version: props.kubernetesVersion,
      roleArn: clusterRole.roleArn,
      vpcConfig: {
        subnetIds: props.network.privateSubnetIds,
        endpointPrivateAccess: true,
        endpointPublicAccess: publicCidrs.length > 0,
        ...(publicCidrs.length > 0 ? { publicAccessCidrs: [...publicCidrs] } : {}),
      },
      accessConfig: {
        authenticationMode: "API",
        bootstrapClusterCreatorAdminPermissions: false,
      },
      // Auto Mode runs VPC CNI, kube-proxy and CoreDNS itself; the self-managed copies would clash.
      bootstrapSelfManagedAddons: false,
      computeConfig: {
        enabled: true,
        nodePools: [...nodePools],
        nodeRoleArn: nodeRole.roleArn,
      },
      kubernetesNetworkConfig: { elasticLoadBalancing: { enabled: true } },
      storageConfig: { blockStorage: { enabled: true } },
      encryptionConfig: {
        resources: ["secrets"],
        provider: { keyArn: props.secretsKey.keyArn },
      },
      enabledClusterLogTypes: [...EKS_CONTROL_PLANE_LOG_TYPES],
      // EXTENDED support costs six times as much per hour; running out of standard support should
      // force an upgrade, not a bill.
      upgradePolicy: { supportType: "STANDARD" },
      zonalShiftConfig: { enabled: props.zonalShift ?? false },
      // Created after its permissions and log group, destroyed before them, so the control plane
      // can always clean up the nodes and load balancers it made.
      dependsOn: [logGroup.resource, ...clusterRole.policies, ...nodeRole.policies],
    });

    if (worldOpen) {
      // The opt-out is the prop itself; recording it as a suppression keeps it auditable in the manifest.
      suppressRules(this.resource, [{ id: "OpenedxAws-EKS3", reason: "allowWorldOpenEndpoint: true was set explicitly on this cluster" }]);
    }

    this.clusterName = this.resource.name;
    this.clusterArn = this.resource.arn;
    this.clusterEndpoint = this.resource.endpoint;
    this.clusterCertificateAuthorityData = this.resource.certificateAuthority.get(0).data;
    this.clusterSecurityGroupId = this.resource.vpcConfig.clusterSecurityGroupId;
    this.clusterRoleArn = clusterRole.roleArn;
    this.nodeRoleArn = nodeRole.roleArn;
    this.logGroupName = logGroup.logGroupName;
    this.readiness = [this.resource];

    for (const roleArn of props.adminRoleArns) {
      this.addClusterAdminRole(roleArn);
    }

    if (props.metricsServer ?? true) {
      this.readiness.push(
        new EksAddon(this, "MetricsServer", {
          clusterName: this.clusterName,
          addonName: "metrics-server",
          addonVersion: props.metricsServerVersion,
          resolveConflictsOnCreate: "OVERWRITE",
          resolveConflictsOnUpdate: "OVERWRITE",
        }),
      );
    }
  }

  /**
   * Gives an IAM role Kubernetes `cluster-admin` through an access entry and the
   * `AmazonEKSClusterAdminPolicy` access policy, scoped to the whole cluster.
   *
   * @param roleArn the role's ARN (a path is allowed); another account's role works too
   * @param id construct id of the grant, which must stay the same for the life of the grant;
   *   required when `roleArn` is a reference rather than a literal ARN. Without it the id is
   *   `Admin-<role name>`, or `Admin-<account>-<role name>` for a role of another account.
   */
  addClusterAdminRole(roleArn: string, id?: string): void {
    const stack = AwsStack.of(this);
    let scopeId = id;
    if (!Token.isUnresolved(roleArn)) {
      const match = ROLE_ARN.exec(roleArn);
      if (!match) {
        throw new ValidationError(
          `adminRoleArns must hold IAM role ARNs "arn:aws:iam::<12-digit account>:role/[<path>/]<name>", got "${roleArn}"`,
          this,
        );
      }
      const [, account, roleName] = match;
      scopeId ??= account === stack.accountId ? `Admin-${roleName}` : `Admin-${account}-${roleName}`;
      if (this.adminIds.has(roleArn)) {
        throw new ValidationError(`adminRoleArns must not repeat a role, got "${roleArn}" twice`, this);
      }
    } else if (scopeId === undefined) {
      throw new ValidationError(
        "addClusterAdminRole needs an id when roleArn is a reference (a token), as construct ids must be stable; pass addClusterAdminRole(roleArn, id)",
        this,
      );
    }
    this.adminIds.set(roleArn, scopeId);

    const grant = new Construct(this, scopeId);
    const entry = new EksAccessEntry(grant, "AccessEntry", {
      clusterName: this.clusterName,
      principalArn: roleArn,
      type: "STANDARD",
    });
    const association = new EksAccessPolicyAssociation(grant, "AccessPolicy", {
      clusterName: this.clusterName,
      principalArn: entry.principalArn,
      policyArn: EKS_CLUSTER_ADMIN_POLICY_ARN,
      accessScope: { type: "cluster" },
    });
    this.readiness.push(association);
  }

  /**
   * Creates an IAM role for a Kubernetes service account and associates it through EKS Pod
   * Identity; pods running as the account get the role's credentials.
   */
  addPodIdentityRole(id: string, options: PodIdentityRoleOptions): PodIdentityRole {
    return new PodIdentityRole(this, id, { ...options, cluster: this });
  }
}

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
const ADDON_VERSION = /^v\d+\.\d+\.\d+-eksbuild\.\d+$/;

/** Checks every prop and reports all problems in one error. */
function validateProps(scope: Construct, props: AutoModeClusterProps): void {
  const problems: string[] = [];
  if (!CLUSTER_NAME.test(props.clusterName)) {
    problems.push(`clusterName must be 1-100 letters, digits, "-" or "_", starting with a letter or digit, got "${props.clusterName}"`);
  }
  if (!(KUBERNETES_VERSIONS as readonly string[]).includes(props.kubernetesVersion)) {
    problems.push(`kubernetesVersion must be a version EKS gives standard support for (${KUBERNETES_VERSIONS.join(", ")}), got "${props.kubernetesVersion}"`);
  }
  const subnetIds = props.network.privateSubnetIds;
  if (!Token.isUnresolved(subnetIds) && subnetIds.length < 2) {
    problems.push(`network.privateSubnetIds must hold subnets in at least 2 availability zones, as EKS requires, got ${subnetIds.length}`);
  }
  if (props.adminRoleArns.length === 0) {
    problems.push("adminRoleArns must name at least one IAM role: the cluster grants no implicit admin to its creator, so nobody could reach the Kubernetes API");
  }
  for (const cidr of props.endpointPublicAccessCidrs ?? []) {
    if (!parseIpv4Cidr(cidr)) {
      problems.push(`endpointPublicAccessCidrs must hold IPv4 CIDR blocks such as "203.0.113.0/24" (no host bits set), got "${cidr}"`);
    } else if (cidr === "0.0.0.0/0" && !props.allowWorldOpenEndpoint) {
      problems.push(
        'endpointPublicAccessCidrs must not include "0.0.0.0/0", which opens the Kubernetes API endpoint to the whole internet; list your own egress blocks, or set allowWorldOpenEndpoint: true to accept the exposure',
      );
    }
  }
  const retention = props.logRetentionDays;
  if (retention !== undefined && !(LOG_RETENTION_DAYS as readonly number[]).includes(retention)) {
    problems.push(`logRetentionDays must be a CloudWatch Logs retention period (${LOG_RETENTION_DAYS.join(", ")}), got ${retention}`);
  }
  const nodePools = props.nodePools;
  if (nodePools !== undefined) {
    const unknown = nodePools.filter((pool) => !NODE_POOLS.includes(pool));
    if (nodePools.length === 0 || unknown.length > 0 || new Set(nodePools).size !== nodePools.length) {
      problems.push(`nodePools must list one or both of "general-purpose" and "system", each once, got ${JSON.stringify(nodePools)}`);
    }
  }
  if (props.metricsServerVersion !== undefined) {
    if (props.metricsServer === false) {
      problems.push("metricsServerVersion must not be set when metricsServer is false");
    } else if (!ADDON_VERSION.test(props.metricsServerVersion)) {
      problems.push(`metricsServerVersion must be an EKS add-on version such as "v0.7.2-eksbuild.1", got "${props.metricsServerVersion}"`);
    }
  }
  if (problems.length > 0) {
    throw new ValidationError(problems.join("; "), scope);
  }
}

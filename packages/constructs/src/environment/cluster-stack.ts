import { AutoModeCluster } from "../cluster/auto-mode-cluster";
import { ContainerInsights } from "../cluster/container-insights";
import { EnvironmentStack, EnvironmentStackProps } from "../stack/environment-stack";
import { OpenedxApp } from "../stack/openedx-app";
import { KeysStack } from "./keys-stack";
import { NetworkStack } from "./network-stack";

/** Props of a {@link ClusterStack}. */
export interface ClusterStackProps extends EnvironmentStackProps {
  /**
   * The environment's keys: `clusterSecrets` encrypts Kubernetes secrets, `logs` the control-plane
   * and Container Insights log groups, `storage` the EBS volumes of persistent volume claims.
   */
  readonly keys: KeysStack;
  /** The environment's network: the cluster and its Auto Mode nodes go in its private subnets. */
  readonly network: NetworkStack;
}

/**
 * The environment's EKS Auto Mode cluster in the private subnets, named `openedx-<environment>`,
 * with zonal shift in production.
 */
export class ClusterStack extends EnvironmentStack {
  /**
   * The EKS Auto Mode cluster. Its `clusterSecurityGroupId` is the client group the data services
   * admit, and Pod Identity roles (the identity stack) are associated with it.
   */
  readonly cluster: AutoModeCluster;

  constructor(scope: OpenedxApp, id: string, props: ClusterStackProps) {
    super(scope, id, props);
    const environment = this.environment;
    this.cluster = new AutoModeCluster(this, "cluster", {
      clusterName: `openedx-${environment.name}`,
      kubernetesVersion: environment.kubernetesVersion,
      network: props.network.network,
      secretsKey: props.keys.keys.clusterSecrets,
      logsKey: props.keys.keys.logs,
      blockStorageKey: props.keys.keys.storage,
      adminRoleArns: environment.clusterAdminRoleArns,
      endpointPublicAccessCidrs: environment.clusterEndpointPublicAccessCidrs,
      logRetentionDays: environment.logRetentionDays,
      zonalShift: this.isProduction,
    });
    // Container Insights and Fluent Bit: Auto Mode ships neither.
    new ContainerInsights(this, "container-insights", {
      cluster: this.cluster,
      logsKey: props.keys.keys.logs,
      logRetentionDays: environment.logRetentionDays,
    });
    this.addOutputs({
      cluster_name: { value: this.cluster.clusterName, description: "Name of the EKS cluster" },
      cluster_endpoint: { value: this.cluster.clusterEndpoint, description: "Kubernetes API endpoint" },
      cluster_security_group_id: { value: this.cluster.clusterSecurityGroupId, description: "Security group EKS Auto Mode attaches to nodes and the control plane" },
      node_role_arn: { value: this.cluster.nodeRoleArn, description: "IAM role of the Auto Mode nodes" },
    });
  }
}

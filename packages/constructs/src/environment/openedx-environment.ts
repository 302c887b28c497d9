import { EnvironmentConfig } from "../config/environment-config";
import { OpenedxApp } from "../stack/openedx-app";
import { BackupStack } from "./backup-stack";
import { ClusterStack } from "./cluster-stack";
import { DataStack } from "./data-stack";
import { EdgeStack } from "./edge-stack";
import { IdentityStack } from "./identity-stack";
import { KeysStack } from "./keys-stack";
import { NetworkStack } from "./network-stack";
import { PlatformStack } from "./platform-stack";

/** The stacks of one environment, in deployment order. */
export interface OpenedxEnvironmentStacks {
  /** `<name>-keys`: the KMS keys, one per data domain. */
  readonly keys: KeysStack;
  /** `<name>-network`: VPC, subnets, NAT gateways, flow logs and endpoints. */
  readonly network: NetworkStack;
  /** `<name>-cluster`: the EKS Auto Mode cluster. */
  readonly cluster: ClusterStack;
  /** `<name>-edge`: DNS zone, certificates, WAF, CloudFront, SES and ECR. */
  readonly edge: EdgeStack;
  /** `<name>-data`: MySQL, DocumentDB, cache, optional OpenSearch, buckets and alerts. */
  readonly data: DataStack;
  /** `<name>-backup`: the AWS Backup vault(s) and plan. */
  readonly backup: BackupStack;
  /** `<name>-identity`: the Pod Identity roles of Open edX, cert-manager and the logical dumps. */
  readonly identity: IdentityStack;
  /** `<name>-platform`: the in-cluster objects, with the helm and kubernetes providers. */
  readonly platform: PlatformStack;
}

/**
 * Adds every stack of an environment to the app: `<name>-keys`, `<name>-network`,
 * `<name>-cluster`, `<name>-edge`, `<name>-data`, `<name>-backup` (AWS Backup),
 * `<name>-identity` (Pod Identity roles) and
 * `<name>-platform` (the in-cluster objects, with the helm and kubernetes providers). Each keeps its state at `<name>/<component>.tfstate`; cdktf records the order
 * they depend on each other in the manifest, so `cdktf deploy '<name>-*'` applies them in turn.
 */
export function addEnvironmentStacks(app: OpenedxApp, environment: EnvironmentConfig): OpenedxEnvironmentStacks {
  const keys = new KeysStack(app, `${environment.name}-keys`);
  const network = new NetworkStack(app, `${environment.name}-network`, { keys });
  const cluster = new ClusterStack(app, `${environment.name}-cluster`, { keys, network });
  const edge = new EdgeStack(app, `${environment.name}-edge`, { keys });
  const data = new DataStack(app, `${environment.name}-data`, { keys, network, cluster, edge });
  const backup = new BackupStack(app, `${environment.name}-backup`, { keys, data });
  const identity = new IdentityStack(app, `${environment.name}-identity`, { keys, cluster, edge, data });
  const platform = new PlatformStack(app, `${environment.name}-platform`, { keys, network, cluster, edge, data, identity });
  return { keys, network, cluster, edge, data, backup, identity, platform };
}

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
  readonly keys: KeysStack;
  readonly network: NetworkStack;
  readonly cluster: ClusterStack;
  readonly edge: EdgeStack;
  readonly data: DataStack;
  readonly backup: BackupStack;
  readonly identity: IdentityStack;
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

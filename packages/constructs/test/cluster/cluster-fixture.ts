import { Testing } from "cdktf";
import { AutoModeCluster, AutoModeClusterProps } from "../../src/cluster/auto-mode-cluster";
import { KmsKey } from "../../src/encryption/kms-key";
import { Network } from "../../src/network/network";
import { defaultSubnetPrefixLengths, planSubnets } from "../../src/network/subnet-plan";
import { AwsStack } from "../../src/stack/aws-stack";

export const ACCOUNT_ID = "123456789012";
export const ADMIN_ROLE_ARN = `arn:aws:iam::${ACCOUNT_ID}:role/PlatformAdministrator`;

/** A stack with the keys and network a cluster needs. */
export interface ClusterFixture {
  readonly stack: AwsStack;
  readonly network: Network;
  readonly secretsKey: KmsKey;
  readonly logsKey: KmsKey;
}

export function clusterFixture(): ClusterFixture {
  const stack = new AwsStack(Testing.app(), "test", { accountId: ACCOUNT_ID, region: "eu-west-1" });
  const secretsKey = new KmsKey(stack, "secrets", { aliasName: "test/cluster-secrets", description: "cluster secrets" });
  const logsKey = new KmsKey(stack, "logs", { aliasName: "test/logs", description: "logs" });
  const zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];
  const network = new Network(stack, "network", {
    name: "openedx-test",
    cidrBlock: "10.40.0.0/16",
    subnets: planSubnets("10.40.0.0/16", zones, defaultSubnetPrefixLengths(16)),
    logsKey,
    interfaceEndpoints: false,
  });
  return { stack, network, secretsKey, logsKey };
}

/** Props of a valid cluster in the fixture, with overrides. */
export function clusterProps(fixture: ClusterFixture, overrides: Partial<AutoModeClusterProps> = {}): AutoModeClusterProps {
  return {
    clusterName: "openedx-test",
    kubernetesVersion: "1.33",
    network: fixture.network,
    secretsKey: fixture.secretsKey,
    logsKey: fixture.logsKey,
    adminRoleArns: [ADMIN_ROLE_ARN],
    ...overrides,
  };
}

/** A cluster with the fixture's defaults and the given overrides. */
export function testCluster(overrides: Partial<AutoModeClusterProps> = {}): ClusterFixture & { cluster: AutoModeCluster } {
  const fixture = clusterFixture();
  const cluster = new AutoModeCluster(fixture.stack, "cluster", clusterProps(fixture, overrides));
  return { ...fixture, cluster };
}

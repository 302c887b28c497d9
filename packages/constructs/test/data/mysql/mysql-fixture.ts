import { Testing } from "cdktf";
import { AuroraMysqlCluster, AuroraMysqlClusterProps } from "../../../src/data/mysql/aurora-mysql-cluster";
import { MysqlDatabaseProps } from "../../../src/data/mysql/mysql-database";
import { RdsMysqlInstance, RdsMysqlInstanceProps } from "../../../src/data/mysql/rds-mysql-instance";
import { EnvironmentKeys } from "../../../src/encryption/environment-keys";
import { Network } from "../../../src/network/network";
import { defaultSubnetPrefixLengths, planSubnets } from "../../../src/network/subnet-plan";
import { AwsStack } from "../../../src/stack/aws-stack";
import { SynthesizedStack } from "../../synth";

export const ACCOUNT_ID = "111122223333";
/** The security group of the clients, e.g. the EKS cluster security group. */
export const CLIENT_SECURITY_GROUP_ID = "sg-0123456789abcdef0";
export const ZONES = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];

/** A stack with the keys and network a database needs. */
export interface MysqlFixture {
  readonly stack: AwsStack;
  readonly network: Network;
  readonly keys: EnvironmentKeys;
}

export function mysqlFixture(): MysqlFixture {
  const stack = new AwsStack(Testing.app(), "test", { accountId: ACCOUNT_ID, region: "eu-west-1" });
  const keys = new EnvironmentKeys(stack, "keys", { environmentName: "test" });
  const network = new Network(stack, "network", {
    name: "openedx-test",
    cidrBlock: "10.40.0.0/16",
    subnets: planSubnets("10.40.0.0/16", ZONES, defaultSubnetPrefixLengths(16)),
    logsKey: keys.logs,
    interfaceEndpoints: false,
  });
  return { stack, network, keys };
}

/** The required props, on the fixture's network and keys. */
export function requiredProps(fixture: MysqlFixture): MysqlDatabaseProps {
  return {
    name: "openedx-test-mysql",
    network: fixture.network,
    clientSecurityGroupIds: [CLIENT_SECURITY_GROUP_ID],
    encryptionKey: fixture.keys.databases,
    logsKey: fixture.keys.logs,
  };
}

export function testInstance(overrides: Partial<RdsMysqlInstanceProps> = {}): MysqlFixture & { database: RdsMysqlInstance } {
  const fixture = mysqlFixture();
  const database = new RdsMysqlInstance(fixture.stack, "mysql", { ...requiredProps(fixture), ...overrides });
  return { ...fixture, database };
}

export function testCluster(overrides: Partial<AuroraMysqlClusterProps> = {}): MysqlFixture & { database: AuroraMysqlCluster } {
  const fixture = mysqlFixture();
  const database = new AuroraMysqlCluster(fixture.stack, "mysql", { ...requiredProps(fixture), ...overrides });
  return { ...fixture, database };
}

/** Builds a database with the given overrides and returns the construction error message. */
export function rejectionOf(build: () => unknown): string {
  try {
    build();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the database to be rejected");
}

/** `type.name` of the resource at a path, as it appears in `depends_on`. */
export function addressOf(synthesized: SynthesizedStack, type: string, pathSuffix: string): string {
  return synthesized.ref(type, pathSuffix, "id").replace(/^\$\{(.*)\.id\}$/, "$1");
}

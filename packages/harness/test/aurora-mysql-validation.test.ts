import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App, LocalBackend } from "cdktf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuroraMysqlCluster, AwsStack, defineEnvironment, EnvironmentKeys, Network, RdsMysqlInstance } from "@openedx-infra/constructs";
import { findRepoRoot } from "../src/stack-discovery";
import { validateStacks } from "../src/validate-stacks";

const STACK = "aurora-mysql-validation";

/**
 * One stack with a production network, the environment keys, an Aurora MySQL cluster with its
 * defaults (two instances) and a single-AZ RDS for MySQL instance, as the environment apps would
 * build them.
 */
function synthDatabaseApp(outdir: string): void {
  const app = new App({ outdir, stackTraces: false });
  const stack = new AwsStack(app, STACK, { accountId: "111122223333", region: "eu-west-1" });
  new LocalBackend(stack, { path: path.join(outdir, `${STACK}.tfstate`) });
  const environment = defineEnvironment({
    name: "production",
    tier: "production",
    accountId: "111122223333",
    region: "eu-west-1",
    availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
    vpcCidr: "10.40.0.0/16",
    domain: "courses.example.edu",
    kubernetesVersion: "1.33",
    clusterAdminRoleArns: ["arn:aws:iam::111122223333:role/PlatformAdministrator"],
    alertEmails: ["platform-alerts@example.edu"],
  });
  const keys = new EnvironmentKeys(stack, "keys", { environmentName: environment.name });
  const network = new Network(stack, "network", {
    name: `openedx-${environment.name}`,
    cidrBlock: environment.vpcCidr,
    subnets: environment.subnets,
    logsKey: keys.logs,
    interfaceEndpoints: false,
  });
  const common = {
    network,
    // Any security group of the stack stands in for the EKS cluster security group.
    clientSecurityGroupIds: [network.vpc.defaultSecurityGroupId],
    encryptionKey: keys.databases,
    logsKey: keys.logs,
  };
  new AuroraMysqlCluster(stack, "aurora", { ...common, name: "openedx-production-aurora" });
  new RdsMysqlInstance(stack, "mysql", {
    ...common,
    name: "openedx-production-mysql",
    multiAz: false,
    instanceClass: "db.t4g.medium",
    backupRetentionDays: 7,
    deletionProtection: false,
    finalSnapshot: false,
    preventDestroy: false,
  });
  app.synth();
}

// Real Terraform (init, validate, plan, show) against the provider mirror: about 10 s.
describe("an Aurora MySQL cluster and an RDS for MySQL instance under real Terraform", () => {
  const repoRoot = findRepoRoot(__dirname);
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "harness-mysql-"));

  beforeAll(() => synthDatabaseApp(outdir));
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  it("validates and plans every resource for creation", async () => {
    const report = await validateStacks({
      repoRoot,
      outDirs: [outdir],
      scratchRoot: path.join(repoRoot, ".tf-scratch", "test"),
    });
    const [stack] = report.stacks;
    expect(report.stacks).toHaveLength(1);
    // 10 keys and aliases, 39 network resources, 14 for the cluster (2 instances), 13 for the instance.
    expect(stack, stack?.errorOutput).toMatchObject({ name: STACK, status: "validated", resourcesToAdd: 76, warnings: [] });

    const stackFile = report.sources.find((source) => source.name === STACK)?.stackFile ?? "";
    const resources = (JSON.parse(fs.readFileSync(stackFile, "utf8")) as { resource: Record<string, Record<string, unknown>> }).resource;
    const count = (type: string) => Object.keys(resources[type] ?? {}).length;
    expect({
      aws_rds_cluster: count("aws_rds_cluster"),
      aws_rds_cluster_instance: count("aws_rds_cluster_instance"),
      aws_rds_cluster_parameter_group: count("aws_rds_cluster_parameter_group"),
      aws_db_instance: count("aws_db_instance"),
      aws_db_option_group: count("aws_db_option_group"),
      aws_db_parameter_group: count("aws_db_parameter_group"),
      aws_db_subnet_group: count("aws_db_subnet_group"),
    }).toEqual({
      aws_rds_cluster: 1,
      aws_rds_cluster_instance: 2,
      aws_rds_cluster_parameter_group: 1,
      aws_db_instance: 1,
      aws_db_option_group: 1,
      aws_db_parameter_group: 2,
      aws_db_subnet_group: 2,
    });
  });
});

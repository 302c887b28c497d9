import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { defineGitHubRepository } from "../../src/ci/github-repository";
import { buildEnvironmentApp } from "../../src/environment/environment-app";
import { EnvironmentStack } from "../../src/stack/environment-stack";
import { productionInput, stagingInput } from "../fixtures";
import { SynthesizedStack } from "../synth";

const outdir = () => Testing.app().outdir;

describe("buildEnvironmentApp", () => {
  const app = buildEnvironmentApp([productionInput(), stagingInput()], { outdir: outdir(), stateBootstrap: true });
  const stackNames = app.node.children.map((child) => child.node.id);

  it("adds the keys, network and cluster stacks of every environment and one bootstrap stack per account and region", () => {
    expect(stackNames).toEqual([
      "bootstrap-111122223333-eu-west-1",
      "bootstrap-444455556666-eu-west-1",
      "production-keys",
      "production-network",
      "production-cluster",
      "production-edge",
      "production-data",
      "production-backup",
      "production-identity",
      "production-platform",
      "staging-keys",
      "staging-network",
      "staging-cluster",
      "staging-edge",
      "staging-data",
      "staging-backup",
      "staging-identity",
      "staging-platform",
    ]);
  });

  it("publishes stable, documented outputs for operators and later stacks", () => {
    const output = (id: string) => Object.keys(new SynthesizedStack(app.node.findChild(id) as never).json.output ?? {}).filter((name) => !name.startsWith("cross-stack-output-"));
    expect(output("production-keys")).toEqual(["clusterSecrets_key_arn", "logs_key_arn", "databases_key_arn", "storage_key_arn", "backup_key_arn"]);
    expect(output("production-network")).toEqual(["vpc_id", "public_subnet_ids", "private_subnet_ids", "isolated_subnet_ids", "nat_public_ips"]);
    expect(output("production-cluster")).toEqual(["cluster_name", "cluster_endpoint", "cluster_security_group_id", "node_role_arn"]);
    expect(output("production-data")).toEqual([
      "mysql_engine",
      "mysql_endpoint",
      "mysql_reader_endpoint",
      "mysql_port",
      "mysql_master_username",
      "mysql_master_secret_arn",
      "mysql_security_group_id",
      "documentdb_endpoint",
      "documentdb_reader_endpoint",
      "documentdb_port",
      "documentdb_master_username",
      "documentdb_master_secret_arn",
      "documentdb_security_group_id",
      "redis_primary_endpoint",
      "redis_reader_endpoint",
      "redis_port",
      "redis_auth_secret_arn",
      "redis_security_group_id",
      "media_bucket_name",
      "backups_bucket_name",
      "access_logs_bucket_name",
      "alerts_topic_arn",
    ]);
    expect(output("production-edge")).toEqual([
      "hosted_zone_id",
      "name_servers",
      "lms_host",
      "studio_host",
      "mfe_host",
      "meilisearch_host",
      "media_host",
      "origin_host",
      "regional_certificate_arn",
      "site_distribution_id",
      "media_distribution_id",
      "media_distribution_arn",
      "origin_verify_header_name",
      "origin_verify_secret_arn",
      "smtp_host",
      "smtp_port",
      "smtp_secret_arn",
      "ecr_repository_url",
      "web_acl_arn",
    ]);
  });

  it("reads the keys and network from their stacks' remote state", () => {
    // Cross-stack references are wired when the whole app synthesizes.
    const wired = buildEnvironmentApp([productionInput()], { outdir: outdir() });
    wired.synth();
    const file = join(wired.outdir, "stacks", "production-cluster", "cdk.tf.json");
    const cluster = JSON.parse(readFileSync(file, "utf8")) as { data?: Record<string, Record<string, { config: Record<string, unknown> }>> };
    const remote = cluster.data?.terraform_remote_state ?? {};
    expect(Object.keys(remote)).toEqual(["cross-stack-reference-input-production-keys", "cross-stack-reference-input-production-network"]);
    expect(remote["cross-stack-reference-input-production-network"].config).toMatchObject({ key: "production/network.tfstate", encrypt: true });
  });

  it("checks production stacks against the production pack too, and other stacks against the base pack only", () => {
    const packs = (id: string) => (app.node.findChild(id) as EnvironmentStack).policyPacks.map((pack) => pack.name);
    expect(packs("production-data")).toEqual(["OpenedxAws", "OpenedxAwsProduction"]);
    expect(packs("staging-data")).toEqual(["OpenedxAws"]);
    expect(packs("production-platform")).toEqual(["OpenedxAws", "OpenedxKubernetes", "OpenedxAwsProduction", "OpenedxKubernetesProduction"]);
    expect(packs("staging-platform")).toEqual(["OpenedxAws", "OpenedxKubernetes"]);
  });

  it("reports the problems of every environment before creating anything", () => {
    expect(() => buildEnvironmentApp([productionInput({ accountId: "1" }), stagingInput({ domain: "https://x" })], { outdir: outdir() })).toThrow(
      /invalid configuration for environment "production":\n {2}- accountId: .*\ninvalid configuration for environment "staging":\n {2}- domain: /,
    );
  });

  it("fails on two environments with the same name", () => {
    expect(() => buildEnvironmentApp([stagingInput(), stagingInput()], { outdir: outdir() })).toThrow(
      'environment name "staging" is defined twice; each environment needs its own name',
    );
  });

  describe("with gitHubCi", () => {
    const repository = defineGitHubRepository({ owner: "example-org", repository: "openedx-infra", environments: ["production", "staging"] });
    const ciApp = buildEnvironmentApp([productionInput(), stagingInput()], { outdir: outdir(), stateBootstrap: true, gitHubCi: repository });
    const bootstrap = (id: string) => new SynthesizedStack(ciApp.node.findChild(id) as never).json;

    it("puts each account's OIDC provider and CI roles into that account's bootstrap stack", () => {
      for (const [stack, environment] of [
        ["bootstrap-111122223333-eu-west-1", "production"],
        ["bootstrap-444455556666-eu-west-1", "staging"],
      ] as const) {
        const json = bootstrap(stack);
        expect(Object.keys(json.resource?.aws_iam_openid_connect_provider ?? {})).toHaveLength(1);
        expect(Object.keys(json.output ?? {})).toEqual(
          expect.arrayContaining(["github_oidc_provider_arn", "github_plan_role_arn", `github_deploy_role_arn_${environment}`, `github_image_role_arn_${environment}`]),
        );
      }
    });

    it("is refused without the state bootstrap stacks that hold the roles", () => {
      expect(() => buildEnvironmentApp([stagingInput()], { outdir: outdir(), gitHubCi: repository })).toThrow(
        "gitHubCi needs stateBootstrap: true, since the CI roles live in the state bootstrap stacks",
      );
    });
  });
});

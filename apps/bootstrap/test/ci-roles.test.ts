import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { synthesizeApp } from "../../../packages/harness/src/synth-app";
import { findRepoRoot } from "../../../packages/harness/src/stack-discovery";
import { validateStacks } from "../../../packages/harness/src/validate-stacks";
import { environmentSecretArnPatterns } from "@openedx-infra/constructs";
import { ciTarget } from "../src/ci-target";

describe("the bootstrap app's GitHub Actions access", () => {
  const synthesis = synthesizeApp(join(__dirname, ".."));
  const production = synthesis.stack("bootstrap-111122223333-eu-west-1");
  const staging = synthesis.stack("bootstrap-444455556666-eu-west-1");
  const roleNames = (stack: typeof production) => Object.values(stack.resource?.aws_iam_role ?? {}).map((role) => role.name as string).sort();
  const scratch = mkdtempSync(join(tmpdir(), "bootstrap-ci-validate-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("creates the OIDC provider and the roles of each environment in that environment's account", () => {
    expect(synthesis.stderr).toBe("");
    expect(roleNames(production)).toEqual(["openedx-github-deploy-production", "openedx-github-image-production", "openedx-github-plan"]);
    expect(roleNames(staging)).toEqual(["openedx-github-deploy-staging", "openedx-github-image-staging", "openedx-github-plan"]);
    for (const stack of [production, staging]) {
      expect(Object.values(stack.resource?.aws_iam_openid_connect_provider ?? {})).toEqual([
        expect.objectContaining({ url: "https://token.actions.githubusercontent.com", client_id_list: ["sts.amazonaws.com"] }),
      ]);
    }
  });

  it("trusts the placeholder repository of apps/bootstrap/src/github.ts", () => {
    const trust = (name: string) =>
      JSON.parse(Object.values(production.resource?.aws_iam_role ?? {}).find((role) => role.name === name)?.assume_role_policy as string).Statement[0].Condition.StringEquals;
    expect(trust("openedx-github-plan")["token.actions.githubusercontent.com:sub"]).toBe("repo:example-org/openedx-infra:pull_request");
    expect(trust("openedx-github-deploy-production")["token.actions.githubusercontent.com:sub"]).toBe("repo:example-org/openedx-infra:environment:production");
  });

  it("outputs the role ARNs under the names the README gives", () => {
    expect(Object.keys(staging.output ?? {}).sort()).toEqual([
      "github_deploy_role_arn_staging",
      "github_image_role_arn_staging",
      "github_oidc_provider_arn",
      "github_plan_role_arn",
    ]);
  });

  it("gives the workflows (through ci-target) the ARNs of exactly these roles, in the environment's account", () => {
    for (const [environment, stack, accountId] of [["production", production, "111122223333"], ["staging", staging, "444455556666"]] as const) {
      const target = ciTarget(environment);
      for (const key of ["plan-role-arn", "deploy-role-arn", "image-role-arn"]) {
        const [prefix, name] = target[key].split(":role/");
        expect(prefix).toBe(`arn:aws:iam::${accountId}`);
        expect(roleNames(stack)).toContain(name);
      }
      expect(target.region).toBe("eu-west-1");
      expect(target["cluster-name"]).toBe(`openedx-${environment}`);
      expect(target["image-repository-name"]).toBe(`openedx/${environment}/openedx`);
    }
  });

  it("scopes the roles to the names the staging app's stacks really use", () => {
    const app = synthesizeApp(join(__dirname, "..", "..", "staging"));
    const target = ciTarget("staging");
    const resources = (type: string) => app.stackNames.flatMap((name) => Object.values(app.stack(name).resource?.[type] ?? {}));
    expect(app.stackNames.filter((name) => name !== "staging-platform").sort()).toEqual(target.stacks.split(" ").sort());
    expect(resources("aws_ecr_repository").map((repository) => repository.name)).toEqual([target["image-repository-name"]]);
    expect(resources("aws_eks_cluster").map((cluster) => cluster.name)).toEqual([target["cluster-name"]]);
    // The deploy role manages IAM only under these names.
    for (const role of resources("aws_iam_role")) expect(role.name).toMatch(/^openedx-staging-/);
    for (const user of resources("aws_iam_user")) expect([user.path, user.name]).toEqual(["/openedx/", expect.stringMatching(/^openedx-staging-/)]);
    // The plan and image roles read only secrets under these prefixes.
    const prefixes = environmentSecretArnPatterns({ name: "staging", accountId: "444455556666", region: "eu-west-1" }).map((pattern) => pattern.split(":secret:")[1].replace(/\*$/, ""));
    const secrets = resources("aws_secretsmanager_secret").map((secret) => secret.name as string);
    expect(secrets.length).toBeGreaterThan(0);
    for (const name of secrets) expect([name, prefixes.some((prefix) => name.startsWith(prefix))]).toEqual([name, true]);
    // State objects are <env>/<component>.tfstate in the bucket the roles are scoped to.
    for (const name of app.stackNames) {
      expect(app.stack(name).terraform.backend?.s3).toMatchObject({ bucket: "openedx-infra-state-444455556666-eu-west-1", key: expect.stringMatching(/^staging\/[a-z-]+\.tfstate$/) });
    }
  });

  it("refuses an environment GitHub Actions does not deploy", () => {
    expect(() => ciTarget("qa")).toThrow('unknown environment "qa"; GitHub Actions deploys: staging, production (apps/bootstrap/src/github.ts)');
  });

  it("refuses an environment that GitHub Actions deploys but no config defines", () => {
    expect(() => ciTarget("staging", [])).toThrow('environment "staging" has no configuration in apps/*/src/config.ts');
  });

  it("passes terraform validate and an offline plan with the roles", async () => {
    const report = await validateStacks({ repoRoot: findRepoRoot(__dirname), outDirs: [synthesis.outdir], scratchRoot: scratch });
    expect(report.stacks.map((stack) => [stack.name, stack.status, stack.errorOutput ?? ""])).toEqual([
      ["bootstrap-111122223333-eu-west-1", "validated", ""],
      ["bootstrap-444455556666-eu-west-1", "validated", ""],
    ]);
    for (const stack of report.stacks) expect(stack.warnings).toEqual([]);
  }, 300000);
});

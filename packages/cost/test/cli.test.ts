import { mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineEnvironment, EnvironmentConfig } from "@openedx-infra/constructs";
import { beforeAll, describe, expect, it } from "vitest";
import { synthesizeApp } from "../../harness/src/synth-app";
import { productionConfig } from "../../../apps/production/src/config";
import { stagingConfig } from "../../../apps/staging/src/config";
import { CliError, environmentStacks, estimateFor, parseArguments, runCost, USAGE } from "../src/cli";
import { Estimate } from "../src/estimate/estimate";
import { compareByCategory } from "../src/report";

const environments: ReadonlyMap<string, EnvironmentConfig> = new Map([productionConfig, stagingConfig].map((input) => [input.name, defineEnvironment(input)]));

describe("pnpm cost: rejected command lines", () => {
  it.each([
    [[], `missing the environment\n${USAGE}`],
    [["staging", "production"], `one environment expected, got "staging", "production"\n${USAGE}`],
    [["qa"], 'unknown environment "qa": the environments are production, staging'],
    [["staging", "--compare", "qa"], 'unknown environment "qa": the environments are production, staging'],
    [["staging", "--compare", "staging"], '--compare needs another environment than "staging"'],
    [["staging", "--compare"], `option --compare needs a value\n${USAGE}`],
    [["staging", "--stacks-dir", "--json"], `option --stacks-dir needs a value\n${USAGE}`],
    [["staging", "--region", "eu-west-1"], `unknown option --region\n${USAGE}`],
  ])("refuses %j", (argv, message) => {
    expect(() => parseArguments(argv, environments)).toThrow(new CliError(message));
  });

  it("accepts an environment with --compare, --stacks-dir and --json", () => {
    expect(parseArguments(["staging", "--compare", "production", "--stacks-dir", "cdktf.out/stacks", "--json"], environments)).toEqual({
      environment: "staging",
      compare: "production",
      stacksDir: "cdktf.out/stacks",
      json: true,
    });
  });

  it("names the directory when --stacks-dir holds no stacks of the environment", () => {
    const empty = mkdtempSync(join(tmpdir(), "cost-empty-"));
    expect(() => runCost(["staging", "--stacks-dir", empty], { log: () => undefined, cwd: "/", environments })).toThrow(`no stacks of environment "staging" in ${empty}`);
    expect(() => runCost(["staging", "--stacks-dir", join(empty, "missing")], { log: () => undefined, cwd: "/", environments })).toThrow(
      `no synthesized stacks: ${join(empty, "missing")} does not exist (run pnpm synth, or leave out --stacks-dir)`,
    );
  });
});

describe("the idle estimates of the repository's environments", () => {
  let stacksDir: string;
  let staging: Estimate;
  let production: Estimate;

  beforeAll(() => {
    // Both apps synthesized afresh, gathered in one directory the way `cdktf.out/stacks` holds them.
    stacksDir = mkdtempSync(join(tmpdir(), "cost-stacks-"));
    for (const name of ["staging", "production"]) {
      const synthesis = synthesizeApp(join(__dirname, "..", "..", "..", "apps", name));
      expect(synthesis.status, synthesis.stderr).toBe(0);
      for (const stack of synthesis.stackNames) symlinkSync(join(synthesis.outdir, "stacks", stack), join(stacksDir, stack));
    }
    staging = estimateFor(environments.get("staging") as EnvironmentConfig, environmentStacks("staging", stacksDir));
    production = estimateFor(environments.get("production") as EnvironmentConfig, environmentStacks("production", stacksDir));
  });

  it("prices every resource of both environments from the eu-west-1 table, with no unknown price", () => {
    expect(staging.region).toBe("eu-west-1");
    expect(staging.unknown).toEqual([]);
    expect(production.unknown).toEqual([]);
    expect(staging.hourly).toBeCloseTo(staging.lines.reduce((total, line) => total + line.hourly, 0), 10);
  });

  it("keeps staging idle near the cookiecutter seed's $0.41/hour: one NAT gateway, no interface endpoints, one node", () => {
    // The seed's $0.41/hour is not reached: EKS, DocumentDB's smallest class, the NAT gateway and
    // the load balancer alone are $0.27/hour (README "Cost"). This bound catches any regression.
    expect(staging.hourly).toBeLessThanOrEqual(0.47);
    expect(staging.lines.filter((line) => line.category === "VPC endpoints")).toEqual([]);
    expect(staging.lines.filter((line) => line.category === "NAT gateways")).toHaveLength(1);
    const node = staging.lines.find((line) => line.what.startsWith("Auto Mode node EC2"));
    expect(node?.quantity).toMatch(/^1 × /);
    // Staging's Spot NodePool: with no Spot price in the table, the on-demand price is the upper bound counted.
    expect(node?.what).toContain("Spot first, counted at the on-demand price");
    expect(staging.warnings).toContainEqual(expect.stringContaining("NodePool general-purpose-spot runs its nodes as Spot when offered"));
    expect(production.lines.find((line) => line.what.startsWith("Auto Mode node EC2"))?.what).toMatch(/, on-demand$/);
  });

  it("prints production beside staging with what its high availability adds", () => {
    expect(production.hourly).toBeGreaterThan(staging.hourly);
    const rows = new Map(compareByCategory(staging, production).map((row) => [row.category, row]));
    expect(rows.get("NAT gateways")?.difference).toBeCloseTo(2 * 0.048, 10);
    expect(rows.get("MySQL")?.difference).toBeGreaterThan(0);
    expect(rows.get("cache")?.difference).toBeGreaterThan(0);
    expect(rows.get("EKS control plane")?.difference).toBe(0);

    const output: string[] = [];
    runCost(["staging", "--compare", "production", "--stacks-dir", stacksDir], { log: (text) => output.push(text), cwd: "/", environments });
    const text = output.join("\n");
    expect(text).toContain("Idle cost estimate of staging (eu-west-1)");
    expect(text).toContain("Idle cost estimate of production (eu-west-1)");
    expect(text).toContain("what production's high availability and sizes add");
    expect(text).toContain(`as of ${staging.prices.asOf}`);
    expect(text).toContain("NAT gateway: staging 1 NAT gateway; production 3 × NAT gateway");
    expect(text).toMatch(/MySQL: staging 1 instance RDS for MySQL db\.t4g\.micro, single-AZ; production 2 instances RDS for MySQL db\.r7g\.large, Multi-AZ/);
    expect(text).toContain(`Total (idle): $${staging.hourly.toFixed(4)}/hour`);
  });

  it("prints machine-readable estimates with --json", () => {
    const output: string[] = [];
    runCost(["production", "--stacks-dir", stacksDir, "--json"], { log: (text) => output.push(text), cwd: "/", environments });
    const parsed = JSON.parse(output.join("")) as Estimate;
    expect(parsed.environment).toBe("production");
    expect(parsed.hourly).toBeCloseTo(production.hourly, 10);
  });
});

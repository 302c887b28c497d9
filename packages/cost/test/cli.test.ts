import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineEnvironment, EnvironmentConfig } from "@openedx-infra/constructs";
import { beforeAll, describe, expect, it } from "vitest";
import { synthesizeApp } from "../../harness/src/synth-app";
import { productionConfig } from "../../../apps/production/src/config";
import { stagingConfig } from "../../../apps/staging/src/config";
import { CliError, environmentStacks, estimateFor, parseArguments, readSpotPriceFile, runCost, USAGE } from "../src/cli";
import { spotPriceCommand } from "../src/prices/spot-prices";
import { Estimate } from "../src/estimate/estimate";
import { compareByCategory } from "../src/report";

/** Spot price files with made-up prices (never real ones) and broken files, for the --spot-prices tests. */
const fixtures = join(__dirname, "fixtures");
const environments: ReadonlyMap<string, EnvironmentConfig> = new Map([productionConfig, stagingConfig].map((input) => [input.name, defineEnvironment(input)]));

describe("pnpm cost: rejected command lines", () => {
  it.each([
    [[], `missing the environment\n${USAGE}`],
    [["staging", "production"], `one environment expected, got "staging", "production"\n${USAGE}`],
    [["qa"], 'unknown environment "qa": the environments are production, staging'],
    [["staging", "--compare", "qa"], 'unknown environment "qa": the environments are production, staging'],
    [["staging", "--compare", "staging"], '--compare needs another environment than "staging"'],
    [["staging", "--compare"], `option --compare needs a value\n${USAGE}`],
    [["staging", "--stacks-dir", "--json"], `option --stacks-dir needs a value, not the option --json\n${USAGE}`],
    [["staging", "--spot-prices"], `option --spot-prices needs a value\n${USAGE}`],
    [["staging", "--region", "eu-west-1"], `unknown option --region; allowed: --compare, --stacks-dir, --spot-prices, --json\n${USAGE}`],
    [["staging", "--compare", "production", "--compare", "production"], `option --compare given twice; give it once\n${USAGE}`],
  ])("refuses %j", (argv, message) => {
    expect(() => parseArguments(argv, environments)).toThrow(new CliError(message));
  });

  it("accepts an environment with --compare, --stacks-dir, --spot-prices and --json", () => {
    expect(parseArguments(["staging", "--compare", "production", "--stacks-dir", "cdktf.out/stacks", "--spot-prices", "spot.json", "--json"], environments)).toEqual({
      environment: "staging",
      compare: "production",
      stacksDir: "cdktf.out/stacks",
      spotPrices: "spot.json",
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

describe("pnpm cost --spot-prices: rejected files, before anything is synthesized", () => {
  // The fixtures hold made-up prices; the stacks directory does not exist, so only a refusal that
  // comes before reading the stacks gives these messages.
  const run = (argv: string[]) => runCost([...argv, "--stacks-dir", "/nonexistent"], { log: () => undefined, cwd: fixtures, environments });
  it.each([
    [["production", "--spot-prices", "made-up-spot-prices.eu-west-1.fixture.json"], '--spot-prices applies to an environment with Spot nodes (sizing.nodeCapacity "spot"): production runs on-demand'],
    [["staging", "--spot-prices", "spot.json"], `--spot-prices spot.json: no such file (write it with ${spotPriceCommand("eu-west-1")} > spot.json)`],
    [["staging", "--spot-prices", "truncated-spot-prices.fixture.txt"], "--spot-prices truncated-spot-prices.fixture.txt: not JSON ("],
    [
      ["staging", "--compare", "production", "--spot-prices", "made-up-spot-prices.us-east-1.fixture.json"],
      '--spot-prices made-up-spot-prices.us-east-1.fixture.json: SpotPriceHistory[0].AvailabilityZone must be an availability zone of eu-west-1, the region of staging (eu-west-1a, eu-west-1b, ...) (got "us-east-1a")',
    ],
    [["staging", "--spot-prices", "made-up-spot-prices.windows.fixture.json"], '--spot-prices made-up-spot-prices.windows.fixture.json: SpotPriceHistory[1].ProductDescription must be "Linux/UNIX" or "Linux/UNIX (Amazon VPC)"'],
  ])("refuses %j", (argv, message) => {
    expect(() => run(argv)).toThrow(CliError);
    expect(() => run(argv)).toThrow(message);
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

  it("reads the same stacks when --stacks-dir names the synthesis's output directory instead of its stacks folder", () => {
    const outDir = join(mkdtempSync(join(tmpdir(), "cost-synthesis-")), "cdktf.out");
    mkdirSync(outDir);
    writeFileSync(join(outDir, "manifest.json"), "{}");
    symlinkSync(stacksDir, join(outDir, "stacks"));
    expect(environmentStacks("staging", outDir)).toEqual(environmentStacks("staging", stacksDir));
  });

  it("prices every resource of both environments from the eu-west-1 table, with no unknown price", () => {
    expect(staging.region).toBe("eu-west-1");
    expect(staging.unknown).toEqual([]);
    expect(production.unknown).toEqual([]);
    expect(staging.hourly).toBeCloseTo(staging.lines.reduce((total, line) => total + line.hourly, 0), 10);
  });

  it("keeps staging idle at or below the cookiecutter seed's $0.41/hour on-demand: one NAT instance, no interface endpoints, one node", () => {
    // The Spot node is counted at its on-demand price, so this holds whatever Spot costs that day.
    expect(staging.hourly).toBeLessThanOrEqual(0.41);
    const nat = staging.lines.filter((line) => line.category === "NAT");
    expect(nat.map((line) => [line.what, line.quantity])).toEqual([
      ["NAT instance EC2 t4g.nano", "1"],
      [expect.stringMatching(/^root volume of aws_instance\..+ \(EBS gp3\)$/), "8 GB"],
    ]);
    expect(nat.reduce((total, line) => total + line.hourly, 0)).toBeCloseTo(0.0046 + (8 * 0.088) / 730, 10);
    expect(staging.usageBased).toContainEqual(expect.objectContaining({ what: expect.stringContaining("NAT instance data transfer out") }));
    // Staging's MySQL starts at 20 GiB of gp3; production keeps the 100 GiB default, on two copies (Multi-AZ).
    const storage = (estimate: Estimate) => estimate.lines.find((line) => line.what.startsWith("RDS storage"))?.quantity;
    expect(storage(staging)).toBe("20 GB × 1");
    expect(storage(production)).toBe("100 GB × 2");
    expect(staging.lines.filter((line) => line.category === "VPC endpoints")).toEqual([]);
    const node = staging.lines.find((line) => line.what.startsWith("Auto Mode node EC2"));
    expect(node?.quantity).toMatch(/^1 × /);
    // Staging's Spot NodePool: with no Spot price in the table, the on-demand price is the upper bound counted.
    expect(node?.what).toContain("Spot first, counted at the on-demand price");
    expect(staging.warnings).toContainEqual(expect.stringContaining("NodePool general-purpose-spot runs its nodes as Spot when offered"));
    expect(production.lines.find((line) => line.what.startsWith("Auto Mode node EC2"))?.what).toMatch(/, on-demand$/);
    // Staging's replicas may share its one node; production's are spread, one per node.
    expect(staging.pods.filter((pod) => pod.spreadOverNodes === true)).toEqual([]);
  });

  it("gives each of production's spread replicas a node of its own: the node count is at least the most replicas of one Deployment", () => {
    const spread = production.pods.filter((pod) => pod.spreadOverNodes === true);
    expect(spread.map((pod) => pod.name).sort()).toEqual(["openedx/cms", "openedx/cms-worker", "openedx/lms", "openedx/lms-worker"]);
    const node = production.lines.find((line) => line.what.startsWith("Auto Mode node EC2"));
    const count = Number(/^(\d+) × /.exec(node?.quantity ?? "")?.[1]);
    expect(count).toBeGreaterThanOrEqual(Math.max(...spread.map((pod) => pod.replicas)));
    expect(production.assumptions).toContainEqual(expect.stringContaining("so no two replicas of one of them share a node"));
  });

  it("prints production beside staging with what its high availability adds", () => {
    expect(production.hourly).toBeGreaterThan(staging.hourly);
    const rows = new Map(compareByCategory(staging, production).map((row) => [row.category, row]));
    // Three NAT gateways against staging's NAT instance and its volume.
    expect(rows.get("NAT")?.difference).toBeCloseTo(3 * 0.048 - 0.0046 - (8 * 0.088) / 730, 10);
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
    expect(text).toContain("NAT: staging 1 NAT instance EC2 t4g.nano; production 3 × NAT gateway");
    expect(text).toMatch(/MySQL: staging 1 instance RDS for MySQL db\.t4g\.micro, single-AZ; production 2 instances RDS for MySQL db\.r7g\.large, Multi-AZ/);
    expect(text).toContain(`Total (idle): $${staging.hourly.toFixed(4)}/hour`);
  });

  it("prices staging's Spot node from a --spot-prices file at the highest price of its zones, the Auto Mode fee unchanged", () => {
    const configs = [environments.get("staging") as EnvironmentConfig];
    const spot = estimateFor(configs[0], environmentStacks("staging", stacksDir), readSpotPriceFile("made-up-spot-prices.eu-west-1.fixture.json", fixtures, configs));
    const nodeLine = (estimate: Estimate) => estimate.lines.find((line) => line.what.startsWith("Auto Mode node EC2")) as Estimate["lines"][number];
    const feeLine = (estimate: Estimate) => estimate.lines.find((line) => line.what === "EKS Auto Mode management fee");
    // The fixture's made-up m5a.large prices: eu-west-1a 0.0123, eu-west-1b 0.0234; eu-west-1c's 0.0456 is not a staging zone.
    expect(nodeLine(spot).hourly).toBeCloseTo(0.0234, 10);
    expect(nodeLine(spot).what).toContain("Spot at $0.0234/hour (eu-west-1b, the dearest of eu-west-1a, eu-west-1b) from your --spot-prices file (newest price 2026-12-03T11:00:00+00:00)");
    expect(feeLine(spot)?.hourly).toBeCloseTo(0.096 * 0.12, 10);
    expect(feeLine(spot)?.hourly).toBe(feeLine(staging)?.hourly);
    expect(spot.hourly).toBeCloseTo(staging.hourly - (nodeLine(staging).hourly - 0.0234), 10);
    expect(spot.spotPrices).toEqual({ file: "made-up-spot-prices.eu-west-1.fixture.json", newest: "2026-12-03T11:00:00+00:00" });
    expect(spot.warnings).toContainEqual(expect.stringContaining("when AWS offers no Spot capacity the node runs on-demand: $0.0960/hour instead of $0.0234"));

    const output: string[] = [];
    runCost(["staging", "--compare", "production", "--stacks-dir", stacksDir, "--spot-prices", "made-up-spot-prices.eu-west-1.fixture.json"], { log: (text) => output.push(text), cwd: fixtures, environments });
    const text = output.join("\n");
    expect(text).toContain("Spot prices of the Spot node line: from your --spot-prices file made-up-spot-prices.eu-west-1.fixture.json, newest price 2026-12-03T11:00:00+00:00.");
    expect(text).toContain(`Total (idle): $${spot.hourly.toFixed(4)}/hour`);
    // Production runs on-demand: the file does not touch it.
    expect(text).toContain(`Total (idle): $${production.hourly.toFixed(4)}/hour`);
  });

  it("falls back to the on-demand upper bound when the --spot-prices file lacks a zone of the node's type", () => {
    const configs = [environments.get("staging") as EnvironmentConfig];
    const partial = estimateFor(configs[0], environmentStacks("staging", stacksDir), readSpotPriceFile("made-up-spot-prices.missing-zone.fixture.json", fixtures, configs));
    expect(partial.hourly).toBeCloseTo(staging.hourly, 10);
    expect(partial.spotPrices).toBeUndefined();
    expect(partial.lines.find((line) => line.what.startsWith("Auto Mode node EC2"))?.what).toContain("Spot first, counted at the on-demand price");
    expect(partial.warnings).toContainEqual(
      "staging-platform: NodePool general-purpose-spot runs its nodes as Spot when offered; Spot prices vary by the hour and the table holds none, so the on-demand price is counted: an upper bound of the node line (your --spot-prices file has no m5a.large price in eu-west-1b)",
    );
  });

  it("is what the README's Cost section prints as the totals", () => {
    const readme = readFileSync(join(__dirname, "..", "..", "..", "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Cost\n"), readme.indexOf("\n## ", readme.indexOf("## Cost\n") + 1));
    for (const estimate of [staging, production]) {
      expect(section).toContain(`**$${estimate.hourly.toFixed(4)}/h ($${(estimate.hourly * 730).toFixed(2)}/month)**`);
    }
  });

  it("prints machine-readable estimates with --json", () => {
    const output: string[] = [];
    runCost(["production", "--stacks-dir", stacksDir, "--json"], { log: (text) => output.push(text), cwd: "/", environments });
    const parsed = JSON.parse(output.join("")) as Estimate;
    expect(parsed.environment).toBe("production");
    expect(parsed.hourly).toBeCloseTo(production.hourly, 10);
  });
});

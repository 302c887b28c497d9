import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CommandLineError } from "../../harness/src/command-line";
import { REPOSITORY_ROOT, runDiagram, synthesizeEnvironmentApp, USAGE } from "../src/cli";

// A minimal cdktf.out: one network stack with a VPC and a subnet in each of two AZs.
function fixtureOutdir(environment = "demo"): string {
  const outdir = mkdtempSync(join(tmpdir(), "diagram-cli-"));
  const stack = `${environment}-network`;
  mkdirSync(join(outdir, "stacks", stack), { recursive: true });
  writeFileSync(join(outdir, "manifest.json"), JSON.stringify({ stacks: { [stack]: { synthesizedStackPath: `stacks/${stack}/cdk.tf.json` } } }));
  const subnet = (zone: string, cidr: string) => ({ cidr_block: cidr, availability_zone: zone, tags: { "openedx:subnet-tier": "private" } });
  writeFileSync(
    join(outdir, "stacks", stack, "cdk.tf.json"),
    JSON.stringify({
      provider: { aws: [{ region: "eu-west-1" }] },
      resource: {
        aws_vpc: { network: { cidr_block: "10.9.0.0/16", tags: { Name: `openedx-${environment}` } } },
        aws_subnet: { a: subnet("eu-west-1a", "10.9.0.0/19"), b: subnet("eu-west-1b", "10.9.32.0/19") },
      },
    }),
  );
  return outdir;
}

const context = (cwd: string) => ({ cwd, environments: ["demo", "qa"] });

describe("pnpm diagram", () => {
  it("draws an already synthesized environment into --out-dir", async () => {
    const outdir = fixtureOutdir();
    const lines: string[] = [];
    const written = await runDiagram(["demo", "--stacks-dir", outdir, "--out-dir", "out"], { ...context(outdir), log: (line) => lines.push(line) });
    expect(written).toEqual({ svgPath: join(outdir, "out", "demo.svg"), pngPath: join(outdir, "out", "demo.png") });
    const svg = readFileSync(written.svgPath, "utf8").replace(/&#45;/g, "-");
    expect(svg).toContain("VPC openedx-demo 10.9.0.0/16");
    expect(svg).toContain("AZ eu-west-1b");
    expect(readFileSync(written.pngPath).subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(lines).toEqual([`wrote ${written.svgPath} and ${written.pngPath}`]);
  });

  it("takes the synthesis's stacks folder for --stacks-dir too, as cost, restore-plan and tutor-env do", async () => {
    const outdir = fixtureOutdir();
    const written = await runDiagram(["demo", "--stacks-dir", join(outdir, "stacks"), "--out-dir", "out"], context(outdir));
    expect(readFileSync(written.svgPath, "utf8").replace(/&#45;/g, "-")).toContain("VPC openedx-demo 10.9.0.0/16");
  });

  it("synthesizes apps/<environment> when no --stacks-dir is given", async () => {
    const outdir = fixtureOutdir();
    const synthesized: string[] = [];
    await runDiagram(["demo", "--out-dir", "out"], { ...context(outdir), synthesize: (app) => (synthesized.push(app), outdir) });
    expect(synthesized).toHaveLength(1);
    expect(synthesized[0]).toMatch(/\/apps\/demo$/);
  });

  it("rejects bad usage before writing anything", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "diagram-cli-"));
    const run = (argv: string[]) => runDiagram([...argv, "--out-dir", "out"], context(cwd));
    await expect(run([])).rejects.toThrow(/^expected exactly one environment name, got 0\nusage: pnpm diagram <environment>/);
    await expect(run(["demo", "qa"])).rejects.toThrow(/^expected exactly one environment name, got 2 \(demo qa\)\n/);
    await expect(run(["demo", "--force"])).rejects.toThrow(new CommandLineError(`unknown option --force; allowed: --stacks-dir, --out-dir\n${USAGE}`));
    await expect(runDiagram(["demo", "--stacks-dir"], context(cwd))).rejects.toThrow(new CommandLineError(`option --stacks-dir needs a value\n${USAGE}`));
    await expect(run(["demo", "--stacks-dir", "--out-dir"])).rejects.toThrow(new CommandLineError(`option --stacks-dir needs a value, not the option --out-dir\n${USAGE}`));
    await expect(run(["demo", "--out-dir", "elsewhere"])).rejects.toThrow(new CommandLineError(`option --out-dir given twice; give it once\n${USAGE}`));
    await expect(run(["prod"])).rejects.toThrow('unknown environment "prod"; known: demo, qa');
    await expect(run(["demo", "--stacks-dir", "nowhere"])).rejects.toThrow(
      `--stacks-dir ${join(cwd, "nowhere")}: no manifest.json there; pass the cdktf.out directory of a synthesis (pnpm synth writes ./cdktf.out)`,
    );
    const outdir = fixtureOutdir();
    await expect(run(["qa", "--stacks-dir", outdir])).rejects.toThrow(`${join(outdir, "manifest.json")} lists no stack of environment "qa" (no stack named qa-*); it lists: demo-network`);
    expect(existsSync(join(cwd, "out"))).toBe(false);
  });

  it("uses the repository's environments by default", async () => {
    await expect(runDiagram(["qa"])).rejects.toThrow('unknown environment "qa"; known: production, staging');
  });

  it("reports a failed synthesis with the app's error output", () => {
    const app = mkdtempSync(join(tmpdir(), "diagram-app-"));
    mkdirSync(join(app, "src"));
    // The app resolves tsx from its own directory, as apps/<environment> does from the workspace.
    symlinkSync(join(REPOSITORY_ROOT, "node_modules"), join(app, "node_modules"));
    writeFileSync(join(app, "src", "main.ts"), 'throw new Error("config.ts: network.availabilityZones must be 2-6, got 1");\n');
    expect(() => synthesizeEnvironmentApp(app)).toThrow(new RegExp(`^synthesizing ${app} failed \\(exit 1\\):\\n[\\s\\S]*network.availabilityZones must be 2-6, got 1`));
  });
});

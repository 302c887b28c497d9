import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findRepoRoot } from "../../../packages/harness/src/stack-discovery";
import { ValidationReport, validateStacks } from "../../../packages/harness/src/validate-stacks";

const exampleDir = path.resolve(__dirname, "..");
const repoRoot = findRepoRoot(exampleDir);
const AWS_ONLY_STACKS = ["qa-backup", "qa-cluster", "qa-data", "qa-edge", "qa-identity", "qa-keys", "qa-network"];

type Resources = Record<string, Record<string, Record<string, unknown>>>;
interface StackJson {
  readonly terraform: { readonly backend: { readonly s3: Record<string, unknown> } };
  readonly provider: { readonly aws: Record<string, unknown>[] };
  readonly resource: Resources;
}

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  return spawnSync(command, args, { cwd, env, encoding: "utf8" });
}

/** Terraform address by construct path of every resource of a synthesized stack, as UPGRADE.md's `jq` step lists them. */
function addressesByPath(stackJson: StackJson): Record<string, string> {
  return Object.fromEntries(
    Object.entries(stackJson.resource).flatMap(([type, resources]) =>
      Object.entries(resources).map(([name, resource]) => [(resource["//"] as { metadata: { path: string } }).metadata.path, `${type}.${name}`]),
    ),
  );
}

describe("examples/minimal, a consumer app of @openedx-infra/constructs built from dist", () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "openedx-example-minimal-"));
  const outdir = path.join(scratch, "cdktf.out");
  // UPGRADE.md's worked example: the reports bucket under its first id, then renamed with moved blocks.
  const firstOutdir = path.join(scratch, "reports-first");
  const renamedOutdir = path.join(scratch, "reports-renamed");
  let synth: ReturnType<typeof run>;
  const stack = (name: string, dir = outdir): StackJson => JSON.parse(fs.readFileSync(path.join(dir, "stacks", name, "cdk.tf.json"), "utf8")) as StackJson;
  const synthRenamedReports = (dir: string, env: NodeJS.ProcessEnv) => {
    const result = run(process.execPath, ["--require", "tsx/cjs", "test/fixtures/renamed-reports.ts"], exampleDir, { ...process.env, ...env, CDKTF_OUTDIR: dir });
    if (result.status !== 0) throw new Error(`test/fixtures/renamed-reports.ts failed:\n${result.stderr}`);
  };

  beforeAll(() => {
    const build = run("pnpm", ["--filter", "@openedx-infra/constructs", "build"], repoRoot);
    if (build.status !== 0) throw new Error(`building the library failed:\n${build.stdout}\n${build.stderr}`);
    // As cdktf.json runs it (`tsx src/main.ts`), with plain node and no `openedx-source` condition.
    synth = run(process.execPath, ["--require", "tsx/cjs", "src/main.ts"], exampleDir, { ...process.env, CDKTF_OUTDIR: outdir });
    synthRenamedReports(firstOutdir, {});
    const oldAddresses = addressesByPath(stack("qa-reports", firstOutdir));
    synthRenamedReports(renamedOutdir, { REPORTS_ID: "analytics-reports", OLD_ADDRESSES: JSON.stringify(oldAddresses) });
  });
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it("resolves the package the way a consumer does: its main entry in dist, not the TypeScript source", () => {
    const resolved = createRequire(__filename).resolve("@openedx-infra/constructs", { paths: [exampleDir] });
    expect(path.relative(repoRoot, resolved)).toBe(path.join("packages", "constructs", "dist", "index.js"));
    const main = fs.readFileSync(path.join(exampleDir, "src", "main.ts"), "utf8");
    const imports = [...main.matchAll(/from "([^"]+)"/g)].map((match) => match[1]);
    expect(imports).toEqual(["@openedx-infra/constructs"]);
  });

  it("composes the environment in under 40 lines", () => {
    const lines = fs.readFileSync(path.join(exampleDir, "src", "main.ts"), "utf8").trimEnd().split("\n");
    expect(lines.length).toBeLessThan(40);
  });

  it("synthesizes the eight stacks of the qa environment", () => {
    expect(synth.stderr).toBe("");
    expect(synth.status).toBe(0);
    const stacks = fs.readdirSync(path.join(outdir, "stacks")).sort();
    expect(stacks).toEqual([...AWS_ONLY_STACKS, "qa-platform"].sort());
  });

  it("puts every stack's state in the qa account's bucket, under qa/, with S3-native locking", () => {
    for (const name of AWS_ONLY_STACKS) {
      expect(stack(name).terraform.backend.s3, name).toMatchObject({
        bucket: "openedx-infra-state-777788889999-eu-central-1",
        key: `qa/${name.slice("qa-".length)}.tfstate`,
        region: "eu-central-1",
        encrypt: true,
        use_lockfile: true,
      });
    }
  });

  it("pins the AWS provider to the qa account and region and tags every resource with the team", () => {
    const [provider] = stack("qa-network").provider.aws;
    expect(provider).toMatchObject({ region: "eu-central-1", allowed_account_ids: ["777788889999"] });
    expect(JSON.stringify(provider.default_tags)).toContain('"team":"learning-analytics"');
  });

  it("builds the network from the config: the CIDR, two zones and a single NAT gateway", () => {
    const resources = stack("qa-network").resource;
    expect(Object.values(resources.aws_vpc ?? {})).toEqual([expect.objectContaining({ cidr_block: "10.60.0.0/16" })]);
    expect(Object.keys(resources.aws_nat_gateway ?? {})).toHaveLength(1);
    const zones = new Set(Object.values(resources.aws_subnet ?? {}).map((subnet) => subnet.availability_zone));
    expect([...zones].sort()).toEqual(["eu-central-1a", "eu-central-1b"]);
  });

  it("adds the team's reports bucket to the data stack, encrypted with the environment's storage key and access-logged", () => {
    const resources = stack("qa-data").resource;
    const buckets = Object.values(resources.aws_s3_bucket ?? {}).map((bucket) => bucket.bucket);
    expect(buckets).toContain("openedx-qa-777788889999-eu-central-1-reports");
    const [reportsId] = Object.entries(resources.aws_s3_bucket ?? {}).find(([, bucket]) => bucket.bucket === "openedx-qa-777788889999-eu-central-1-reports") ?? [];
    const encryption = Object.values(resources.aws_s3_bucket_server_side_encryption_configuration ?? {}).find((config) =>
      String(config.bucket).includes(`aws_s3_bucket.${reportsId}.`),
    );
    expect(JSON.stringify(encryption)).toContain('"sse_algorithm":"aws:kms"');
    const logging = Object.values(resources.aws_s3_bucket_logging ?? {}).find((config) => String(config.bucket).includes(`aws_s3_bucket.${reportsId}.`));
    expect(logging).toMatchObject({ target_prefix: "openedx-qa-777788889999-eu-central-1-reports/" });
  });

  it("moves the state of every resource of a renamed construct with moved blocks, as UPGRADE.md shows", () => {
    const before = addressesByPath(stack("qa-reports", firstOutdir));
    const renamed = stack("qa-reports", renamedOutdir) as StackJson & { readonly moved?: { from: string; to: string }[] };
    const after = addressesByPath(renamed);
    const bucketResources = Object.entries(before).filter(([construct]) => construct.startsWith("qa-reports/reports/"));
    expect(bucketResources.length).toBeGreaterThanOrEqual(7);
    const expected = bucketResources
      .map(([construct, from]) => ({ from, to: after[construct.replace("/reports/", "/analytics-reports/")] }))
      .sort((a, b) => a.from.localeCompare(b.from));
    expect(expected.every((move) => move.to !== undefined && move.to !== move.from)).toBe(true);
    expect([...(renamed.moved ?? [])].sort((a, b) => a.from.localeCompare(b.from))).toEqual(expected);
    // The keys are not renamed: their addresses, and so their state, stay as they were.
    expect(Object.entries(after).filter(([construct]) => construct.startsWith("qa-reports/keys/"))).toEqual(
      Object.entries(before).filter(([construct]) => construct.startsWith("qa-reports/keys/")),
    );
  });

  describe("under real Terraform", () => {
    let report: ValidationReport;
    beforeAll(async () => {
      report = await validateStacks({
        repoRoot,
        outDirs: [outdir, renamedOutdir],
        scratchRoot: path.join(repoRoot, ".tf-scratch", "example-minimal"),
      });
    });

    it("validates and plans every AWS-only stack offline", () => {
      const validated = report.stacks.filter((result) => result.status === "validated").map((result) => result.name).sort();
      const failures = report.stacks.filter((result) => result.status === "failed").map((result) => `${result.name}: ${result.failedCommand}\n${result.errorOutput}`);
      expect(failures.join("\n\n")).toBe("");
      expect(validated).toEqual([...AWS_ONLY_STACKS, "qa-reports"].sort());
      for (const result of report.stacks.filter((entry) => entry.status === "validated")) {
        expect(result.warnings, result.name).toEqual([]);
        expect(result.resourcesToAdd, result.name).toBeGreaterThan(0);
      }
    });

    it("leaves only the platform stack (helm and kubernetes providers) unvalidated, with the reason", () => {
      expect(report.stacks.filter((result) => result.status === "not validated here").map((result) => [result.name, result.reason])).toEqual([
        ["qa-platform", expect.stringContaining("helm")],
      ]);
    });
  });
});

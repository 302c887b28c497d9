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

describe("examples/minimal, a consumer app of @openedx-infra/constructs built from dist", () => {
  const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "openedx-example-minimal-")), "cdktf.out");
  let synth: ReturnType<typeof run>;
  const stack = (name: string): StackJson => JSON.parse(fs.readFileSync(path.join(outdir, "stacks", name, "cdk.tf.json"), "utf8")) as StackJson;

  beforeAll(() => {
    const build = run("pnpm", ["--filter", "@openedx-infra/constructs", "build"], repoRoot);
    if (build.status !== 0) throw new Error(`building the library failed:\n${build.stdout}\n${build.stderr}`);
    // As cdktf.json runs it (`tsx src/main.ts`), with plain node and no `openedx-source` condition.
    synth = run(process.execPath, ["--require", "tsx/cjs", "src/main.ts"], exampleDir, { ...process.env, CDKTF_OUTDIR: outdir });
  });
  afterAll(() => fs.rmSync(path.dirname(outdir), { recursive: true, force: true }));

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

  describe("under real Terraform", () => {
    let report: ValidationReport;
    beforeAll(async () => {
      report = await validateStacks({ repoRoot, outDirs: [outdir], scratchRoot: path.join(repoRoot, ".tf-scratch", "example-minimal") });
    });

    it("validates and plans every AWS-only stack offline", () => {
      const validated = report.stacks.filter((result) => result.status === "validated").map((result) => result.name).sort();
      const failures = report.stacks.filter((result) => result.status === "failed").map((result) => `${result.name}: ${result.failedCommand}\n${result.errorOutput}`);
      expect(failures.join("\n\n")).toBe("");
      expect(validated).toEqual(AWS_ONLY_STACKS);
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

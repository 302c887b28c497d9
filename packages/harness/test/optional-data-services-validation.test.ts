import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildEnvironmentApp } from "@openedx-infra/constructs";
import { productionConfig } from "../../../apps/production/src/config";
import { findRepoRoot } from "../src/stack-discovery";
import { validateStacks } from "../src/validate-stacks";

// The environment apps use RDS for MySQL, no OpenSearch and no bastion; this proves the other choices of the
// `data` configuration through the same wiring, with real Terraform.
describe("a production environment with Aurora MySQL, OpenSearch and the SSM bastion under real Terraform", () => {
  const repoRoot = findRepoRoot(__dirname);
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "harness-optional-data-"));

  beforeAll(() => {
    buildEnvironmentApp([{ ...productionConfig, data: { mysqlEngine: "aurora-mysql", openSearch: true }, edge: { bastion: true } }], { outdir }).synth();
  });
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  it("validates and plans the data stack with the Aurora cluster, the OpenSearch domain and the bastion", async () => {
    const report = await validateStacks({ repoRoot, outDirs: [outdir], scratchRoot: path.join(repoRoot, ".tf-scratch", "test") });
    const data = report.stacks.find((stack) => stack.name === "production-data");
    expect(data, data?.errorOutput).toMatchObject({ status: "validated", warnings: [] });
    // The platform stack needs the helm and kubernetes providers, which are not installable offline.
    expect(report.stacks.filter((stack) => stack.status !== "validated").map((stack) => [stack.name, stack.status])).toEqual([["production-platform", "not validated here"]]);
    const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "production-data", "cdk.tf.json"), "utf8"));
    expect(Object.keys(json.resource.aws_rds_cluster_instance)).toHaveLength(2);
    expect(Object.values(json.resource.aws_instance)).toEqual([expect.objectContaining({ associate_public_ip_address: false })]);
    expect(Object.values(json.resource.aws_opensearch_domain)).toEqual([
      expect.objectContaining({ cluster_config: expect.objectContaining({ zone_awareness_enabled: true, dedicated_master_enabled: true }) }),
    ]);
  });
});

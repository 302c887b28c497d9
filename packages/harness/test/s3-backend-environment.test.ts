import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { checkS3Backend } from "../src/s3-backend-check";
import { discoverStacks, findRepoRoot } from "../src/stack-discovery";
import { readStackJson } from "../src/stack-json";
import { synthesizeApp } from "../src/synth-app";
import { writeTerraformCliConfig } from "../src/terraform-cli-config";

describe("the S3 backend of the staging app's network stack against s3rver", () => {
  const repoRoot = findRepoRoot(__dirname);
  const scratchRoot = path.join(repoRoot, ".tf-scratch", "test");

  it("initialises and plans with the product's backend block, locks <key>.tflock, and lands state at staging/network.tfstate", async () => {
    const synthesis = synthesizeApp(path.join(repoRoot, "apps", "staging"));
    expect(synthesis.status).toBe(0);
    try {
      // The network stack reads the keys stack's state; the check fakes it from the synthesized outputs.
      const { stacks } = discoverStacks([synthesis.outdir]);
      const result = await checkS3Backend({
        stacks: new Map(stacks.map((source) => [source.name, readStackJson(source.stackFile)])),
        stackFile: path.join(synthesis.outdir, "stacks", "staging-network", "cdk.tf.json"),
        scratchDir: path.join(scratchRoot, "s3-backend-check", "staging-network"),
        cliConfig: writeTerraformCliConfig({ scratchRoot }),
      });
      expect(result.bucket).toBe("openedx-infra-state-444455556666-eu-west-1");
      expect(result.keptSettings).toMatchObject({
        encrypt: true,
        kms_key_id: "arn:aws:kms:eu-west-1:444455556666:alias/openedx-infra-state",
        use_lockfile: true,
        region: "eu-west-1",
      });
      expect(result.lock).toMatchObject({ key: "staging/network.tfstate.tflock", seenDuringPlan: true, releasedAfterPlan: true });
      expect(result.state).toEqual({ found: true, hasProbe: true });
      expect(result.objectKeys).toEqual(["staging/network.tfstate"]);
      expect(result.ok).toBe(true);
    } finally {
      fs.rmSync(path.dirname(synthesis.outdir), { recursive: true, force: true });
    }
  });
});

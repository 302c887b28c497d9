import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkS3Backend } from "../src/s3-backend-check";
import { findRepoRoot } from "../src/stack-discovery";
import { writeTerraformCliConfig } from "../src/terraform-cli-config";
import { STATE_BUCKET, synthCrossStackApp } from "./fixtures/cross-stack-app";

describe("the S3 backend of a synthesized stack against s3rver", () => {
  const repoRoot = findRepoRoot(__dirname);
  const scratchRoot = path.join(repoRoot, ".tf-scratch", "test");
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "harness-s3-"));

  beforeAll(() => synthCrossStackApp(outdir));
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  it("locks with <key>.tflock during plan and writes the state at exactly <key>, keeping encryption", async () => {
    const result = await checkS3Backend({
      stackFile: path.join(outdir, "stacks", "network", "cdk.tf.json"),
      scratchDir: path.join(scratchRoot, "s3-backend-check", "network"),
      cliConfig: writeTerraformCliConfig({ scratchRoot }),
    });

    expect(result.bucket).toBe(STATE_BUCKET);
    expect(result.key).toBe("staging/network.tfstate");
    // The stack's own settings reach Terraform unchanged; only the local-server settings are added.
    expect(result.keptSettings).toMatchObject({
      encrypt: true,
      kms_key_id: "arn:aws:kms:eu-west-1:123456789012:alias/x",
      use_lockfile: true,
    });
    expect(Object.keys(result.addedSettings)).not.toContain("encrypt");

    expect(result.lock.seenDuringPlan).toBe(true);
    expect(result.lock.key).toBe("staging/network.tfstate.tflock");
    expect(result.lock.info).toMatchObject({ Operation: "OperationTypePlan" });
    expect(result.lock.releasedAfterPlan).toBe(true);

    expect(result.state).toEqual({ found: true, hasProbe: true });
    expect(result.objectKeys).toEqual(["staging/network.tfstate"]);

    expect(result.encryption.requested).toBe(true);
    expect(result.encryption.puts.map((put) => put.key)).toContain("staging/network.tfstate");
    for (const put of result.encryption.puts) {
      expect(put).toMatchObject({
        status: 200,
        serverSideEncryption: "aws:kms",
        kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:alias/x",
      });
    }
    expect(result.ok).toBe(true);
  });
});

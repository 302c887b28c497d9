import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { terraformEnv, writeTerraformCliConfig } from "../src/terraform-cli-config";
import { terraformInit } from "../src/terraform-init";

const temporary: string[] = [];
afterEach(() => {
  for (const dir of temporary.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A working directory that needs the AWS provider the stacks pin, and nothing else. */
function workingDirectory(root: string, name: string): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir);
  fs.writeFileSync(
    path.join(dir, "main.tf.json"),
    JSON.stringify({ terraform: { required_providers: { aws: { source: "hashicorp/aws", version: "5.100.0" } } } }),
  );
  return dir;
}

describe("terraformInit with the harness's plugin cache", () => {
  it("leaves the cache entry in place on a later init, so stacks validating meanwhile keep their provider", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "harness-init-"));
    temporary.push(root);
    const config = writeTerraformCliConfig({ scratchRoot: path.join(root, "scratch") });
    const env = terraformEnv(config);
    await terraformInit(config, { cwd: workingDirectory(root, "first"), env });
    const entry = path.join(config.pluginCacheDir, "registry.terraform.io/hashicorp/aws/5.100.0", `${process.platform}_${process.arch === "x64" ? "amd64" : process.arch}`);
    const before = fs.lstatSync(entry);

    const second = workingDirectory(root, "second");
    await terraformInit(config, { cwd: second, env });

    const after = fs.lstatSync(entry);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    // The second directory still gets the provider, through the cache.
    expect(fs.realpathSync(path.join(second, ".terraform/providers/registry.terraform.io/hashicorp/aws/5.100.0", path.basename(entry)))).toBe(fs.realpathSync(entry));
  }, 120_000);
});

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { defaultOutDirs, discoverStacks } from "../src/stack-discovery";

const temporary: string[] = [];
afterEach(() => {
  for (const dir of temporary.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function writeOutDir(dir: string, stacks: Record<string, readonly string[]>): void {
  const manifest = {
    version: "0.21.0",
    stacks: Object.fromEntries(
      Object.entries(stacks).map(([name, dependencies]) => [
        name,
        { name, synthesizedStackPath: `stacks/${name}/cdk.tf.json`, workingDirectory: `stacks/${name}`, dependencies },
      ]),
    ),
  };
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(manifest));
}

describe("stack discovery", () => {
  it("reads the root cdktf.out first and keeps the first stack of each name", () => {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), "harness-discovery-"));
    temporary.push(repo);
    writeOutDir(path.join(repo, "cdktf.out"), { "staging-network": [], "staging-cluster": ["staging-network"] });
    writeOutDir(path.join(repo, "apps", "staging", "cdktf.out"), { "staging-network": [], "staging-extra": [] });
    fs.mkdirSync(path.join(repo, "apps", "production"), { recursive: true });

    const outDirs = defaultOutDirs(repo);
    expect(outDirs).toEqual([path.join(repo, "cdktf.out"), path.join(repo, "apps", "staging", "cdktf.out")]);

    const { stacks, duplicates } = discoverStacks(outDirs);
    expect(stacks.map((stack) => stack.name)).toEqual(["staging-network", "staging-cluster", "staging-extra"]);
    expect(stacks[1]).toMatchObject({
      stackFile: path.join(repo, "cdktf.out", "stacks", "staging-cluster", "cdk.tf.json"),
      dependencies: ["staging-network"],
    });
    expect(duplicates.map((stack) => [stack.name, stack.outDir])).toEqual([
      ["staging-network", path.join(repo, "apps", "staging", "cdktf.out")],
    ]);
  });
});

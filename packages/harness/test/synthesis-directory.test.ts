import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { synthesisDirectory } from "../src/synthesis-directory";

/** A cdktf output directory as `pnpm synth` writes it: manifest.json beside stacks/<stack>/cdk.tf.json. */
function synthesis(): string {
  const outDir = join(mkdtempSync(join(tmpdir(), "synthesis-")), "cdktf.out");
  mkdirSync(join(outDir, "stacks", "staging-data"), { recursive: true });
  writeFileSync(join(outDir, "manifest.json"), "{}");
  writeFileSync(join(outDir, "stacks", "staging-data", "cdk.tf.json"), "{}");
  return outDir;
}

describe("synthesisDirectory", () => {
  it("takes the output directory and finds its stacks folder", () => {
    const outDir = synthesis();
    expect(synthesisDirectory(outDir)).toEqual({ outDir, stacksDir: join(outDir, "stacks") });
  });

  it("takes the stacks folder and finds the output directory with the manifest", () => {
    const outDir = synthesis();
    expect(synthesisDirectory(join(outDir, "stacks"))).toEqual({ outDir, stacksDir: join(outDir, "stacks") });
  });

  it("takes any other directory as a folder of stack folders", () => {
    const directory = mkdtempSync(join(tmpdir(), "stack-folders-"));
    expect(synthesisDirectory(directory)).toEqual({ outDir: directory, stacksDir: directory });
  });

  it("keeps a stacks folder without a manifest beside it as it is, so a missing synthesis is reported where it was looked for", () => {
    const directory = join(mkdtempSync(join(tmpdir(), "no-synthesis-")), "cdktf.out", "stacks");
    expect(synthesisDirectory(directory)).toEqual({ outDir: directory, stacksDir: directory });
  });
});

import { existsSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** The two directories of one cdktf synthesis. */
export interface SynthesisDirectory {
  /** The output directory (`cdktf.out`), which holds `manifest.json`. */
  readonly outDir: string;
  /** The folder with one sub-folder per stack (`cdktf.out/stacks`), where `terraform` runs. */
  readonly stacksDir: string;
}

/**
 * The synthesis a `--stacks-dir` names, whichever of its two directories was given: `cdktf.out`
 * (what `pnpm synth` writes) or `cdktf.out/stacks`. Every operator CLI takes both, so one path works
 * for all of them. A directory that is neither (no `manifest.json` beside it, no `stacks/` in it) is
 * taken as a folder of stack folders.
 */
export function synthesisDirectory(directory: string): SynthesisDirectory {
  if (basename(directory) === "stacks" && existsSync(join(dirname(directory), "manifest.json"))) {
    return { outDir: dirname(directory), stacksDir: directory };
  }
  if (existsSync(join(directory, "manifest.json")) || existsSync(join(directory, "stacks"))) {
    return { outDir: directory, stacksDir: join(directory, "stacks") };
  }
  return { outDir: directory, stacksDir: directory };
}

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The outcome of running an app's entry point in its own Node process, as `cdktf synth` would. */
export interface AppSynthesis {
  readonly status: number | null;
  readonly stderr: string;
  /** The output directory the app was told to write to (it may not exist). */
  readonly outdir: string;
  /** Names of the synthesized stacks (empty when nothing was written). */
  readonly stackNames: readonly string[];
  /** The parsed `cdk.tf.json` of a stack. */
  stack(name: string): TerraformJson;
}

/** The parts of a synthesized stack the tests read. */
export interface TerraformJson {
  readonly terraform: { readonly backend?: Record<string, Record<string, unknown>> };
  readonly provider?: Record<string, Record<string, unknown>[]>;
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, Record<string, unknown>>;
}

/**
 * Runs `entry` (relative to `appDir`) with tsx and the library's source condition into a fresh
 * temporary `CDKTF_OUTDIR`, the way the app's `cdktf.json` runs it.
 */
export function synthesizeApp(appDir: string, entry = "src/main.ts"): AppSynthesis {
  const outdir = join(mkdtempSync(join(tmpdir(), "openedx-app-")), "cdktf.out");
  const result = spawnSync(process.execPath, ["--conditions=openedx-source", "--require", "tsx/cjs", entry], {
    cwd: appDir,
    env: { ...process.env, CDKTF_OUTDIR: outdir },
    encoding: "utf8",
  });
  const stacksDir = join(outdir, "stacks");
  return {
    status: result.status,
    stderr: result.stderr,
    outdir,
    stackNames: existsSync(stacksDir) ? readdirSync(stacksDir).sort() : [],
    stack: (name) => JSON.parse(readFileSync(join(stacksDir, name, "cdk.tf.json"), "utf8")) as TerraformJson,
  };
}

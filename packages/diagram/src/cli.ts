import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseCommandLine } from "../../harness/src/command-line";
import { synthesizeApp } from "../../harness/src/synth-app";
import { synthesisDirectory } from "../../harness/src/synthesis-directory";
import { knownEnvironments } from "../../../apps/environments";
import { drawDiagram } from "./draw";
import { EnvironmentStacks, readEnvironmentStacks } from "./synthesized-stacks";

/** The repository root, where `apps/<environment>` and `docs/` are. */
export const REPOSITORY_ROOT = resolve(__dirname, "../../..");

/** The command line help, appended to every usage error. */
export const USAGE = `usage: pnpm diagram <environment> [--stacks-dir <dir>] [--out-dir <dir>]

Writes <out-dir>/<environment>.svg and <out-dir>/<environment>.png from the environment's synthesized stacks.
  --stacks-dir <dir>  read already synthesized stacks (cdktf.out or cdktf.out/stacks) (default: synthesize apps/<environment> afresh)
  --out-dir <dir>     where to write (default: the repository's docs/)`;

/** Synthesizes an app into a fresh directory and returns that `cdktf.out` directory. */
export type Synthesizer = (appDirectory: string) => string;

/** What the command needs from its surroundings; tests replace each part. */
export interface DiagramContext {
  /** Where relative paths start from. @default process.cwd() */
  readonly cwd?: string;
  /** The environment names. @default the repository's environments (production, staging) */
  readonly environments?: readonly string[];
  /** Synthesizes an app when no --stacks-dir is given. @default synthesizeApp of the harness */
  readonly synthesize?: Synthesizer;
  /** Where progress goes. @default nowhere */
  readonly log?: (line: string) => void;
}

/** The files the command wrote. */
export interface WrittenDiagram {
  /** Path of the SVG. */
  readonly svgPath: string;
  /** Path of the PNG. */
  readonly pngPath: string;
}

/** Synthesizes `apps/<environment>` with the harness, failing with the app's own error output. */
export const synthesizeEnvironmentApp: Synthesizer = (appDirectory) => {
  const synthesis = synthesizeApp(appDirectory);
  if (synthesis.status !== 0) throw new Error(`synthesizing ${appDirectory} failed (exit ${synthesis.status}):\n${synthesis.stderr.trim()}`);
  return synthesis.outdir;
};

interface Arguments {
  readonly environment: string;
  readonly stacksDir?: string;
  readonly outDir?: string;
}

/** Parses the command line; every problem is reported with the usage. */
export function parseArguments(argv: readonly string[]): Arguments {
  const { positional, values } = parseCommandLine(argv, { valueOptions: ["--stacks-dir", "--out-dir"], usage: USAGE });
  if (positional.length !== 1) throw new Error(`expected exactly one environment name, got ${positional.length}${positional.length > 0 ? ` (${positional.join(" ")})` : ""}\n${USAGE}`);
  return { environment: positional[0], stacksDir: values["--stacks-dir"], outDir: values["--out-dir"] };
}

/** `pnpm diagram`: checks every input, then draws the environment and writes its SVG and PNG. */
export async function runDiagram(argv: readonly string[], context: DiagramContext = {}): Promise<WrittenDiagram> {
  const cwd = context.cwd ?? process.cwd();
  const log = context.log ?? (() => undefined);
  const { environment, stacksDir, outDir } = parseArguments(argv);
  const environments = context.environments ?? [...knownEnvironments().keys()];
  if (!environments.includes(environment)) throw new Error(`unknown environment "${environment}"; known: ${[...environments].sort().join(", ")}`);

  let stacks: EnvironmentStacks;
  if (stacksDir !== undefined) {
    stacks = readEnvironmentStacks(synthesisDirectory(resolve(cwd, stacksDir)).outDir, environment);
  } else {
    const appDirectory = join(REPOSITORY_ROOT, "apps", environment);
    log(`synthesizing ${appDirectory} ...`);
    stacks = readEnvironmentStacks((context.synthesize ?? synthesizeEnvironmentApp)(appDirectory), environment);
  }
  const files = await drawDiagram(stacks);

  const target = resolve(cwd, outDir ?? join(REPOSITORY_ROOT, "docs"));
  mkdirSync(target, { recursive: true });
  const svgPath = join(target, `${environment}.svg`);
  const pngPath = join(target, `${environment}.png`);
  writeFileSync(svgPath, files.svg);
  writeFileSync(pngPath, files.png);
  log(`wrote ${svgPath} and ${pngPath}`);
  return { svgPath, pngPath };
}

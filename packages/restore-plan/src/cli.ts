import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { EnvironmentConfig } from "@openedx-infra/constructs";
// Deep import until the backup folder is re-exported from the package root.
import { buildRestorePlan, renderRestorePlan, restorePlanInputs, StackOutputs } from "@openedx-infra/constructs";
import { knownEnvironments } from "../../../apps/environments";
import { parseCommandLine } from "../../harness/src/command-line";
import { synthesisDirectory } from "../../harness/src/synthesis-directory";

export const USAGE = `usage: pnpm restore-plan <environment> [--outputs <file>] [--stacks-dir <dir>]
  --outputs <file>    a JSON file {"data": <terraform output -json of the data stack>, "backup": <... of the backup stack>}
                      instead of running terraform output in the stack directories
  --stacks-dir <dir>  where the synthesized stacks are: cdktf.out or cdktf.out/stacks (default ./cdktf.out/stacks)`;

/** Reads `terraform output -json` in a directory; injectable for tests. */
export type OutputReader = (directory: string) => StackOutputs;

export const terraformOutput: OutputReader = (directory) => {
  const result = spawnSync("terraform", ["output", "-json"], { cwd: directory, encoding: "utf8" });
  if (result.error || result.status !== 0) throw new Error(`terraform output -json failed in ${directory} (run "terraform init" there, with access to the state): ${(result.stderr ?? result.error?.message ?? "").trim()}`);
  return JSON.parse(result.stdout) as StackOutputs;
};

/** Returns the Markdown plan of the environment named in `argv`. */
export function runRestorePlan(argv: readonly string[], options: { cwd?: string; read?: OutputReader; environments?: ReadonlyMap<string, EnvironmentConfig> } = {}): string {
  const cwd = options.cwd ?? process.cwd();
  const { positional, values } = parseCommandLine(argv, { valueOptions: ["--outputs", "--stacks-dir"], usage: USAGE });
  if (positional.length !== 1) throw new Error(`expected exactly one environment name, got ${positional.length}\n${USAGE}`);
  const environments = options.environments ?? knownEnvironments();
  const environment = environments.get(positional[0]);
  if (!environment) throw new Error(`unknown environment "${positional[0]}"; known: ${[...environments.keys()].join(", ")}`);

  let outputs: { data: StackOutputs; backup: StackOutputs };
  if (values["--outputs"]) {
    const path = resolve(cwd, values["--outputs"]);
    const parsed = JSON.parse(readFileSync(path, "utf8")) as { data?: unknown; backup?: unknown };
    if (typeof parsed.data !== "object" || parsed.data === null || typeof parsed.backup !== "object" || parsed.backup === null) {
      throw new Error(`${path} must hold {"data": <terraform output -json of the data stack>, "backup": <... of the backup stack>}`);
    }
    outputs = { data: parsed.data as StackOutputs, backup: parsed.backup as StackOutputs };
  } else {
    const read = options.read ?? terraformOutput;
    const stacks = synthesisDirectory(resolve(cwd, values["--stacks-dir"] ?? "cdktf.out/stacks")).stacksDir;
    outputs = { data: read(join(stacks, `${environment.name}-data`)), backup: read(join(stacks, `${environment.name}-backup`)) };
  }
  return renderRestorePlan(buildRestorePlan(restorePlanInputs(environment, outputs)));
}

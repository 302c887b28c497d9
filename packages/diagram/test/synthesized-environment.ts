import { join } from "node:path";
import { synthesizeApp } from "../../harness/src/synth-app";
import { REPOSITORY_ROOT } from "../src/cli";
import { EnvironmentStacks, readEnvironmentStacks } from "../src/synthesized-stacks";

/** Synthesizes `apps/<environment>` into a temporary directory and reads its stacks. */
export function synthesizeEnvironment(environment: string): EnvironmentStacks {
  const synthesis = synthesizeApp(join(REPOSITORY_ROOT, "apps", environment));
  if (synthesis.status !== 0) throw new Error(`synthesizing ${environment} failed:\n${synthesis.stderr}`);
  return readEnvironmentStacks(synthesis.outdir, environment);
}

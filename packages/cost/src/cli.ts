import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { EnvironmentConfig, NON_PRODUCTION_TUTOR_RESOURCES, PRODUCTION_TUTOR_RESOURCES } from "@openedx-infra/constructs";
import { CommandLineError, parseCommandLine } from "../../harness/src/command-line";
import { synthesizeApp } from "../../harness/src/synth-app";
import { synthesisDirectory } from "../../harness/src/synthesis-directory";
import { Estimate, estimateEnvironment } from "./estimate/estimate";
import { readStacks, StackDocument } from "./estimate/stack-document";
import { knownEnvironments } from "../../../apps/environments";
import { parseSpotPrices, spotPriceCommand, SpotPriceFileError, SpotPrices } from "./prices/spot-prices";
import { formatComparison, formatEstimate } from "./report";

export const USAGE = `usage: pnpm cost <environment> [--compare <environment>] [--stacks-dir <dir>] [--spot-prices <file>] [--json]

Prints the hourly and monthly cost of an idle environment, per resource and in total, from its
synthesized stacks and the bundled price table of its region.
  --compare <environment>  also estimate this environment and print what it adds (e.g. staging --compare production)
  --stacks-dir <dir>       read already synthesized stacks (cdktf.out or cdktf.out/stacks) instead of synthesizing afresh
  --spot-prices <file>     price the nodes of a Spot NodePool from your account's current Spot prices: the JSON of
                           ${spotPriceCommand("<region>")}
  --json                   print the estimate(s) as JSON`;

/** A usage or environment problem: printed without a stack trace. */
export class CliError extends Error {
  override name = "CliError";
}

/** The parsed command line. */
export interface CostArguments {
  readonly environment: string;
  readonly compare?: string;
  readonly stacksDir?: string;
  readonly spotPrices?: string;
  readonly json: boolean;
}

/** Parses the command line; throws {@link CliError} with the usage on anything it does not accept. */
export function parseArguments(argv: readonly string[], environments: ReadonlyMap<string, EnvironmentConfig>): CostArguments {
  const { positional, values: options, flags } = parseCostCommandLine(argv);
  if (positional.length === 0) throw new CliError(`missing the environment\n${USAGE}`);
  if (positional.length > 1) throw new CliError(`one environment expected, got ${positional.map((name) => `"${name}"`).join(", ")}\n${USAGE}`);
  const known = [...environments.keys()].sort().join(", ");
  for (const name of [positional[0], options["--compare"]]) {
    if (name !== undefined && !environments.has(name)) throw new CliError(`unknown environment "${name}": the environments are ${known}`);
  }
  if (options["--compare"] === positional[0]) throw new CliError(`--compare needs another environment than "${positional[0]}"`);
  return { environment: positional[0], compare: options["--compare"], stacksDir: options["--stacks-dir"], spotPrices: options["--spot-prices"], json: flags["--json"] };
}

function parseCostCommandLine(argv: readonly string[]) {
  try {
    return parseCommandLine(argv, { valueOptions: ["--compare", "--stacks-dir", "--spot-prices"], flags: ["--json"], usage: USAGE });
  } catch (error) {
    // As every other refusal of pnpm cost: a CliError.
    throw error instanceof CommandLineError ? new CliError(error.message) : error;
  }
}

/** What the CLI needs from its surroundings; tests replace each part. */
export interface CostContext {
  /** Where the output goes. */
  readonly log: (text: string) => void;
  /** The working directory `--stacks-dir` is relative to. */
  readonly cwd: string;
  /** @default - the repository's production and staging */
  readonly environments?: ReadonlyMap<string, EnvironmentConfig>;
}

/** Stacks of an environment: read from `stacksDir`, or synthesized afresh from `apps/<name>`. */
export function environmentStacks(name: string, stacksDir: string | undefined): StackDocument[] {
  if (stacksDir !== undefined) return readStacks(synthesisDirectory(stacksDir).stacksDir, name);
  const appDir = resolve(__dirname, "..", "..", "..", "apps", name);
  const synthesis = synthesizeApp(appDir);
  if (synthesis.status !== 0) throw new CliError(`synthesizing ${appDir} failed (exit ${synthesis.status}):\n${synthesis.stderr}`);
  return readStacks(join(synthesis.outdir, "stacks"), name);
}

/** Estimates one environment from its stacks, with the Tutor requests of its tier and, for Spot nodes, the user's Spot prices. */
export function estimateFor(config: EnvironmentConfig, stacks: readonly StackDocument[], spotPrices?: SpotPrices): Estimate {
  return estimateEnvironment(stacks, {
    environment: config.name,
    tutorResources: config.tier === "production" ? PRODUCTION_TUTOR_RESOURCES : NON_PRODUCTION_TUTOR_RESOURCES,
    availabilityZones: config.availabilityZones,
    // As the Tutor hand-off (packages/tutor-env) sets TutorInputs.spreadReplicas: by tier.
    spreadTutorReplicas: config.tier === "production",
    ...(spotPrices !== undefined && config.sizing.nodeCapacity === "spot" ? { spotPrices } : {}),
  });
}

/**
 * Reads and checks the `--spot-prices` file against the region of the environment(s) with Spot
 * nodes, before anything is synthesized. Refuses the option when none of them runs Spot nodes.
 */
export function readSpotPriceFile(file: string, cwd: string, configs: readonly EnvironmentConfig[]): SpotPrices {
  const spot = configs.filter((config) => config.sizing.nodeCapacity === "spot");
  if (spot.length === 0) {
    throw new CliError(`--spot-prices applies to an environment with Spot nodes (sizing.nodeCapacity "spot"): ${configs.map((config) => `${config.name} runs on-demand`).join(", ")}`);
  }
  const regions = [...new Set(spot.map((config) => config.region))];
  if (regions.length > 1) throw new CliError(`--spot-prices holds the prices of one region: ${spot.map((config) => `${config.name} is in ${config.region}`).join(", ")}; estimate them one at a time`);
  const path = resolve(cwd, file);
  if (!existsSync(path)) throw new CliError(`--spot-prices ${file}: no such file (write it with ${spotPriceCommand(regions[0])} > ${file})`);
  try {
    return parseSpotPrices(readFileSync(path, "utf8"), file, regions[0], spot.map((config) => config.name).join(" and "));
  } catch (error) {
    if (error instanceof SpotPriceFileError) throw new CliError(error.message);
    throw error;
  }
}

/** `pnpm cost`: parses, estimates and prints. */
export function runCost(argv: readonly string[], context: CostContext): void {
  const environments = context.environments ?? knownEnvironments();
  const args = parseArguments(argv, environments);
  const stacksDir = args.stacksDir === undefined ? undefined : resolve(context.cwd, args.stacksDir);
  const names = [args.environment, ...(args.compare === undefined ? [] : [args.compare])];
  const configs = names.map((name) => environments.get(name) as EnvironmentConfig);
  const spotPrices = args.spotPrices === undefined ? undefined : readSpotPriceFile(args.spotPrices, context.cwd, configs);
  const estimates = configs.map((config) => estimateFor(config, environmentStacks(config.name, stacksDir), spotPrices));
  if (args.json) {
    context.log(JSON.stringify(estimates.length === 1 ? estimates[0] : { estimates, hourlyDifference: estimates[1].hourly - estimates[0].hourly }, null, 2));
    return;
  }
  context.log(estimates.map(formatEstimate).join("\n\n"));
  if (estimates.length === 2) context.log(`\n${formatComparison(estimates[0], estimates[1])}`);
}

import * as fs from "node:fs";
import * as path from "node:path";
import { offlineOverrides, writeOfflineOverrides } from "./offline-overrides";
import { runInDependencyOrder } from "./run-in-dependency-order";
import { StackSource, defaultOutDirs, discoverStacks } from "./stack-discovery";
import { prepareScratchDir } from "./scratch-dir";
import { StackJson, readStackJson } from "./stack-json";
import { neededProviders } from "./stack-providers";
import { TerraformCliConfig, terraformEnv, writeTerraformCliConfig } from "./terraform-cli-config";
import { terraformInit } from "./terraform-init";
import { TerraformCommandError, TerraformRunOptions, runTerraformOrThrow } from "./terraform-runner";

export type ValidationStatus = "validated" | "failed" | "not validated here";

export interface StackValidation {
  readonly name: string;
  readonly outDir: string;
  readonly status: ValidationStatus;
  /** Why a stack was not validated here. */
  readonly reason?: string;
  /** Resource changes whose actions are exactly `["create"]`. */
  readonly resourcesToAdd?: number;
  readonly seconds: number;
  /** The Terraform command that failed and its output. */
  readonly failedCommand?: string;
  readonly errorOutput?: string;
  /** Things that did not stop the run but make the result less telling. */
  readonly warnings: readonly string[];
  readonly scratchDir?: string;
}

export interface ValidateStacksOptions {
  readonly repoRoot: string;
  /** @default - `<repoRoot>/cdktf.out` and every `apps/<app>/cdktf.out` that has a manifest */
  readonly outDirs?: readonly string[];
  /** @default 2, one per core of the project's machines */
  readonly concurrency?: number;
  /** @default `<repoRoot>/.tf-scratch` */
  readonly scratchRoot?: string;
  /** @default - see {@link writeTerraformCliConfig} */
  readonly mirrorDir?: string | null;
  readonly onStackDone?: (result: StackValidation) => void;
}

export interface ValidationReport {
  readonly stacks: readonly StackValidation[];
  /** Stacks of an already-seen name from a later `cdktf.out`; not validated again. */
  readonly duplicates: readonly StackSource[];
  readonly cliConfig: TerraformCliConfig;
  readonly outDirs: readonly string[];
  /** Every synthesized stack by name, for follow-up checks such as the S3 backend check. */
  readonly stackJson: ReadonlyMap<string, StackJson>;
  readonly sources: readonly StackSource[];
}

const AWS_PROVIDER = "registry.terraform.io/hashicorp/aws";
const PLAN_FILE = "plan.bin";

export async function validateStacks(options: ValidateStacksOptions): Promise<ValidationReport> {
  const scratchRoot = options.scratchRoot ?? path.join(options.repoRoot, ".tf-scratch");
  const outDirs = options.outDirs ?? defaultOutDirs(options.repoRoot);
  const cliConfig = writeTerraformCliConfig({
    scratchRoot,
    ...(options.mirrorDir === undefined ? {} : { mirrorDir: options.mirrorDir }),
  });
  const { stacks: sources, duplicates } = discoverStacks(outDirs);
  const stackJson = new Map(sources.map((source) => [source.name, readStackJson(source.stackFile)]));
  const installable = new Set(cliConfig.mirror?.providers ?? [AWS_PROVIDER]);

  const results = await runInDependencyOrder(sources, options.concurrency ?? 2, async (source) => {
    const stack = stackJson.get(source.name) as StackJson;
    const reason = notValidatedReason(stack, installable, cliConfig.mirror !== undefined);
    const result: StackValidation =
      reason === undefined
        ? await validateStack(source, {
            stacks: stackJson,
            cliConfig,
            scratchDir: path.join(scratchRoot, "validate", source.name),
          })
        : { name: source.name, outDir: source.outDir, status: "not validated here", reason, seconds: 0, warnings: [] };
    options.onStackDone?.(result);
    return result;
  });
  return { stacks: results, duplicates, cliConfig, outDirs, stackJson, sources };
}

/**
 * Only stacks whose providers can all be installed here are planned. Without a mirror the harness
 * assumes a networked machine but still plans AWS-only stacks, as the others need live clusters.
 */
export function notValidatedReason(
  stack: StackJson,
  installable: ReadonlySet<string>,
  hasMirror: boolean,
): string | undefined {
  const missing = neededProviders(stack).filter((provider) => !installable.has(provider.source));
  if (missing.length === 0) return undefined;
  const names = missing.map((provider) => provider.localName).join(", ");
  return hasMirror
    ? `needs providers ${names} that are not installable offline`
    : `needs providers ${names} that the harness does not plan (only AWS-only stacks are planned offline)`;
}

export interface ValidateStackContext {
  readonly stacks: ReadonlyMap<string, StackJson>;
  readonly cliConfig: TerraformCliConfig;
  readonly scratchDir: string;
}

/** Init, validate and plan one stack in a scratch copy with the offline overrides. */
export async function validateStack(source: StackSource, context: ValidateStackContext): Promise<StackValidation> {
  const started = Date.now();
  const { scratchDir } = context;
  const stack = context.stacks.get(source.name) ?? readStackJson(source.stackFile);
  const base = { name: source.name, outDir: source.outDir, scratchDir };
  const seconds = (): number => (Date.now() - started) / 1000;

  prepareScratchDir(scratchDir);
  fs.copyFileSync(source.stackFile, path.join(scratchDir, "cdk.tf.json"));
  const overrides = offlineOverrides(stack, { scratchDir, stacks: context.stacks });
  writeOfflineOverrides(scratchDir, overrides);
  const warnings = overrides.unresolved.map(
    (name) => `data.terraform_remote_state.${name}: no synthesized stack has its backend, so it reads an empty state`,
  );

  const run: TerraformRunOptions = { cwd: scratchDir, env: terraformEnv(context.cliConfig) };
  let command = "init";
  try {
    await terraformInit(context.cliConfig, run);
    command = "validate";
    await runTerraformOrThrow(["validate", "-no-color"], run);
    command = "plan";
    await runTerraformOrThrow(
      ["plan", "-refresh=false", "-lock=false", "-input=false", "-no-color", `-out=${PLAN_FILE}`],
      run,
    );
    command = "show";
    const shown = await runTerraformOrThrow(["show", "-json", PLAN_FILE], run);
    return { ...base, status: "validated", resourcesToAdd: countCreates(shown.stdout), seconds: seconds(), warnings };
  } catch (error) {
    return {
      ...base,
      status: "failed",
      failedCommand: `terraform ${command}`,
      errorOutput: errorText(error),
      seconds: seconds(),
      warnings,
    };
  }
}

/** The number of resource changes in `terraform show -json` output whose actions are exactly create. */
export function countCreates(planJson: string): number {
  // The shape is Terraform's documented JSON output format.
  const plan = JSON.parse(planJson) as { resource_changes?: { change?: { actions?: readonly string[] } }[] };
  return (plan.resource_changes ?? []).filter((resourceChange) => {
    const actions = resourceChange.change?.actions ?? [];
    return actions.length === 1 && actions[0] === "create";
  }).length;
}

function errorText(error: unknown): string {
  if (error instanceof TerraformCommandError) return error.run.stderr.trim() || error.run.stdout.trim();
  return error instanceof Error ? error.message : String(error);
}

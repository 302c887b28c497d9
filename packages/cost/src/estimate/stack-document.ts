import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** A Terraform resource body as synthesized (`cdk.tf.json`). */
export type ResourceBody = Readonly<Record<string, unknown>>;

/** The parts of a synthesized stack the estimate reads. */
export interface StackJson {
  readonly provider?: Readonly<Record<string, readonly Readonly<Record<string, unknown>>[]>>;
  readonly resource?: Readonly<Record<string, Readonly<Record<string, ResourceBody>>>>;
}

/** One synthesized stack, by name. */
export interface StackDocument {
  readonly name: string;
  readonly json: StackJson;
}

/** The resources of `type` in a stack, as `[name, body]` pairs. */
export function resourcesOf(stack: StackDocument, type: string): [string, ResourceBody][] {
  return Object.entries(stack.json.resource?.[type] ?? {});
}

/** The region of a stack's default AWS provider (the one without an alias). */
export function stackRegion(stack: StackDocument): string | undefined {
  const providers = stack.json.provider?.aws ?? [];
  const region = providers.find((provider) => provider.alias === undefined)?.region;
  return typeof region === "string" ? region : undefined;
}

/**
 * Reads every `<stacksDir>/<stack>/cdk.tf.json` whose stack name starts with `<environment>-`.
 * Throws when the directory holds none, naming the directory.
 */
export function readStacks(stacksDir: string, environment: string): StackDocument[] {
  if (!existsSync(stacksDir)) throw new Error(`no synthesized stacks: ${stacksDir} does not exist (run pnpm synth, or leave out --stacks-dir)`);
  const names = readdirSync(stacksDir)
    .filter((name) => name.startsWith(`${environment}-`) && existsSync(join(stacksDir, name, "cdk.tf.json")))
    .sort();
  if (names.length === 0) throw new Error(`no stacks of environment "${environment}" in ${stacksDir}`);
  return names.map((name) => ({ name, json: JSON.parse(readFileSync(join(stacksDir, name, "cdk.tf.json"), "utf8")) as StackJson }));
}

import type { PlainNode } from "../architecture-model";
import { blockById, blockId, EnvironmentStacks, StackBlock, TerraformBlock } from "../synthesized-stacks";

/** A scalar attribute as text (numbers and booleans too), or undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : undefined;
}

/** A list attribute's scalar items as text. */
export function texts(value: unknown): string[] {
  return Array.isArray(value) ? value.map(text).filter((item): item is string => item !== undefined) : [];
}

/** A nested block as an object: cdktf writes single nested blocks either bare or as a one-item list. */
export function record(value: unknown): TerraformBlock {
  if (Array.isArray(value)) return record(value[0]);
  return value !== null && typeof value === "object" ? (value as TerraformBlock) : {};
}

/** A repeated nested block as a list of objects. */
export function records(value: unknown): TerraformBlock[] {
  if (Array.isArray(value)) return value.map(record);
  return value !== null && typeof value === "object" ? [value as TerraformBlock] : [];
}

/** Parses a JSON-encoded attribute (helm values), or undefined when it is not JSON. */
export function parseJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** The region of the AWS provider (default or aliased, as in `aws.us_east_1`) a stack's block uses. */
export function providerRegion(stacks: EnvironmentStacks, stack: string, provider?: string): string {
  const alias = provider?.startsWith("aws.") ? provider.slice("aws.".length) : undefined;
  const configurations = stacks.stacks.get(stack)?.provider?.aws ?? [];
  const configuration = configurations.find((candidate) => (alias === undefined ? candidate.alias === undefined : candidate.alias === alias));
  return text(configuration?.region) ?? "?";
}

/** The attributes of the block a diagram id names, empty when it names none. */
export function bodyOf(stacks: EnvironmentStacks, id: string): TerraformBlock {
  return blockById(stacks, id)?.body ?? {};
}

/** A plain diagram node for a block. */
export function plainNode(block: StackBlock, name: string, details: readonly string[]): PlainNode {
  return { id: blockId(block), name, details };
}

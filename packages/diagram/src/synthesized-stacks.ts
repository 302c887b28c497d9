import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** One Terraform block (a resource or a data source) as cdktf writes it: attribute name to JSON value. */
export type TerraformBlock = Readonly<Record<string, unknown>>;

/** The parts of a stack's `cdk.tf.json` the diagram reads. */
export interface StackJson {
  /** Resources by type, then by logical name. */
  readonly resource?: Readonly<Record<string, Readonly<Record<string, TerraformBlock>>>>;
  /** Data sources by type, then by logical name. */
  readonly data?: Readonly<Record<string, Readonly<Record<string, TerraformBlock>>>>;
  /** Outputs by name; cross-stack references go through these. */
  readonly output?: Readonly<Record<string, { readonly value?: unknown }>>;
  /** Provider configurations by provider name. */
  readonly provider?: Readonly<Record<string, readonly TerraformBlock[]>>;
}

/** A resource or data source of one stack, with its address. */
export interface StackBlock {
  /** The stack that declares it, e.g. `production-data`. */
  readonly stack: string;
  /** The Terraform type, e.g. `aws_db_instance`. */
  readonly type: string;
  /** The logical name inside the stack, e.g. `mysql_5168B53F`. */
  readonly name: string;
  /** Whether it is a data source rather than a managed resource. */
  readonly isData: boolean;
  /** Its attributes as synthesized. */
  readonly body: TerraformBlock;
}

/** The synthesized stacks of one environment, read from a `cdktf.out` directory. */
export interface EnvironmentStacks {
  /** The environment, e.g. `production`. */
  readonly environment: string;
  /** Stack name to parsed `cdk.tf.json`, only the stacks named `<environment>-*`. */
  readonly stacks: ReadonlyMap<string, StackJson>;
}

interface Manifest {
  readonly stacks?: Record<string, { readonly synthesizedStackPath?: string }>;
}

/**
 * Reads the `<environment>-*` stacks listed in `<outdir>/manifest.json`, the file cdktf writes
 * beside `stacks/`, so that stacks left over from an older synthesis are ignored.
 */
export function readEnvironmentStacks(outdir: string, environment: string): EnvironmentStacks {
  const manifestPath = join(outdir, "manifest.json");
  if (!existsSync(manifestPath)) {
    throw new Error(`--stacks-dir ${outdir}: no manifest.json there; pass the cdktf.out directory of a synthesis (pnpm synth writes ./cdktf.out)`);
  }
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Manifest;
  const all = Object.keys(manifest.stacks ?? {}).sort();
  const names = all.filter((name) => name.startsWith(`${environment}-`));
  if (names.length === 0) {
    throw new Error(`${manifestPath} lists no stack of environment "${environment}" (no stack named ${environment}-*); it lists: ${all.join(", ") || "nothing"}`);
  }
  const stacks = new Map<string, StackJson>();
  for (const name of names) {
    const path = join(outdir, manifest.stacks?.[name]?.synthesizedStackPath ?? join("stacks", name, "cdk.tf.json"));
    stacks.set(name, JSON.parse(readFileSync(path, "utf8")) as StackJson);
  }
  return { environment, stacks };
}

/** Every resource (or, with `data`, data source) of `type` in the environment, sorted by stack then name. */
export function blocksOfType(stacks: EnvironmentStacks, type: string, data = false): StackBlock[] {
  const found: StackBlock[] = [];
  for (const [stack, json] of [...stacks.stacks].sort(([a], [b]) => compare(a, b))) {
    const blocks = (data ? json.data : json.resource)?.[type] ?? {};
    for (const name of Object.keys(blocks).sort(compare)) found.push({ stack, type, name, isData: data, body: blocks[name] });
  }
  return found;
}

/** The resource or data source a stack-local address (`aws_subnet.x` or `data.kubernetes_service_v1.y`) names. */
export function blockAt(stacks: EnvironmentStacks, stack: string, address: string): StackBlock | undefined {
  const isData = address.startsWith("data.");
  const [type, name] = (isData ? address.slice("data.".length) : address).split(".");
  const json = stacks.stacks.get(stack);
  const body = (isData ? json?.data : json?.resource)?.[type]?.[name];
  return body === undefined ? undefined : { stack, type, name, isData, body };
}

/** The resource or data source a diagram id (see {@link blockId}) names, if it names one. */
export function blockById(stacks: EnvironmentStacks, id: string): StackBlock | undefined {
  const slash = id.indexOf("/");
  return slash < 0 ? undefined : blockAt(stacks, id.slice(0, slash), id.slice(slash + 1));
}

// cdktf writes a cross-stack reference as `${data.terraform_remote_state.cross-stack-reference-input-<stack>.outputs.<output>}`
// and a local one as `${<type>.<name>.<attribute>}` (or `${data.<type>.<name>...}`).
const REMOTE_REFERENCE = /data\.terraform_remote_state\.cross-stack-reference-input-([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)/g;
const LOCAL_REFERENCE = /(?<![.\w-])((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)(?=[.[])/g;

/**
 * The resources and data sources that `value` (any JSON, searched deeply) refers to, following
 * cross-stack outputs back to the stack that declares them. Sorted and without duplicates.
 */
export function referencedBlocks(stacks: EnvironmentStacks, stack: string, value: unknown): StackBlock[] {
  const found = new Map<string, StackBlock>();
  const visit = (fromStack: string, text: string, depth: number): void => {
    for (const expression of text.match(/\$\{[^}]*\}/g) ?? []) {
      for (const [, otherStack, output] of expression.matchAll(REMOTE_REFERENCE)) {
        const outputValue = stacks.stacks.get(otherStack)?.output?.[output]?.value;
        if (typeof outputValue === "string" && depth < 8) visit(otherStack, outputValue, depth + 1);
      }
      const local = expression.replace(REMOTE_REFERENCE, "");
      for (const [, address] of local.matchAll(LOCAL_REFERENCE)) {
        if (address.startsWith("data.terraform_remote_state.")) continue;
        const block = blockAt(stacks, fromStack, address);
        if (block) found.set(`${block.stack}/${block.isData ? "data." : ""}${block.type}.${block.name}`, block);
      }
    }
  };
  for (const text of strings(value)) visit(stack, text, 0);
  return [...found.entries()].sort(([a], [b]) => compare(a, b)).map(([, block]) => block);
}

/** The stable id of a block in the diagram: `<stack>/<type>.<name>`. */
export function blockId(block: StackBlock): string {
  return `${block.stack}/${block.isData ? "data." : ""}${block.type}.${block.name}`;
}

/** Ordinal string comparison, so that the order does not depend on the locale of the machine. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === "object") return Object.entries(value).filter(([key]) => key !== "//").flatMap(([, item]) => strings(item));
  return [];
}

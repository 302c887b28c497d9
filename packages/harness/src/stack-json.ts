import * as fs from "node:fs";

/**
 * The parts of a synthesized `cdk.tf.json` that the harness reads. Everything else in the file passes
 * through untouched, so these types are deliberately partial.
 */
export interface StackJson {
  readonly terraform?: TerraformSettings;
  readonly provider?: Readonly<Record<string, ProviderBlock | readonly ProviderBlock[]>>;
  readonly data?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly output?: Readonly<Record<string, OutputBlock>>;
}

export interface TerraformSettings {
  readonly backend?: Readonly<Record<string, BackendConfig>>;
  readonly required_providers?: Readonly<Record<string, unknown>>;
}

export type BackendConfig = Readonly<Record<string, unknown>>;

export interface ProviderBlock {
  readonly alias?: string;
  readonly region?: string;
  readonly allowed_account_ids?: readonly string[];
  readonly [argument: string]: unknown;
}

export interface OutputBlock {
  readonly value?: unknown;
  readonly sensitive?: boolean;
}

export interface RemoteStateBlock {
  readonly backend?: string;
  readonly config?: Readonly<Record<string, unknown>>;
  readonly workspace?: string;
}

/** The name cdktf gives the data source a consumer stack reads a producer stack's outputs through. */
export const CROSS_STACK_INPUT_PREFIX = "cross-stack-reference-input-";

export function readStackJson(file: string): StackJson {
  const parsed: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
  if (!isRecord(parsed)) {
    throw new Error(`${file} is not a synthesized Terraform JSON stack: expected an object at the top level`);
  }
  return parsed as StackJson;
}

/** Terraform JSON accepts a single block or a list of blocks; cdktf always writes a list. */
export function providerBlocks(stack: StackJson, name: string): readonly ProviderBlock[] {
  const blocks = stack.provider?.[name];
  if (blocks === undefined) return [];
  return isProviderList(blocks) ? blocks : [blocks];
}

export function remoteStateBlocks(stack: StackJson): ReadonlyMap<string, RemoteStateBlock> {
  const blocks = stack.data?.["terraform_remote_state"] ?? {};
  return new Map(Object.entries(blocks).filter((entry): entry is [string, RemoteStateBlock] => isRecord(entry[1])));
}

/** The backend type (`s3`, `local`, ...) and its settings; cdktf allows exactly one backend per stack. */
export function stackBackend(stack: StackJson): { readonly type: string; readonly config: BackendConfig } | undefined {
  const [entry] = Object.entries(stack.terraform?.backend ?? {});
  return entry === undefined ? undefined : { type: entry[0], config: entry[1] };
}

export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isProviderList(blocks: ProviderBlock | readonly ProviderBlock[]): blocks is readonly ProviderBlock[] {
  return Array.isArray(blocks);
}

import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  DEFAULT_ACCOUNT_ID,
  DEFAULT_REGION,
  OutputType,
  PlaceholderContext,
  placeholderFor,
} from "./placeholder-values";
import {
  CROSS_STACK_INPUT_PREFIX,
  ProviderBlock,
  RemoteStateBlock,
  StackJson,
  providerBlocks,
  remoteStateBlocks,
  stackBackend,
} from "./stack-json";

/**
 * Terraform override files that let a scratch copy of a synthesized stack be initialised and planned
 * with no AWS account and no network. They only ever go into the scratch copy: the synthesized stack
 * and its real backend stay as they are.
 */
export interface OfflineOverrides {
  /** File name inside the scratch directory → JSON content. Names end in `_override.tf.json`. */
  readonly files: Readonly<Record<string, object>>;
  /** Absolute path → fake state file standing in for a producer stack's remote state. */
  readonly fakeStates: Readonly<Record<string, FakeState>>;
  /** Remote-state data sources whose producer is not among the given stacks; they read an empty state. */
  readonly unresolved: readonly string[];
}

export interface OfflineOverrideOptions {
  /** The scratch copy's directory; the local state and the fake remote states go below it. */
  readonly scratchDir: string;
  /** Every synthesized stack of the run, by name, so producers of cross-stack references can be found. */
  readonly stacks: ReadonlyMap<string, StackJson>;
  readonly newUuid?: () => string;
}

/** Terraform's state format; the fields a `terraform_remote_state` read needs. */
export interface FakeState {
  readonly version: 4;
  readonly terraform_version: string;
  readonly serial: number;
  readonly lineage: string;
  readonly outputs: Readonly<Record<string, FakeStateOutput>>;
  readonly resources: readonly never[];
}

export interface FakeStateOutput {
  readonly value: unknown;
  readonly type: OutputType;
  readonly sensitive?: boolean;
}

// Terraform refuses state written by a newer version than itself, so claim an old one.
const FAKE_STATE_TERRAFORM_VERSION = "1.0.0";

export const BACKEND_OVERRIDE_FILE = "offline_backend_override.tf.json";
export const PROVIDER_OVERRIDE_FILE = "offline_provider_override.tf.json";
export const REMOTE_STATE_OVERRIDE_FILE = "offline_remote_state_override.tf.json";

/**
 * Settings that make the AWS provider configure without credentials or network. With `-refresh=false`
 * a plan then only needs the provider's schema and its local validation.
 */
export const OFFLINE_AWS_PROVIDER_SETTINGS = {
  access_key: "AKIAOFFLINEPLACEHOLDER",
  secret_key: "offline-placeholder-secret-key",
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: true,
  skip_region_validation: true,
} as const;

export function offlineOverrides(stack: StackJson, options: OfflineOverrideOptions): OfflineOverrides {
  const remoteState = remoteStateOverride(stack, options);
  const files: Record<string, object> = {
    [BACKEND_OVERRIDE_FILE]: backendOverride(path.join(options.scratchDir, "terraform.tfstate")),
  };
  const provider = providerOverride(stack);
  if (provider !== undefined) files[PROVIDER_OVERRIDE_FILE] = provider;
  if (remoteState.override !== undefined) files[REMOTE_STATE_OVERRIDE_FILE] = remoteState.override;
  return { files, fakeStates: remoteState.fakeStates, unresolved: remoteState.unresolved };
}

/** An override `backend` block replaces the stack's whole backend block, whatever its type. */
export function backendOverride(statePath: string): object {
  return { terraform: { backend: { local: { path: statePath } } } };
}

/** One entry per `provider.aws` block, keeping `alias` because that is how Terraform pairs overrides. */
export function providerOverride(stack: StackJson): object | undefined {
  const blocks = providerBlocks(stack, "aws");
  if (blocks.length === 0) return undefined;
  const aws = blocks.map((block) => ({
    ...(block.alias === undefined ? {} : { alias: block.alias }),
    ...OFFLINE_AWS_PROVIDER_SETTINGS,
    ...unsetArguments(block),
    // An empty role ARN is the only override that stops the provider calling STS at configure time
    // (an empty list or null keeps the original block); Terraform warns "Missing required argument".
    ...(block["assume_role"] === undefined ? {} : { assume_role: [{ role_arn: "" }] }),
  }));
  return { provider: { aws } };
}

/**
 * Arguments that cannot work offline, set to null (which Terraform treats as unset): account guards
 * compare against an account id that is never requested, and a named profile makes the provider read
 * ~/.aws even with static keys.
 */
const OFFLINE_UNSET_ARGUMENTS = ["allowed_account_ids", "forbidden_account_ids", "profile"] as const;

function unsetArguments(block: ProviderBlock): Record<string, null> {
  const unset: Record<string, null> = {};
  for (const name of OFFLINE_UNSET_ARGUMENTS) {
    if (block[name] !== undefined) unset[name] = null;
  }
  return unset;
}

export function remoteStateOverride(
  stack: StackJson,
  options: OfflineOverrideOptions,
): { override?: object; fakeStates: Record<string, FakeState>; unresolved: string[] } {
  const dataSources: Record<string, object> = {};
  const fakeStates: Record<string, FakeState> = {};
  const unresolved: string[] = [];
  const newUuid = options.newUuid ?? randomUUID;

  for (const [name, block] of remoteStateBlocks(stack)) {
    const producer = findProducer(name, block, options.stacks);
    const statePath = path.join(options.scratchDir, "remote-state", `${producer?.name ?? name}.tfstate`);
    if (producer === undefined) unresolved.push(name);
    fakeStates[statePath] = fakeStateFor(producer?.stack, newUuid);
    dataSources[name] = { backend: "local", config: { path: statePath } };
  }
  if (Object.keys(dataSources).length === 0) return { fakeStates, unresolved };
  return { override: { data: { terraform_remote_state: dataSources } }, fakeStates, unresolved };
}

/**
 * cdktf copies the producer's backend settings into the consumer's data source, so the bucket and key
 * identify the producer; the data source's name suffix is the producer's stack name as a fallback.
 */
export function findProducer(
  dataSourceName: string,
  block: RemoteStateBlock,
  stacks: ReadonlyMap<string, StackJson>,
): { name: string; stack: StackJson } | undefined {
  const config = block.config ?? {};
  for (const [name, stack] of stacks) {
    const backend = stackBackend(stack);
    if (
      backend !== undefined &&
      backend.type === block.backend &&
      config["key"] !== undefined &&
      backend.config["key"] === config["key"] &&
      backend.config["bucket"] === config["bucket"]
    ) {
      return { name, stack };
    }
  }
  if (dataSourceName.startsWith(CROSS_STACK_INPUT_PREFIX)) {
    const name = dataSourceName.slice(CROSS_STACK_INPUT_PREFIX.length);
    const stack = stacks.get(name);
    if (stack !== undefined) return { name, stack };
  }
  return undefined;
}

/** Every output of the producer, with a placeholder derived from its expression. */
export function fakeStateFor(producer: StackJson | undefined, newUuid: () => string = randomUUID): FakeState {
  const context = placeholderContext(producer, newUuid);
  const outputs: Record<string, FakeStateOutput> = {};
  for (const [name, output] of Object.entries(producer?.output ?? {})) {
    const placeholder = placeholderFor(output.value, context);
    outputs[name] = { ...placeholder, ...(output.sensitive === true ? { sensitive: true } : {}) };
  }
  return { version: 4, terraform_version: FAKE_STATE_TERRAFORM_VERSION, serial: 1, lineage: newUuid(), outputs, resources: [] };
}

export function placeholderContext(producer: StackJson | undefined, newUuid: () => string): PlaceholderContext {
  const blocks = producer === undefined ? [] : providerBlocks(producer, "aws");
  const defaultProvider = blocks.find((block) => block.alias === undefined) ?? blocks[0];
  return {
    region: defaultProvider?.region ?? DEFAULT_REGION,
    accountId: defaultProvider?.allowed_account_ids?.[0] ?? DEFAULT_ACCOUNT_ID,
    newUuid,
  };
}

export function writeOfflineOverrides(scratchDir: string, overrides: OfflineOverrides): void {
  for (const [file, content] of Object.entries(overrides.files)) {
    fs.writeFileSync(path.join(scratchDir, file), `${JSON.stringify(content, null, 2)}\n`);
  }
  for (const [file, state] of Object.entries(overrides.fakeStates)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`);
  }
}

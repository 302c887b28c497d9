import * as fs from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import S3rver from "s3rver";
import {
  PROVIDER_OVERRIDE_FILE,
  REMOTE_STATE_OVERRIDE_FILE,
  providerOverride,
  remoteStateOverride,
  writeOfflineOverrides,
} from "./offline-overrides";
import { prepareScratchDir } from "./scratch-dir";
import { StackJson, readStackJson, stackBackend } from "./stack-json";
import { TerraformCliConfig, terraformEnv } from "./terraform-cli-config";
import { terraformInit } from "./terraform-init";
import { TerraformRunOptions, runTerraformOrThrow } from "./terraform-runner";

/**
 * Runs a synthesized stack's own S3 backend block against a local S3 server (s3rver), to show that
 * the key, the native lock file (`use_lockfile`) and the encryption settings work end to end before
 * anyone points them at a real bucket.
 */
export interface S3BackendCheckOptions {
  /** A synthesized `cdk.tf.json` whose backend is `s3`. */
  readonly stackFile: string;
  /** The scratch copy's directory; cleared except for `.terraform`. */
  readonly scratchDir: string;
  readonly cliConfig: TerraformCliConfig;
  /** Every synthesized stack by name, to fake the remote states a consumer stack reads. */
  readonly stacks?: ReadonlyMap<string, StackJson>;
}

export interface S3BackendCheckResult {
  /**
   * True when the lock appeared and went away, the state landed at the key with the probe in it, and
   * (if the stack asks for encryption) every upload carried the encryption headers and was accepted.
   */
  readonly ok: boolean;
  readonly endpoint: string;
  readonly bucket: string;
  readonly key: string;
  /** The stack's own backend settings, passed to Terraform unchanged. */
  readonly keptSettings: Readonly<Record<string, unknown>>;
  /** What the override adds so that Terraform talks to the local server. */
  readonly addedSettings: Readonly<Record<string, unknown>>;
  readonly lock: {
    readonly key: string;
    /** The lock object was read from the server while `terraform plan` ran. */
    readonly seenDuringPlan: boolean;
    /** Terraform's lock info as stored in the lock object (ID, Operation, Who, ...). */
    readonly info?: Readonly<Record<string, unknown>>;
    /** The lock object was gone after the plan. */
    readonly releasedAfterPlan: boolean;
  };
  readonly state: {
    readonly found: boolean;
    readonly hasProbe: boolean;
  };
  readonly encryption: {
    /** The stack asks for server-side encryption (`encrypt` or `kms_key_id`). */
    readonly requested: boolean;
    /** Encryption headers Terraform sent with each PutObject, and the server's status code. */
    readonly puts: readonly EncryptedPut[];
  };
  /** Every object key in the bucket after the run. */
  readonly objectKeys: readonly string[];
  readonly seconds: { readonly init: number; readonly plan: number; readonly apply: number; readonly total: number };
  /** Human-readable lines for a report. */
  readonly summary: readonly string[];
}

export interface EncryptedPut {
  readonly key: string;
  readonly status: number;
  readonly serverSideEncryption?: string;
  readonly kmsKeyId?: string;
}

/** s3rver's built-in account; it refuses any other access key id. */
const S3RVER_CREDENTIALS = { access_key: "S3RVER", secret_key: "S3RVER" } as const;
export const S3_BACKEND_OVERRIDE_FILE = "s3_local_server_override.tf.json";
export const STATE_PROBE_FILE = "state_probe.tf.json";
const LOCK_POLL_MS = 25;

export async function checkS3Backend(options: S3BackendCheckOptions): Promise<S3BackendCheckResult> {
  const started = Date.now();
  const stack = readStackJson(options.stackFile);
  const backend = stackBackend(stack);
  if (backend?.type !== "s3") {
    throw new Error(`${options.stackFile} has backend "${backend?.type ?? "none"}"; the S3 backend check needs "s3"`);
  }
  const bucket = requiredString(backend.config, "bucket", options.stackFile);
  const key = requiredString(backend.config, "key", options.stackFile);

  const serverDir = fs.mkdtempSync(path.join(os.tmpdir(), "openedx-s3rver-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory: serverDir,
    configureBuckets: [{ name: bucket }],
  });
  try {
    const address = await server.run();
    const endpoint = `http://127.0.0.1:${address.port}`;
    const puts = recordEncryptedPuts(server, bucket);
    const addedSettings = localServerSettings(endpoint);

    const { scratchDir } = options;
    prepareScratchDir(scratchDir);
    fs.copyFileSync(options.stackFile, path.join(scratchDir, "cdk.tf.json"));
    writeJson(path.join(scratchDir, S3_BACKEND_OVERRIDE_FILE), {
      // An override backend block replaces the original whole, so it repeats the stack's settings.
      terraform: { backend: { s3: { ...backend.config, ...addedSettings } } },
    });
    const provider = providerOverride(stack);
    const remoteState = remoteStateOverride(stack, { scratchDir, stacks: options.stacks ?? new Map() });
    writeOfflineOverrides(scratchDir, {
      files: {
        ...(provider === undefined ? {} : { [PROVIDER_OVERRIDE_FILE]: provider }),
        ...(remoteState.override === undefined ? {} : { [REMOTE_STATE_OVERRIDE_FILE]: remoteState.override }),
      },
      fakeStates: remoteState.fakeStates,
      unresolved: remoteState.unresolved,
    });

    const run: TerraformRunOptions = { cwd: scratchDir, env: terraformEnv(options.cliConfig) };
    // -reconfigure: the server's port differs from the previous run's, which init would otherwise refuse.
    const init = await terraformInit(options.cliConfig, run, ["-reconfigure"]);

    const lockKey = `${key}.tflock`;
    const watcher = watchObject(`${endpoint}/${bucket}/${encodeKey(lockKey)}`);
    const plan = await runTerraformOrThrow(
      ["plan", "-refresh=false", "-input=false", "-no-color", "-out=plan.bin"],
      run,
    ).finally(() => watcher.stop());
    const lockBody = await watcher.firstBody;
    const releasedAfterPlan = (await getObject(`${endpoint}/${bucket}/${encodeKey(lockKey)}`)) === undefined;

    writeJson(path.join(scratchDir, STATE_PROBE_FILE), {
      resource: { terraform_data: { state_probe: { input: `s3 backend check ${new Date().toISOString()}` } } },
    });
    const apply = await runTerraformOrThrow(
      ["apply", "-auto-approve", "-target=terraform_data.state_probe", "-refresh=false", "-input=false", "-no-color"],
      run,
    );

    const stateBody = await getObject(`${endpoint}/${bucket}/${encodeKey(key)}`);
    const hasProbe = stateBody !== undefined && stateHasResource(stateBody, "terraform_data", "state_probe");
    const objectKeys = await listKeys(`${endpoint}/${bucket}`);
    const requested = backend.config["encrypt"] === true || backend.config["kms_key_id"] !== undefined;

    const encryption = { requested, puts: [...puts] };
    const result: Omit<S3BackendCheckResult, "summary"> = {
      ok:
        lockBody !== undefined &&
        releasedAfterPlan &&
        stateBody !== undefined &&
        hasProbe &&
        encryptionHonoured(encryption),
      endpoint,
      bucket,
      key,
      keptSettings: backend.config,
      addedSettings,
      lock: {
        key: lockKey,
        seenDuringPlan: lockBody !== undefined,
        ...(lockBody === undefined ? {} : { info: parseRecord(lockBody) }),
        releasedAfterPlan,
      },
      state: { found: stateBody !== undefined, hasProbe },
      encryption,
      objectKeys,
      seconds: {
        init: init.seconds,
        plan: plan.seconds,
        apply: apply.seconds,
        total: (Date.now() - started) / 1000,
      },
    };
    return { ...result, summary: summarize(result) };
  } finally {
    await server.close().catch(() => undefined);
    fs.rmSync(serverDir, { recursive: true, force: true });
  }
}

/** Only what a local server needs; everything else comes from the stack. */
export function localServerSettings(endpoint: string): Readonly<Record<string, unknown>> {
  return {
    endpoints: { s3: endpoint },
    use_path_style: true,
    ...S3RVER_CREDENTIALS,
    skip_credentials_validation: true,
    skip_requesting_account_id: true,
    skip_metadata_api_check: true,
    skip_region_validation: true,
  };
}

function summarize(result: Omit<S3BackendCheckResult, "summary">): string[] {
  const { lock, state, encryption } = result;
  const settings = (record: Readonly<Record<string, unknown>>): string => Object.keys(record).join(", ");
  const lines = [
    `server: s3rver at ${result.endpoint}, bucket ${result.bucket}`,
    `kept from the stack's backend: ${settings(result.keptSettings)}`,
    `added for the local server: ${settings(result.addedSettings)}`,
    `timings: init ${result.seconds.init.toFixed(1)} s, plan ${result.seconds.plan.toFixed(1)} s, apply ${result.seconds.apply.toFixed(1)} s, total ${result.seconds.total.toFixed(1)} s`,
    lock.seenDuringPlan
      ? `lock: ${lock.key} present during plan (Operation ${String(lock.info?.["Operation"])}, ID ${String(lock.info?.["ID"])})`
      : `lock: ${lock.key} NOT seen during plan`,
    `lock: ${lock.releasedAfterPlan ? "released" : "STILL PRESENT"} after plan`,
    state.found
      ? `state: object at ${result.key} ${state.hasProbe ? "contains terraform_data.state_probe" : "LACKS terraform_data.state_probe"}`
      : `state: NO object at ${result.key}`,
    `objects in bucket: ${result.objectKeys.join(", ") || "(none)"}`,
  ];
  lines.push(`encryption: ${describeEncryption(encryption)}`);
  return lines;
}

function describeEncryption(encryption: S3BackendCheckResult["encryption"]): string {
  if (!encryption.requested) return "the stack's backend asks for none";
  const headers = new Set(
    encryption.puts.map((put) => `x-amz-server-side-encryption=${put.serverSideEncryption ?? "(absent)"}, kms key id=${put.kmsKeyId ?? "(absent)"}`),
  );
  const statuses = new Set(encryption.puts.map((put) => put.status));
  return (
    `${encryption.puts.length} PutObject requests (${encryption.puts.map((put) => put.key).join(", ")}) ` +
    `sent ${[...headers].join(" / ")}; s3rver answered ${[...statuses].join(", ")}. ` +
    "s3rver has no KMS: it accepts these headers, ignores them and stores the bytes as sent"
  );
}

/** Every PutObject carried the encryption headers and the server took it. */
export function encryptionHonoured(encryption: S3BackendCheckResult["encryption"]): boolean {
  if (!encryption.requested) return true;
  return (
    encryption.puts.length > 0 &&
    encryption.puts.every((put) => put.serverSideEncryption !== undefined && put.status >= 200 && put.status < 300)
  );
}

/** Node's server sees every request before s3rver's routing, so encryption headers can be read there. */
function recordEncryptedPuts(server: S3rver, bucket: string): EncryptedPut[] {
  const puts: EncryptedPut[] = [];
  server.httpServer?.prependListener("request", (request: IncomingMessage, response: ServerResponse) => {
    if (request.method !== "PUT") return;
    const url = new URL(request.url ?? "/", "http://localhost");
    const prefix = `/${bucket}/`;
    if (!url.pathname.startsWith(prefix)) return;
    const objectKey = decodeURIComponent(url.pathname.slice(prefix.length));
    const serverSideEncryption = header(request, "x-amz-server-side-encryption");
    const kmsKeyId = header(request, "x-amz-server-side-encryption-aws-kms-key-id");
    response.on("finish", () => {
      puts.push({
        key: objectKey,
        status: response.statusCode,
        ...(serverSideEncryption === undefined ? {} : { serverSideEncryption }),
        ...(kmsKeyId === undefined ? {} : { kmsKeyId }),
      });
    });
  });
  return puts;
}

/**
 * Polls an object until stopped. A plan holds the lock for seconds (provider start-up alone takes
 * about one), so a 25 ms poll cannot miss it.
 */
function watchObject(url: string): { readonly firstBody: Promise<string | undefined>; stop(): void } {
  let stopped = false;
  const firstBody = (async (): Promise<string | undefined> => {
    while (!stopped) {
      // A failed poll counts as "not there": the server may already be closing after a failed plan.
      const body = await getObject(url).catch(() => undefined);
      if (body !== undefined) return body;
      await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
    }
    return undefined;
  })();
  return {
    firstBody,
    stop: () => {
      stopped = true;
    },
  };
}

/** An unsigned GET: s3rver serves anonymous requests, so the poller needs no SigV4. */
async function getObject(url: string): Promise<string | undefined> {
  const response = await fetch(url);
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
  return response.text();
}

async function listKeys(bucketUrl: string): Promise<string[]> {
  const xml = await getObject(`${bucketUrl}?list-type=2`);
  return [...(xml ?? "").matchAll(/<Key>([^<]*)<\/Key>/g)].map((match) => decodeXml(match[1] ?? ""));
}

function stateHasResource(stateJson: string, type: string, name: string): boolean {
  const state = JSON.parse(stateJson) as { resources?: { type?: string; name?: string }[] };
  return (state.resources ?? []).some((resource) => resource.type === type && resource.name === name);
}

function parseRecord(json: string): Readonly<Record<string, unknown>> {
  try {
    const parsed: unknown = JSON.parse(json);
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : { raw: json };
  } catch {
    return { raw: json };
  }
}

function requiredString(config: Readonly<Record<string, unknown>>, name: string, file: string): string {
  const value = config[name];
  if (typeof value !== "string" || value === "") throw new Error(`${file}: the S3 backend has no "${name}"`);
  return value;
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

function encodeKey(key: string): string {
  return key.split("/").map(encodeURIComponent).join("/");
}

function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

function writeJson(file: string, content: object): void {
  fs.writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`);
}

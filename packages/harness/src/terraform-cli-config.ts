import * as fs from "node:fs";
import * as path from "node:path";

/**
 * A Terraform CLI configuration for the harness's own child processes. It lives in the scratch root,
 * never in the user's home, so running the harness cannot change how the user's Terraform behaves.
 */
export interface TerraformCliConfig {
  readonly configFile: string;
  /** Shared by every scratch directory, so each `terraform init` after the first links the provider (~675 MB for aws) instead of copying it. */
  readonly pluginCacheDir: string;
  readonly mirror?: ProviderMirror;
  /** Variables to add to a child process's environment. */
  readonly env: Readonly<Record<string, string>>;
}

export interface ProviderMirror {
  readonly path: string;
  /** Provider source addresses present in the mirror, e.g. `registry.terraform.io/hashicorp/aws`. */
  readonly providers: readonly string[];
}

export interface TerraformCliConfigOptions {
  /** The harness's scratch root, e.g. `<repo>/.tf-scratch`. */
  readonly scratchRoot: string;
  /**
   * A filesystem mirror in Terraform's unpacked or packed layout. `null` means none.
   * @default - `$OPENEDX_TF_PROVIDER_MIRROR` if set (empty means none), else `/opt/tf-plugins` if it exists
   */
  readonly mirrorDir?: string | null;
}

export const MIRROR_ENV_VAR = "OPENEDX_TF_PROVIDER_MIRROR";
export const DEFAULT_MIRROR_DIR = "/opt/tf-plugins";

// Variables that would silently redirect Terraform away from the scratch directory or add arguments.
const INHERITED_VARIABLES_TO_DROP = /^(TF_DATA_DIR|TF_WORKSPACE|TF_CLI_ARGS.*)$/;

export function writeTerraformCliConfig(options: TerraformCliConfigOptions): TerraformCliConfig {
  const scratchRoot = path.resolve(options.scratchRoot);
  const pluginCacheDir = path.join(scratchRoot, "plugin-cache");
  const configFile = path.join(scratchRoot, "terraform.tfrc");
  fs.mkdirSync(pluginCacheDir, { recursive: true });

  const mirrorDir = options.mirrorDir === undefined ? findProviderMirror() : options.mirrorDir ?? undefined;
  const providers = mirrorDir === undefined ? [] : listMirrorProviders(mirrorDir);
  const mirror = mirrorDir !== undefined && providers.length > 0 ? { path: path.resolve(mirrorDir), providers } : undefined;

  // Written aside and renamed: another harness process may be starting Terraform with this file.
  const partial = `${configFile}.${process.pid}.tmp`;
  fs.writeFileSync(partial, renderCliConfig(pluginCacheDir, mirror));
  fs.renameSync(partial, configFile);
  return {
    configFile,
    pluginCacheDir,
    ...(mirror === undefined ? {} : { mirror }),
    env: {
      TF_CLI_CONFIG_FILE: configFile,
      TF_IN_AUTOMATION: "1",
      CHECKPOINT_DISABLE: "1",
    },
  };
}

/** The environment for a Terraform child process: the caller's, minus redirections, plus the config. */
export function terraformEnv(config: TerraformCliConfig, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(base)) {
    if (!INHERITED_VARIABLES_TO_DROP.test(name)) env[name] = value;
  }
  return { ...env, ...config.env };
}

export function findProviderMirror(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const configured = env[MIRROR_ENV_VAR];
  if (configured !== undefined) return configured === "" ? undefined : configured;
  return fs.existsSync(DEFAULT_MIRROR_DIR) ? DEFAULT_MIRROR_DIR : undefined;
}

/** Both mirror layouts keep providers at `<hostname>/<namespace>/<type>/`, so three levels name them. */
export function listMirrorProviders(mirrorDir: string): string[] {
  const providers: string[] = [];
  for (const hostname of subdirectories(mirrorDir)) {
    for (const namespace of subdirectories(path.join(mirrorDir, hostname))) {
      for (const type of subdirectories(path.join(mirrorDir, hostname, namespace))) {
        if (fs.readdirSync(path.join(mirrorDir, hostname, namespace, type)).length > 0) {
          providers.push(`${hostname}/${namespace}/${type}`);
        }
      }
    }
  }
  return providers.sort();
}

/**
 * Providers in the mirror come only from it, and every other provider is downloaded as usual. So on a
 * machine with no mirror the file holds just the cache settings and Terraform behaves normally.
 *
 * The scratch copies have no dependency lock file, and without one Terraform reinstalls a cached
 * provider on every `init`, replacing the cache entry that the other stacks' `validate` and `plan`
 * read through their links at that moment ("there is no package ... cached in .terraform/providers").
 * `plugin_cache_may_break_dependency_lock_file` makes `init` link the entry as it is. The cache is
 * the harness's own, filled from the mirror or the registry, and each scratch lock file is thrown away.
 */
export function renderCliConfig(pluginCacheDir: string, mirror: ProviderMirror | undefined): string {
  const lines = [`plugin_cache_dir = ${hclString(pluginCacheDir)}`, "plugin_cache_may_break_dependency_lock_file = true"];
  if (mirror !== undefined) {
    const include = `[${mirror.providers.map(hclString).join(", ")}]`;
    lines.push(
      "",
      "provider_installation {",
      "  filesystem_mirror {",
      `    path    = ${hclString(mirror.path)}`,
      `    include = ${include}`,
      "  }",
      "  direct {",
      `    exclude = ${include}`,
      "  }",
      "}",
    );
  }
  return `${lines.join("\n")}\n`;
}

function hclString(value: string): string {
  // JSON string escapes are valid HCL; only template sequences need HCL's own escape.
  return JSON.stringify(value).replace(/\$\{/g, "$${").replace(/%\{/g, "%%{");
}

function subdirectories(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  // statSync follows symlinks: mirrors are often assembled from links into other directories.
  return fs.readdirSync(dir).filter((name) => fs.statSync(path.join(dir, name)).isDirectory());
}

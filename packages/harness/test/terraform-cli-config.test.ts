import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  findProviderMirror,
  listMirrorProviders,
  renderCliConfig,
  terraformEnv,
  writeTerraformCliConfig,
} from "../src/terraform-cli-config";

const temporary: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "harness-cli-config-"));
  temporary.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of temporary.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function fakeMirror(): string {
  const mirror = tempDir();
  const unpacked = path.join(mirror, "registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64");
  fs.mkdirSync(unpacked, { recursive: true });
  fs.writeFileSync(path.join(unpacked, "terraform-provider-aws_v5.100.0_x5"), "");
  const packed = path.join(mirror, "registry.terraform.io/hashicorp/random");
  fs.mkdirSync(packed, { recursive: true });
  fs.writeFileSync(path.join(packed, "terraform-provider-random_3.7.2_linux_amd64.zip"), "");
  fs.mkdirSync(path.join(mirror, "registry.terraform.io/hashicorp/empty"), { recursive: true });
  return mirror;
}

describe("terraform CLI config", () => {
  it("lists the providers of both mirror layouts, skipping empty ones", () => {
    expect(listMirrorProviders(fakeMirror())).toEqual([
      "registry.terraform.io/hashicorp/aws",
      "registry.terraform.io/hashicorp/random",
    ]);
  });

  it("takes mirrored providers only from the mirror and everything else directly", () => {
    const text = renderCliConfig("/repo/.tf-scratch/plugin-cache", {
      path: "/opt/tf-plugins",
      providers: ["registry.terraform.io/hashicorp/aws"],
    });
    expect(text).toBe(
      [
        'plugin_cache_dir = "/repo/.tf-scratch/plugin-cache"',
        "plugin_cache_may_break_dependency_lock_file = true",
        "",
        "provider_installation {",
        "  filesystem_mirror {",
        '    path    = "/opt/tf-plugins"',
        '    include = ["registry.terraform.io/hashicorp/aws"]',
        "  }",
        "  direct {",
        '    exclude = ["registry.terraform.io/hashicorp/aws"]',
        "  }",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("leaves provider installation alone when there is no mirror", () => {
    expect(renderCliConfig("/c", undefined)).toBe('plugin_cache_dir = "/c"\nplugin_cache_may_break_dependency_lock_file = true\n');
  });

  it("writes the file and the cache under the scratch root and returns the child environment", () => {
    const root = tempDir();
    const config = writeTerraformCliConfig({ scratchRoot: root, mirrorDir: fakeMirror() });
    expect(config.configFile).toBe(path.join(root, "terraform.tfrc"));
    expect(fs.existsSync(config.pluginCacheDir)).toBe(true);
    expect(fs.readFileSync(config.configFile, "utf8")).toContain("filesystem_mirror");
    expect(config.env).toEqual({
      TF_CLI_CONFIG_FILE: config.configFile,
      TF_IN_AUTOMATION: "1",
      CHECKPOINT_DISABLE: "1",
    });
    const noMirror = writeTerraformCliConfig({ scratchRoot: tempDir(), mirrorDir: null });
    expect(noMirror.mirror).toBeUndefined();
  });

  it("finds the mirror from the environment, where an empty value means none", () => {
    expect(findProviderMirror({ OPENEDX_TF_PROVIDER_MIRROR: "/somewhere" })).toBe("/somewhere");
    expect(findProviderMirror({ OPENEDX_TF_PROVIDER_MIRROR: "" })).toBeUndefined();
  });

  it("drops inherited variables that would redirect Terraform", () => {
    const config = writeTerraformCliConfig({ scratchRoot: tempDir(), mirrorDir: null });
    const env = terraformEnv(config, {
      PATH: "/usr/bin",
      TF_WORKSPACE: "prod",
      TF_DATA_DIR: "/x",
      TF_CLI_ARGS_plan: "-refresh=true",
      TF_CLI_CONFIG_FILE: "/home/user/.terraformrc",
    });
    expect(env).toEqual({ PATH: "/usr/bin", ...config.env });
  });
});

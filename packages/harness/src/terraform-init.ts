import { withFileLock } from "./file-lock";
import { TerraformCliConfig } from "./terraform-cli-config";
import { TerraformRun, TerraformRunOptions, runTerraformOrThrow } from "./terraform-runner";

/**
 * `terraform init` that takes turns with every other harness init on the machine. Terraform's plugin
 * cache is not safe for concurrent writers: two inits filling a cold cache fail with "failed to create
 * directory" or "provider binary not found" (seen here with three at once).
 */
export function terraformInit(
  cliConfig: TerraformCliConfig,
  run: TerraformRunOptions,
  extraArgs: readonly string[] = [],
): Promise<TerraformRun> {
  return withFileLock(`${cliConfig.pluginCacheDir}.lock`, () =>
    runTerraformOrThrow(["init", "-input=false", "-no-color", ...extraArgs], run),
  );
}

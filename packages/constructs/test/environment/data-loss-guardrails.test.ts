import { App, TerraformResource, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { buildEnvironmentApp } from "../../src/environment/environment-app";
import { productionInput, stagingInput } from "../fixtures";

/**
 * One protection of a stateful resource, removed through an escape hatch: the kind of edit that
 * slips through review and turns a later `cdktf destroy` (or a replacing plan) into lost data.
 */
interface RemovedProtection {
  /** What is removed, for the test name. */
  readonly protection: string;
  /** The construct path of the Terraform resource, without the `<environment>-` prefix. */
  readonly path: string;
  /** `addOverride` arguments applied to that resource. */
  readonly override: readonly [string, unknown];
  /** The rule, and finding if any, the production stacks must fail with, as cited in suppressions. */
  readonly rule: string;
  /** The construct path the violation names, when not the overridden resource's own. */
  readonly reportedAt?: string;
}

const PRODUCTION_ONLY: readonly RemovedProtection[] = [
  { protection: "MySQL deletion protection", path: "data/mysql/Resource", override: ["deletion_protection", false], rule: "OpenedxAwsProduction-DB1" },
  { protection: "MySQL final snapshot", path: "data/mysql/Resource", override: ["skip_final_snapshot", true], rule: "OpenedxAwsProduction-DB2" },
  { protection: "MySQL two weeks of automated backups", path: "data/mysql/Resource", override: ["backup_retention_period", 7], rule: "OpenedxAwsProduction-DB3" },
  { protection: "MySQL backup tag", path: "data/mysql/Resource", override: ["tags.backup", ""], rule: "OpenedxAwsProduction-DB5" },
  { protection: "MySQL prevent_destroy", path: "data/mysql/Resource", override: ["lifecycle.prevent_destroy", false], rule: "OpenedxAwsProduction-TF1" },
  { protection: "DocumentDB deletion protection", path: "data/documentdb/Resource", override: ["deletion_protection", false], rule: "OpenedxAwsProduction-DB1" },
  { protection: "DocumentDB final snapshot", path: "data/documentdb/Resource", override: ["skip_final_snapshot", true], rule: "OpenedxAwsProduction-DB2" },
  { protection: "DocumentDB backup tag", path: "data/documentdb/Resource", override: ["tags.backup", ""], rule: "OpenedxAwsProduction-DB5" },
  { protection: "DocumentDB prevent_destroy", path: "data/documentdb/Resource", override: ["lifecycle.prevent_destroy", false], rule: "OpenedxAwsProduction-TF1" },
  { protection: "cache prevent_destroy", path: "data/cache/Resource", override: ["lifecycle.prevent_destroy", false], rule: "OpenedxAwsProduction-TF1" },
  { protection: "media bucket prevent_destroy", path: "data/media/Resource/Resource", override: ["lifecycle.prevent_destroy", false], rule: "OpenedxAwsProduction-TF1" },
  { protection: "backups bucket prevent_destroy", path: "data/backups/Resource/Resource", override: ["lifecycle.prevent_destroy", false], rule: "OpenedxAwsProduction-TF1" },
  { protection: "backup key prevent_destroy", path: "keys/keys/backup/Resource", override: ["lifecycle.prevent_destroy", false], rule: "OpenedxAwsProduction-TF1" },
  {
    protection: "backup key 30-day deletion window",
    path: "keys/keys/backup/Resource",
    override: ["deletion_window_in_days", 7],
    rule: "OpenedxAwsProduction-KMS1[deletion_window_in_days]",
  },
  {
    protection: "databases key 30-day deletion window",
    path: "keys/keys/databases/Resource",
    override: ["deletion_window_in_days", 7],
    rule: "OpenedxAwsProduction-KMS1[deletion_window_in_days]",
  },
  { protection: "hosted zone prevent_destroy", path: "edge/zone/Resource", override: ["lifecycle.prevent_destroy", false], rule: "OpenedxAwsProduction-TF1" },
  { protection: "image repository prevent_destroy", path: "edge/registry/Resource", override: ["lifecycle.prevent_destroy", false], rule: "OpenedxAwsProduction-TF1" },
  { protection: "backup vault prevent_destroy", path: "backup/vault/Resource", override: ["lifecycle.prevent_destroy", false], rule: "OpenedxAwsProduction-TF1" },
];

// Protections of the base pack hold in every environment, staging included.
const EVERYWHERE: readonly RemovedProtection[] = [
  {
    protection: "media bucket versioning",
    path: "data/media/Resource/Versioning",
    override: ["versioning_configuration.status", "Suspended"],
    rule: "OpenedxAws-S3-4",
    reportedAt: "data/media/Resource/Resource",
  },
];

const outdir = () => Testing.app().outdir;

/** The Terraform resource at `path` of `app`; fails the test if there is none. */
function resourceAt(app: App, path: string): TerraformResource {
  const node = app.node.findAll().find((candidate) => candidate.node.path === path);
  if (!node || !TerraformResource.isTerraformResource(node)) {
    throw new Error(`no Terraform resource at ${path}`);
  }
  return node;
}

/** Synthesizes the whole app with validations, as `cdktf synth` does; returns the error message or undefined. */
function synthError(app: App): string | undefined {
  try {
    app.synth();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** The `[<stack>] [<rule>] ...` lines of a failed synth. */
function violationLines(message: string | undefined): readonly string[] {
  return (message ?? "")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => /^\[[^\]]+\] \[/.test(line));
}

function withRemoved(environment: "production" | "staging", removed: RemovedProtection): App {
  const input = environment === "production" ? productionInput() : stagingInput();
  const app = buildEnvironmentApp([input], { outdir: outdir() });
  resourceAt(app, `${environment}-${removed.path}`).addOverride(...removed.override);
  return app;
}

describe("data-loss guardrails of the environments", () => {
  it("let the untouched production and staging environments synthesize", () => {
    expect(synthError(buildEnvironmentApp([productionInput()], { outdir: outdir() }))).toBeUndefined();
    expect(synthError(buildEnvironmentApp([stagingInput()], { outdir: outdir() }))).toBeUndefined();
  });

  it.each([...PRODUCTION_ONLY, ...EVERYWHERE])("fail production synth when the $protection is removed ($rule)", (removed) => {
    const stack = `production-${removed.path.split("/")[0]}`;
    const at = `production-${removed.reportedAt ?? removed.path}`;
    const message = synthError(withRemoved("production", removed));
    expect(message).toMatch(/^Validation failed with the following errors:\n/);
    const lines = violationLines(message);
    expect(lines).toHaveLength(1);
    expect(lines[0].startsWith(`[${stack}] [${removed.rule}] `)).toBe(true);
    expect(lines[0]).toContain(` at ${at} (`);
  });

  it.each(PRODUCTION_ONLY)("let staging synthesize without the $protection, a production-only protection ($rule)", (removed) => {
    expect(synthError(withRemoved("staging", removed))).toBeUndefined();
  });

  it.each(EVERYWHERE)("fail staging synth too when the $protection is removed ($rule)", (removed) => {
    const lines = violationLines(synthError(withRemoved("staging", removed)));
    expect(lines).toHaveLength(1);
    expect(lines[0].startsWith(`[staging-${removed.path.split("/")[0]}] [${removed.rule}] `)).toBe(true);
    expect(lines[0]).toContain(` at staging-${removed.reportedAt ?? removed.path} (`);
  });
});

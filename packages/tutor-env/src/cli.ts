import { randomInt } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { buildTutorConfig, buildTutorPlugin, EnvironmentConfig, mergeTutorConfig, renderTutorConfig, TUTOR_PLUGIN_NAME, TutorSecrets } from "@openedx-infra/constructs";
import { parse } from "yaml";
import { CommandLineError, parseCommandLine } from "../../harness/src/command-line";
import { synthesisDirectory } from "../../harness/src/synthesis-directory";
import { CommandRunner, runCommand } from "./command-runner";
import { knownEnvironments } from "../../../apps/environments";
import { EnvironmentOutputs, readOutputs, SecretArns, TerraformOutputs, tutorInputs } from "./terraform-outputs";

/** The file the plugin is written to under `<out>/plugins/`. */
export const PLUGIN_FILE_NAME = "openedx-infra.yml";

export const USAGE = `usage: pnpm tutor-env <environment> [--out <dir>] [--image-tag <tag>] [--outputs <file>] [--stacks-dir <dir>]

Writes <out>/config.yml (with the secrets) and <out>/plugins/${PLUGIN_FILE_NAME} for Tutor.
  --out <dir>         where to write; must not be a git-tracked directory (default ./tutor/<environment>)
  --image-tag <tag>   tag of the Open edX image in ECR (default: the current git commit, 12 characters)
  --outputs <file>    read the Terraform outputs from a JSON file {"edge": <terraform output -json>, "data": ...}
                      instead of running terraform output in the stack directories
  --stacks-dir <dir>  where the synthesized stacks are: cdktf.out or cdktf.out/stacks (default ./cdktf.out/stacks)`;

/** What the CLI needs from its surroundings; tests replace each part. */
export interface CliContext {
  /** Runs terraform, aws and git. */
  readonly run: CommandRunner;
  /** The working directory relative paths start from. */
  readonly cwd: string;
  /** Where progress and the next steps go. */
  readonly log: (line: string) => void;
  /** The environments by name. @default - the repository's production and staging */
  readonly environments?: ReadonlyMap<string, EnvironmentConfig>;
}

interface Arguments {
  readonly environment: string;
  readonly out?: string;
  readonly imageTag?: string;
  readonly outputs?: string;
  readonly stacksDir?: string;
}

/** A usage or environment problem: printed without a stack trace. */
export class CliError extends Error {
  override name = "CliError";
}

/** Parses the command line; throws {@link CliError} with the usage on anything it does not accept. */
export function parseArguments(argv: readonly string[]): Arguments {
  const { positional, values } = parseTutorEnvCommandLine(argv);
  if (positional.length !== 1) throw new CliError(`expected exactly one environment name, got ${positional.length}\n${USAGE}`);
  return { environment: positional[0], out: values["--out"], imageTag: values["--image-tag"], outputs: values["--outputs"], stacksDir: values["--stacks-dir"] };
}

function parseTutorEnvCommandLine(argv: readonly string[]) {
  try {
    return parseCommandLine(argv, { valueOptions: ["--out", "--image-tag", "--outputs", "--stacks-dir"], usage: USAGE });
  } catch (error) {
    // As every other refusal of pnpm tutor-env: a CliError.
    throw error instanceof CommandLineError ? new CliError(error.message) : error;
  }
}

/** Runs the hand-off; returns the paths written. */
export function runTutorEnv(argv: readonly string[], context: CliContext = { run: runCommand, cwd: process.cwd(), log: console.log }): { configPath: string; pluginPath: string } {
  const args = parseArguments(argv);
  const environments = context.environments ?? knownEnvironments();
  const environment = environments.get(args.environment);
  if (!environment) throw new CliError(`unknown environment "${args.environment}"; known: ${[...environments.keys()].join(", ")}`);

  const out = resolve(context.cwd, args.out ?? join("tutor", environment.name));
  refuseGitTracked(context, out);

  const outputs = args.outputs ? readOutputsFile(resolve(context.cwd, args.outputs)) : terraformOutputs(context, environment, synthesisDirectory(resolve(context.cwd, args.stacksDir ?? "cdktf.out/stacks")).stacksDir);
  const { values, secretArns } = readOutputs(environment, outputs);
  const imageTag = args.imageTag ?? gitCommit(context);

  const configPath = join(out, "config.yml");
  const existing = readExistingConfig(configPath);
  const { secrets, redisUsername } = readSecrets(context, environment, secretArns, existing);
  const inputs = tutorInputs(environment, values, imageTag, secrets, redisUsername);
  const config = mergeTutorConfig(existing, buildTutorConfig(inputs));
  const plugin = buildTutorPlugin(inputs);

  const pluginPath = join(out, "plugins", PLUGIN_FILE_NAME);
  mkdirSync(dirname(pluginPath), { recursive: true, mode: 0o700 });
  writeFileSync(configPath, renderTutorConfig(config), { mode: 0o600 });
  // writeFileSync keeps the mode of an existing file: make sure an older, looser one is tightened.
  chmodSync(configPath, 0o600);
  writeFileSync(pluginPath, plugin, { mode: 0o644 });

  context.log(`wrote ${configPath} (holds secrets: keep it out of git and backups you do not control)`);
  context.log(`wrote ${pluginPath}`);
  context.log("");
  context.log("Next steps:");
  for (const step of nextSteps(out, imageTag, inputs.imageRepositoryUrl, environment.region)) context.log(`  ${step}`);
  return { configPath, pluginPath };
}

export function nextSteps(out: string, imageTag: string, repositoryUrl: string, region: string): string[] {
  const registry = repositoryUrl.split("/")[0];
  return [
    `export TUTOR_ROOT=${out} TUTOR_PLUGINS_ROOT=${join(out, "plugins")}`,
    `tutor plugins enable ${TUTOR_PLUGIN_NAME}`,
    "tutor config save",
    "tutor images build openedx",
    `aws ecr get-login-password --region ${region} | docker login --username AWS --password-stdin ${registry}`,
    `tutor images push openedx   # ${repositoryUrl}:${imageTag}`,
    "tutor k8s launch",
  ];
}

function refuseGitTracked(context: CliContext, out: string): void {
  let existing = out;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  const inside = context.run("git", ["-C", existing, "rev-parse", "--is-inside-work-tree"]);
  if (inside.status !== 0 || inside.stdout.trim() !== "true") return;
  // Ignored paths cannot be committed by accident; anything else in a work tree can.
  const ignored = context.run("git", ["-C", existing, "check-ignore", "-q", join(out, "config.yml")]);
  if (ignored.status === 0) return;
  throw new CliError(
    `refusing to write into ${out}: it is inside a git work tree and not ignored, and config.yml holds the database, cache and SMTP secrets. ` +
      "Pass --out <dir> outside any repository, or add the directory to .gitignore.",
  );
}

function readOutputsFile(path: string): EnvironmentOutputs {
  const parsed = JSON.parse(readFileSync(path, "utf8")) as Partial<EnvironmentOutputs>;
  if (typeof parsed.edge !== "object" || typeof parsed.data !== "object" || parsed.edge === null || parsed.data === null) {
    throw new CliError(`${path} must hold {"edge": <terraform output -json of the edge stack>, "data": <... of the data stack>}`);
  }
  return { edge: parsed.edge, data: parsed.data };
}

function terraformOutputs(context: CliContext, environment: EnvironmentConfig, stacksDir: string): EnvironmentOutputs {
  const read = (component: "edge" | "data"): TerraformOutputs => {
    const directory = join(stacksDir, `${environment.name}-${component}`);
    const result = context.run("terraform", ["output", "-json"], { cwd: directory });
    if (result.status !== 0) {
      throw new CliError(`terraform output -json failed in ${directory} (run "terraform init" there, with access to the state): ${result.stderr.trim()}`);
    }
    return JSON.parse(result.stdout) as TerraformOutputs;
  };
  return { edge: read("edge"), data: read("data") };
}

function gitCommit(context: CliContext): string {
  const result = context.run("git", ["-C", context.cwd, "rev-parse", "--short=12", "HEAD"]);
  if (result.status !== 0) throw new CliError("cannot name the image after the git commit; pass --image-tag <tag>");
  return result.stdout.trim();
}

function readExistingConfig(path: string): Record<string, unknown> {
  if (!existsSync(path)) return {};
  const parsed: unknown = parse(readFileSync(path, "utf8"));
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== "object" || Array.isArray(parsed)) throw new CliError(`${path} is not a YAML mapping; fix or remove it`);
  return parsed as Record<string, unknown>;
}

interface Credentials {
  readonly username?: string;
  readonly password: string;
}

function readSecret(context: CliContext, region: string, arn: string, what: string): Credentials {
  const result = context.run("aws", ["secretsmanager", "get-secret-value", "--secret-id", arn, "--query", "SecretString", "--output", "text", "--region", region]);
  if (result.status !== 0) throw new CliError(`cannot read the ${what} secret ${arn}: ${result.stderr.trim()}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(result.stdout);
  } catch {
    // Never echo the secret string itself.
    throw new CliError(`the ${what} secret ${arn} is not JSON {"username", "password"}`);
  }
  const record = parsed as Record<string, unknown>;
  if (typeof record?.password !== "string") throw new CliError(`the ${what} secret ${arn} has no "password" string`);
  return { username: typeof record.username === "string" ? record.username : undefined, password: record.password };
}

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** 32 random letters and digits (190 bits), safe in Tutor's shell and SQL quoting. */
export function generatePassword(): string {
  return Array.from({ length: 32 }, () => ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]).join("");
}

function readSecrets(context: CliContext, environment: EnvironmentConfig, arns: SecretArns, existing: Readonly<Record<string, unknown>>): { secrets: TutorSecrets; redisUsername: string } {
  const region = environment.region;
  const mysql = readSecret(context, region, arns.mysql, "MySQL master");
  const documentDb = readSecret(context, region, arns.documentDb, "DocumentDB master");
  const redis = readSecret(context, region, arns.redis, "cache AUTH");
  const smtp = readSecret(context, region, arns.smtp, "SES SMTP");
  if (smtp.username === undefined) throw new CliError(`the SES SMTP secret ${arns.smtp} has no "username" string`);
  // Keep the openedx user's password across runs: a new one would need Tutor's init job again.
  const previous = existing.OPENEDX_MYSQL_PASSWORD;
  const openedxMysqlPassword = typeof previous === "string" && /^[A-Za-z0-9]{16,}$/.test(previous) ? previous : generatePassword();
  return {
    secrets: {
      mysqlPassword: mysql.password,
      openedxMysqlPassword,
      mongodbPassword: documentDb.password,
      redisPassword: redis.password,
      smtpUsername: smtp.username,
      smtpPassword: smtp.password,
    },
    redisUsername: redis.username ?? "default",
  };
}

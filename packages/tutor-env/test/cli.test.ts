import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineEnvironment, EnvironmentConfig, isTutorConfigKey, isTutorPatchName, TUTOR_SECRET_CONFIG_KEYS } from "@openedx-infra/constructs";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { productionConfig } from "../../../apps/production/src/config";
import { stagingConfig } from "../../../apps/staging/src/config";
import { CliContext, CliError, parseArguments, PLUGIN_FILE_NAME, runTutorEnv, USAGE } from "../src/cli";
import { CommandResult } from "../src/command-runner";
import { DATA_OUTPUTS, EDGE_OUTPUTS } from "../src/terraform-outputs";

const SECRETS = {
  mysql: { username: "openedx_admin", password: "MysqlMasterSecret0001" },
  documentDb: { username: "openedx_admin", password: "DocdbMasterSecret0003" },
  redis: { username: "default", password: "0123456789abcdef0123456789abcdef" },
  smtp: { username: "AKIAFAKESMTPUSER0004", password: "BFakeSesSmtpPassword+/0005=", host: "email-smtp.eu-west-1.amazonaws.com", port: 587 },
};
const SECRET_VALUES = [SECRETS.mysql.password, SECRETS.documentDb.password, SECRETS.redis.password, SECRETS.smtp.username, SECRETS.smtp.password];

function fakeOutputs(environment: EnvironmentConfig) {
  const arn = (name: string) => `arn:aws:secretsmanager:${environment.region}:${environment.accountId}:secret:${name}-AbCdEf`;
  const output = (value: string) => ({ value, type: "string", sensitive: false });
  return {
    edge: {
      lms_host: output(environment.hosts.lms),
      studio_host: output(environment.hosts.studio),
      mfe_host: output(environment.hosts.mfe),
      meilisearch_host: output(environment.hosts.meilisearch),
      media_host: output(environment.hosts.media),
      smtp_host: output(`email-smtp.${environment.region}.amazonaws.com`),
      smtp_port: output("587"),
      smtp_secret_arn: output(arn("smtp")),
      ecr_repository_url: output(`${environment.accountId}.dkr.ecr.${environment.region}.amazonaws.com/openedx/${environment.name}/openedx`),
    },
    data: {
      mysql_endpoint: output(`openedx-${environment.name}-mysql.abcdefghijkl.${environment.region}.rds.amazonaws.com`),
      mysql_port: output("3306"),
      mysql_master_username: output("openedx_admin"),
      mysql_master_secret_arn: output(arn("rds!db-mysql")),
      documentdb_endpoint: output(`openedx-${environment.name}-docdb.cluster-abcdefghijkl.${environment.region}.docdb.amazonaws.com`),
      documentdb_port: output("27017"),
      documentdb_master_username: output("openedx_admin"),
      documentdb_master_secret_arn: output(arn("rds!cluster-docdb")),
      redis_primary_endpoint: output(`master.openedx-${environment.name}-cache.abcdef.euw1.cache.amazonaws.com`),
      redis_port: output("6379"),
      redis_auth_secret_arn: output(arn("cache-auth")),
      media_bucket_name: output(`openedx-${environment.name}-media-${environment.accountId}-${environment.region}`),
    },
  };
}

interface Call {
  command: string;
  args: readonly string[];
  cwd?: string;
}

/** A fake terraform, aws and git: records every call. */
function fakeRunner(environment: EnvironmentConfig, options: { gitTracked?: boolean } = {}) {
  const calls: Call[] = [];
  const outputs = fakeOutputs(environment);
  const ok = (stdout: string): CommandResult => ({ status: 0, stdout, stderr: "" });
  const run = (command: string, args: readonly string[], runOptions: { cwd?: string } = {}): CommandResult => {
    calls.push({ command, args, cwd: runOptions.cwd });
    if (command === "terraform") return ok(JSON.stringify(runOptions.cwd?.endsWith("-edge") ? outputs.edge : outputs.data));
    if (command === "git" && args.includes("rev-parse") && args.includes("--is-inside-work-tree")) return options.gitTracked ? ok("true\n") : { status: 128, stdout: "", stderr: "not a git repository" };
    if (command === "git" && args.includes("check-ignore")) return { status: 1, stdout: "", stderr: "" };
    if (command === "git" && args.includes("HEAD")) return ok("0123456789ab\n");
    if (command === "aws") {
      const arn = args[args.indexOf("--secret-id") + 1];
      const secret = arn.includes("mysql") ? SECRETS.mysql : arn.includes("docdb") ? SECRETS.documentDb : arn.includes("cache") ? SECRETS.redis : SECRETS.smtp;
      return ok(`${JSON.stringify(secret)}\n`);
    }
    return { status: 127, stdout: "", stderr: `unexpected ${command}` };
  };
  return { calls, run, outputs };
}

function context(environment: EnvironmentConfig, cwd: string, options: { gitTracked?: boolean } = {}) {
  const runner = fakeRunner(environment, options);
  const lines: string[] = [];
  const ctx: CliContext = {
    run: runner.run,
    cwd,
    log: (line) => lines.push(line),
    environments: new Map([productionConfig, stagingConfig].map((input) => [input.name, defineEnvironment(input)])),
  };
  return { ctx, lines, calls: runner.calls, outputs: runner.outputs };
}

function listFiles(directory: string): string[] {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

describe.each([
  ["production", productionConfig],
  ["staging", stagingConfig],
])("tutor-env %s", (name, input) => {
  const environment = defineEnvironment(input);

  it("reads the terraform outputs in the stacks folder when --stacks-dir names the synthesis's output directory", () => {
    const cwd = mkdtempSync(join(tmpdir(), "tutor-env-"));
    mkdirSync(join(cwd, "cdktf.out", "stacks"), { recursive: true });
    writeFileSync(join(cwd, "cdktf.out", "manifest.json"), "{}");
    const { ctx, calls } = context(environment, cwd);
    runTutorEnv([name, "--image-tag", "v1.2.3", "--stacks-dir", "cdktf.out", "--out", "project"], ctx);
    expect(calls.filter((call) => call.command === "terraform").map((call) => call.cwd)).toEqual([
      join(cwd, "cdktf.out", "stacks", `${name}-edge`),
      join(cwd, "cdktf.out", "stacks", `${name}-data`),
    ]);
  });

  it("writes config.yml and the plugin from terraform outputs and the secrets", () => {
    const cwd = mkdtempSync(join(tmpdir(), "tutor-env-"));
    const { ctx, lines, calls } = context(environment, cwd);
    const result = runTutorEnv([name, "--image-tag", "v1.2.3"], ctx);

    const out = join(cwd, "tutor", name);
    expect(result).toEqual({ configPath: join(out, "config.yml"), pluginPath: join(out, "plugins", PLUGIN_FILE_NAME) });
    expect(listFiles(cwd).sort()).toEqual([join(out, "config.yml"), join(out, "plugins", PLUGIN_FILE_NAME)]);
    expect(statSync(result.configPath).mode & 0o777).toBe(0o600);

    expect(calls.filter((call) => call.command === "terraform")).toEqual([
      { command: "terraform", args: ["output", "-json"], cwd: join(cwd, "cdktf.out/stacks", `${name}-edge`) },
      { command: "terraform", args: ["output", "-json"], cwd: join(cwd, "cdktf.out/stacks", `${name}-data`) },
    ]);
    const awsCalls = calls.filter((call) => call.command === "aws");
    expect(awsCalls).toHaveLength(4);
    const arn = (secret: string) => `arn:aws:secretsmanager:eu-west-1:${environment.accountId}:secret:${secret}-AbCdEf`;
    expect(awsCalls.map((call) => call.args)).toEqual(
      [arn("rds!db-mysql"), arn("rds!cluster-docdb"), arn("cache-auth"), arn("smtp")].map((secretId) => [
        "secretsmanager", "get-secret-value", "--secret-id", secretId, "--query", "SecretString", "--output", "text", "--region", "eu-west-1",
      ]),
    );

    const config = parse(readFileSync(result.configPath, "utf8")) as Record<string, unknown>;
    for (const key of Object.keys(config)) expect(isTutorConfigKey(key), key).toBe(true);
    expect(config.LMS_HOST).toBe(environment.domain);
    expect(config.DOCKER_IMAGE_OPENEDX).toBe(`${environment.accountId}.dkr.ecr.eu-west-1.amazonaws.com/openedx/${name}/openedx:v1.2.3`);
    expect(config.MYSQL_ROOT_PASSWORD).toBe(SECRETS.mysql.password);
    expect(config.MONGODB_PASSWORD).toBe(SECRETS.documentDb.password);
    expect(config.REDIS_USERNAME).toBe("default");
    expect(config.REDIS_PASSWORD).toBe(SECRETS.redis.password);
    expect(config.SMTP_USERNAME).toBe(SECRETS.smtp.username);
    expect(config.SMTP_PASSWORD).toBe(SECRETS.smtp.password);
    expect(config.OPENEDX_MYSQL_PASSWORD).toMatch(/^[A-Za-z0-9]{32}$/);

    const pluginText = readFileSync(result.pluginPath, "utf8");
    const plugin = parse(pluginText) as { name: string; version: string; config: { defaults: Record<string, string> }; patches: Record<string, string> };
    expect(Object.keys(plugin).sort()).toEqual(["config", "name", "patches", "version"]);
    expect(plugin.name).toBe("openedx_infra");
    for (const patch of Object.keys(plugin.patches)) expect(isTutorPatchName(patch), patch).toBe(true);

    // Secrets only in config.yml, under the secret keys; never in the plugin nor the log.
    for (const secret of [...SECRET_VALUES, String(config.OPENEDX_MYSQL_PASSWORD)]) {
      expect(pluginText).not.toContain(secret);
      expect(lines.join("\n")).not.toContain(secret);
    }
    for (const [key, value] of Object.entries(config)) {
      if (!(TUTOR_SECRET_CONFIG_KEYS as readonly string[]).includes(key)) expect(SECRET_VALUES).not.toContain(value);
    }

    expect(lines.slice(-8)).toEqual([
      "Next steps:",
      `  export TUTOR_ROOT=${out} TUTOR_PLUGINS_ROOT=${join(out, "plugins")}`,
      "  tutor plugins enable openedx_infra",
      "  tutor config save",
      "  tutor images build openedx",
      `  aws ecr get-login-password --region eu-west-1 | docker login --username AWS --password-stdin ${environment.accountId}.dkr.ecr.eu-west-1.amazonaws.com`,
      `  tutor images push openedx   # ${environment.accountId}.dkr.ecr.eu-west-1.amazonaws.com/openedx/${name}/openedx:v1.2.3`,
      "  tutor k8s launch",
    ]);
  });

  it("reads outputs from a file, keeps Tutor's own keys, and tags the image with the commit", () => {
    const cwd = mkdtempSync(join(tmpdir(), "tutor-env-"));
    const { ctx, calls, outputs } = context(environment, cwd);
    writeFileSync(join(cwd, "outputs.json"), JSON.stringify(outputs));
    const out = join(cwd, "elsewhere");
    mkdirSync(out);
    writeFileSync(join(out, "config.yml"), "ID: keepme\nOPENEDX_MYSQL_PASSWORD: PreviousPassword0123456789\nPLUGINS:\n- mfe\n- openedx_infra\nLMS_HOST: old.example.edu\n");
    runTutorEnv([name, "--outputs", "outputs.json", "--out", "elsewhere"], ctx);

    expect(calls.some((call) => call.command === "terraform")).toBe(false);
    const config = parse(readFileSync(join(out, "config.yml"), "utf8")) as Record<string, unknown>;
    expect(config.ID).toBe("keepme");
    expect(config.PLUGINS).toEqual(["mfe", "openedx_infra"]);
    expect(config.OPENEDX_MYSQL_PASSWORD).toBe("PreviousPassword0123456789");
    expect(config.LMS_HOST).toBe(environment.domain);
    expect(String(config.DOCKER_IMAGE_OPENEDX).endsWith(":0123456789ab")).toBe(true);
  });
});

describe("tutor-env refuses", () => {
  const environment = defineEnvironment(productionConfig);

  it("a git-tracked output directory, writing nothing", () => {
    const cwd = mkdtempSync(join(tmpdir(), "tutor-env-"));
    const { ctx, calls } = context(environment, cwd, { gitTracked: true });
    expect(() => runTutorEnv(["production", "--image-tag", "v1"], ctx)).toThrow(
      new CliError(
        `refusing to write into ${join(cwd, "tutor", "production")}: it is inside a git work tree and not ignored, and config.yml holds the database, cache and SMTP secrets. Pass --out <dir> outside any repository, or add the directory to .gitignore.`,
      ),
    );
    expect(listFiles(cwd)).toEqual([]);
    expect(calls.some((call) => call.command === "aws")).toBe(false);
  });

  it("a directory in this repository, with the real git", () => {
    const repository = mkdtempSync(join(tmpdir(), "tutor-env-git-"));
    execFileSync("git", ["init", "-q", repository]);
    const { ctx } = context(environment, repository);
    const realGit = (command: string, args: readonly string[], options?: { cwd?: string }) => {
      if (command !== "git" || args.includes("HEAD")) return ctx.run(command, args, options);
      try {
        return { status: 0, stdout: execFileSync(command, [...args], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }), stderr: "" };
      } catch (error) {
        return { status: (error as { status?: number }).status ?? 1, stdout: "", stderr: "" };
      }
    };
    expect(() => runTutorEnv(["production", "--image-tag", "v1"], { ...ctx, run: realGit })).toThrow(/^refusing to write into .*tutor\/production: it is inside a git work tree/);
    writeFileSync(join(repository, ".gitignore"), "tutor/\n");
    expect(runTutorEnv(["production", "--image-tag", "v1"], { ...ctx, run: realGit }).configPath).toBe(join(repository, "tutor", "production", "config.yml"));
  });

  it("an unknown environment", () => {
    const { ctx } = context(environment, tmpdir());
    expect(() => runTutorEnv(["qa"], ctx)).toThrow(new CliError('unknown environment "qa"; known: production, staging'));
  });

  it("missing outputs, naming each", () => {
    const cwd = mkdtempSync(join(tmpdir(), "tutor-env-"));
    const { ctx, outputs } = context(environment, cwd);
    const edge: Record<string, unknown> = { ...outputs.edge };
    delete edge.lms_host;
    writeFileSync(join(cwd, "outputs.json"), JSON.stringify({ edge, data: { ...outputs.data, redis_port: { value: 6379 } } }));
    expect(() => runTutorEnv(["production", "--outputs", "outputs.json", "--image-tag", "v1"], ctx)).toThrow(
      "cannot build the Tutor configuration of production:\n  - output lms_host of stack production-edge is missing\n  - output redis_port of stack production-data is not a non-empty string (got 6379)",
    );
  });

  it("bad arguments", () => {
    expect(() => parseArguments([])).toThrow(/^expected exactly one environment name, got 0\nusage: pnpm tutor-env/);
    expect(() => parseArguments(["production", "--force"])).toThrow(new CliError(`unknown option --force; allowed: --out, --image-tag, --outputs, --stacks-dir\n${USAGE}`));
    expect(() => parseArguments(["production", "--out"])).toThrow(new CliError(`option --out needs a value\n${USAGE}`));
    expect(() => parseArguments(["production", "--out", "--image-tag", "v1"])).toThrow(new CliError(`option --out needs a value, not the option --image-tag\n${USAGE}`));
    expect(() => parseArguments(["production", "--image-tag", "v1", "--image-tag", "v2"])).toThrow(new CliError(`option --image-tag given twice; give it once\n${USAGE}`));
    expect(parseArguments(["staging", "--out", "/tmp/x", "--image-tag", "t"])).toEqual({ environment: "staging", out: "/tmp/x", imageTag: "t", outputs: undefined, stacksDir: undefined });
  });

  it("a secret Tutor would break, without printing it", () => {
    const cwd = mkdtempSync(join(tmpdir(), "tutor-env-"));
    const { ctx } = context(environment, cwd);
    const run = (command: string, args: readonly string[], options?: { cwd?: string }) =>
      command === "aws" && args.some((arg) => arg.includes("mysql")) ? { status: 0, stdout: '{"username":"openedx_admin","password":"ab$cd"}', stderr: "" } : ctx.run(command, args, options);
    let message = "";
    try {
      runTutorEnv(["production", "--image-tag", "v1"], { ...ctx, run });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(
      'invalid Tutor inputs:\n  - secrets.mysqlPassword must not contain "$": Tutor\'s MySQL init job passes it in shell double quotes; rotate the secret to a value without them (the value is not shown)',
    );
    expect(listFiles(cwd)).toEqual([]);
  });
});

describe("the outputs the hand-off reads", () => {
  it("are the edge and data stacks' documented outputs", () => {
    const source = (file: string) => readFileSync(join(__dirname, "../../constructs/src/environment", file), "utf8");
    for (const name of EDGE_OUTPUTS) expect(source("edge-stack.ts"), name).toMatch(new RegExp(`\\b${name}: \\{ value:`));
    for (const name of DATA_OUTPUTS) expect(source("data-stack.ts"), name).toMatch(new RegExp(`\\b${name}: \\{ value:`));
  });
});

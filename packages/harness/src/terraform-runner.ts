import { spawn } from "node:child_process";

/** One finished Terraform command. */
export interface TerraformRun {
  readonly args: readonly string[];
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

export interface TerraformRunOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

/** Thrown for a non-zero exit, carrying Terraform's own output because that is what explains it. */
export class TerraformCommandError extends Error {
  constructor(readonly run: TerraformRun) {
    super(`terraform ${run.args.join(" ")} exited with ${run.exitCode}\n${(run.stderr || run.stdout).trim()}`);
    this.name = "TerraformCommandError";
  }
}

/** The same variable cdktf's testing matchers honour, so one setting points both at a binary. */
export function terraformBinary(env: NodeJS.ProcessEnv = process.env): string {
  return env["TERRAFORM_BINARY_NAME"] ?? "terraform";
}

export function runTerraform(args: readonly string[], options: TerraformRunOptions): Promise<TerraformRun> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(terraformBinary(options.env), args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      resolve({
        args,
        exitCode: code ?? (signal === null ? 1 : 128),
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
        seconds: Number(process.hrtime.bigint() - started) / 1e9,
      });
    });
  });
}

/** Like {@link runTerraform}, but a non-zero exit rejects with {@link TerraformCommandError}. */
export async function runTerraformOrThrow(args: readonly string[], options: TerraformRunOptions): Promise<TerraformRun> {
  const run = await runTerraform(args, options);
  if (run.exitCode !== 0) throw new TerraformCommandError(run);
  return run;
}

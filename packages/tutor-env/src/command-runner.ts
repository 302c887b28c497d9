import { spawnSync } from "node:child_process";

/** The result of a finished command. */
export interface CommandResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command without a shell; injectable so tests fake Terraform, the AWS CLI and git. */
export type CommandRunner = (command: string, args: readonly string[], options?: { readonly cwd?: string }) => CommandResult;

export const runCommand: CommandRunner = (command, args, options = {}) => {
  const result = spawnSync(command, [...args], { cwd: options.cwd, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
  if (result.error) return { status: 127, stdout: "", stderr: result.error.message };
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
};

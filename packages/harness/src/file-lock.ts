import * as fs from "node:fs";
import * as path from "node:path";

export interface FileLockOptions {
  /** @default 100 */
  readonly pollMs?: number;
  /** A lock older than this is taken over even if its owner still runs. @default 300000 (5 minutes) */
  readonly staleMs?: number;
}

/**
 * Runs `task` while holding a lock shared with other processes: a directory, because creating one is
 * atomic on every filesystem, holding the owner's pid so a lock left by a killed process is reclaimed.
 */
export async function withFileLock<T>(lockDir: string, task: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const pollMs = options.pollMs ?? 100;
  const staleMs = options.staleMs ?? 300_000;
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      break;
    } catch (error) {
      if (!isErrno(error, "EEXIST")) throw error;
      if (isAbandoned(lockDir, staleMs)) {
        fs.rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }
  try {
    fs.writeFileSync(path.join(lockDir, "owner"), String(process.pid));
    return await task();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

function isAbandoned(lockDir: string, staleMs: number): boolean {
  try {
    const stat = fs.statSync(lockDir);
    if (Date.now() - stat.mtimeMs > staleMs) return true;
    const pid = Number(fs.readFileSync(path.join(lockDir, "owner"), "utf8"));
    if (!Number.isInteger(pid) || pid <= 0) return false;
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // No owner file yet means the owner is between mkdir and write: not abandoned.
    return isErrno(error, "ESRCH");
  }
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && "code" in error && error.code === code;
}

import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Empties a scratch copy's directory for a new run, except `.terraform`: keeping it lets the next
 * `terraform init` only re-link the cached provider. The lock file goes too, so a provider version
 * bump in the synthesized stack cannot conflict with an old one.
 */
export function prepareScratchDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const entry of fs.readdirSync(dir)) {
    if (entry !== ".terraform") fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
  }
}

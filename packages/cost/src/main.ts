// pnpm cost <environment> [--compare <environment>] [--stacks-dir <dir>] [--spot-prices <file>] [--json]
import { runCost } from "./cli";

try {
  runCost(process.argv.slice(2), { log: (text) => console.log(text), cwd: process.cwd() });
} catch (error) {
  // Every expected failure carries a message meant for the operator; a stack trace adds nothing.
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}

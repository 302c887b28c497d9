// pnpm restore-plan <environment> [--outputs <file>] [--stacks-dir <dir>]
import { runRestorePlan } from "./cli";

try {
  console.log(runRestorePlan(process.argv.slice(2)));
} catch (error) {
  // Every expected failure carries a message meant for the operator; a stack trace adds nothing.
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}

// pnpm tutor-env <environment> [--out <dir>] [--image-tag <tag>] [--outputs <file>] [--stacks-dir <dir>]
import { runTutorEnv } from "./cli";

try {
  runTutorEnv(process.argv.slice(2));
} catch (error) {
  // Every expected failure carries a message meant for the operator; a stack trace adds nothing.
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}

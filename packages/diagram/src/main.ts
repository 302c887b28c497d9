// pnpm diagram <environment> [--stacks-dir <dir>] [--out-dir <dir>]
import { runDiagram } from "./cli";

runDiagram(process.argv.slice(2), { log: (line) => console.log(line) }).catch((error: unknown) => {
  // Every expected failure carries a message meant for the operator; a stack trace adds nothing.
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});

import { App } from "cdktf";

/**
 * Builds and synthesizes an app, turning any error (a bad configuration, an unknown environment in
 * a stack id, a policy violation) into its message on stderr and exit code 1. Configuration is
 * validated inside `build` before any construct exists, so a bad value writes nothing.
 */
export function runApp(build: () => App): void {
  try {
    build().synth();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${message}\n`);
    if (process.env.OPENEDX_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    process.exitCode = 1;
  }
}

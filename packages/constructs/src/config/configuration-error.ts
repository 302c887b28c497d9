/** One rejected configuration value: where it is, what it was, and what is allowed. */
export interface ConfigurationProblem {
  /** Dotted path of the field, e.g. `availabilityZones[1]`. */
  readonly field: string;
  /** What is allowed, phrased to follow the field name. */
  readonly message: string;
  /** The rejected value as given (JSON-rendered in the message). */
  readonly value: unknown;
}

/**
 * Thrown before any construct is created when an environment configuration is invalid. The
 * message lists every problem at once, one per line, so a user fixes them in one pass.
 */
export class ConfigurationError extends Error {
  constructor(
    /** Name of the environment whose configuration was rejected, or `<unnamed>` when it has none. */
    readonly environment: string,
    /** Every rejected value, in the order the schema met them; tools can report them field by field. */
    readonly problems: readonly ConfigurationProblem[],
  ) {
    super(
      [`invalid configuration for environment "${environment}":`]
        .concat(problems.map((p) => `  - ${p.field}: ${p.message} (got ${renderValue(p.value)})`))
        .join("\n"),
    );
    this.name = "ConfigurationError";
  }
}

function renderValue(value: unknown): string {
  if (value === undefined) return "nothing";
  return JSON.stringify(value);
}

/**
 * The one command-line parser of the operator CLIs (`pnpm cost`, `pnpm diagram`, `pnpm restore-plan`,
 * `pnpm tutor-env`), so that they accept and refuse the same shapes with the same messages.
 *
 * The grammar is deliberately small, as the CLIs need nothing more:
 * - an argument starting with `--` is an option; anything else (including `-x`) is positional;
 * - a value option (`--stacks-dir <dir>`) takes the next argument as its value, which must exist and
 *   must not start with `--` (`--stacks-dir --json` is a forgotten value, not a directory);
 * - a flag (`--json`) takes no value;
 * - `--name=value` and a bare `--` are not understood: they are refused as unknown options, whose
 *   message names the allowed ones (a single-dash `-x` is positional, left to the CLI's own check);
 * - an option given twice is refused, value option or flag alike: which of two `--compare` values
 *   the operator meant is a guess, and a CLI should not make it silently.
 *
 * What the positional arguments must be (how many, which names) is each CLI's own check.
 */

/** A command line the parser refuses; its message ends with the usage and is meant to be printed without a stack trace. */
export class CommandLineError extends Error {
  override name = "CommandLineError";
}

/** What a CLI accepts. */
export interface CommandLineSpec<V extends string, F extends string> {
  /** The options that take a value, with their leading `--`, in the order the usage lists them. */
  readonly valueOptions: readonly V[];
  /** The options that take no value, with their leading `--`. @default none */
  readonly flags?: readonly F[];
  /** The CLI's usage text, appended to every error message after a newline. */
  readonly usage: string;
}

/** A parsed command line. */
export interface CommandLine<V extends string, F extends string> {
  /** The positional arguments, in order. */
  readonly positional: readonly string[];
  /** The value of each value option given; an option not given is absent. */
  readonly values: Readonly<Partial<Record<V, string>>>;
  /** Whether each flag was given: every flag of the spec is present, `false` when not given. */
  readonly flags: Readonly<Record<F, boolean>>;
}

/**
 * Parses `argv` (without the node and script paths) against `spec`.
 *
 * Pure: reads nothing but its arguments. Throws {@link CommandLineError} for an unknown option, a
 * value option without a value or with one that looks like an option, and an option given twice;
 * throws a plain `Error` for a spec that is itself wrong (a name without `--`, a name listed twice),
 * which is a programming error, not the operator's.
 */
export function parseCommandLine<V extends string, F extends string = never>(argv: readonly string[], spec: CommandLineSpec<V, F>): CommandLine<V, F> {
  const flagNames: readonly F[] = spec.flags ?? [];
  const allowed: readonly string[] = [...spec.valueOptions, ...flagNames];
  checkSpec(allowed);
  const refuse = (problem: string) => new CommandLineError(`${problem}\n${spec.usage}`);

  const positional: string[] = [];
  const values: Partial<Record<V, string>> = {};
  const flags = Object.fromEntries(flagNames.map((name) => [name, false])) as Record<F, boolean>;
  const seen = new Set<string>();
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (!argument.startsWith("--")) {
      positional.push(argument);
      continue;
    }
    if (!allowed.includes(argument)) throw refuse(`unknown option ${argument}; allowed: ${allowed.join(", ")}`);
    if (seen.has(argument)) throw refuse(`option ${argument} given twice; give it once`);
    seen.add(argument);
    if (isOneOf(argument, flagNames)) {
      flags[argument] = true;
      continue;
    }
    const value = argv[index + 1];
    if (value === undefined) throw refuse(`option ${argument} needs a value`);
    if (value.startsWith("--")) throw refuse(`option ${argument} needs a value, not the option ${value}`);
    values[argument as V] = value;
    index++;
  }
  return { positional, values, flags };
}

function checkSpec(names: readonly string[]): void {
  for (const [index, name] of names.entries()) {
    if (!/^--[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`command-line spec: option "${name}" must be "--" followed by lower-case letters, digits and dashes`);
    if (names.indexOf(name) !== index) throw new Error(`command-line spec: option ${name} is listed twice`);
  }
}

function isOneOf<T extends string>(value: string, names: readonly T[]): value is T {
  return (names as readonly string[]).includes(value);
}

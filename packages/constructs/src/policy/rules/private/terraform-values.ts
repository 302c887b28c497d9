/**
 * Reading values out of synthesized Terraform JSON. Anything a rule cannot know at synth time (a
 * `${...}` expression: a variable, a data source, a computed attribute) makes the reader throw, so
 * the rule is reported as unchecked rather than passing on a guess.
 */

/** A block or object of Terraform JSON. */
export type TerraformBlock = Readonly<Record<string, unknown>>;

/** Whether `value` is (or contains) a Terraform expression, which is known only at apply time. */
export function isExpression(value: unknown): value is string {
  return typeof value === "string" && value.includes("${");
}

/** Whether an attribute is set at all: present, not null and not the empty string. */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "";
}

/** Thrown when a rule needs a literal value and finds an expression. */
export class UnresolvableValueError extends Error {
  constructor(where: string, value: string) {
    super(
      `${where} is the Terraform expression ${JSON.stringify(value)}, known only at apply time; set a literal value, or suppress the rule with a reason if the expression is safe`,
    );
    this.name = "UnresolvableValueError";
  }
}

/**
 * The blocks of a nested block attribute. cdktf writes a single-item block either as an object or
 * as a list of one object, depending on the provider schema; both read as a list here.
 */
export function blocksAt(value: unknown, where: string): readonly TerraformBlock[] {
  if (value === undefined || value === null) {
    return [];
  }
  if (isExpression(value)) {
    throw new UnresolvableValueError(where, value);
  }
  const items: readonly unknown[] = Array.isArray(value) ? value : [value];
  return items.map((item, index) => {
    if (isExpression(item)) {
      throw new UnresolvableValueError(`${where}[${index}]`, item);
    }
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      throw new Error(`${where} must be a block (an object), got ${JSON.stringify(item)}`);
    }
    return item as TerraformBlock;
  });
}

/** The first block of a block attribute that allows at most one (e.g. `vpc_config`), if any. */
export function blockAt(value: unknown, where: string): TerraformBlock | undefined {
  return blocksAt(value, where)[0];
}

/** A literal boolean; Terraform JSON also accepts `"true"` and `"false"`. Undefined when unset. */
export function booleanAt(value: unknown, where: string): boolean | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (isExpression(value)) {
    throw new UnresolvableValueError(where, value);
  }
  if (value === true || value === "true") {
    return true;
  }
  if (value === false || value === "false") {
    return false;
  }
  throw new Error(`${where} must be true or false, got ${JSON.stringify(value)}`);
}

/** A literal string; numbers are read as their decimal text. Undefined when unset. */
export function stringAt(value: unknown, where: string): string | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (isExpression(value)) {
    throw new UnresolvableValueError(where, value);
  }
  if (typeof value === "string" || typeof value === "number") {
    return String(value);
  }
  throw new Error(`${where} must be a string, got ${JSON.stringify(value)}`);
}

/** A literal number; Terraform JSON also accepts numeric strings. Undefined when unset. */
export function numberAt(value: unknown, where: string): number | undefined {
  const text = stringAt(value, where);
  if (text === undefined) {
    return undefined;
  }
  const number = Number(text);
  if (text.trim() === "" || !Number.isFinite(number)) {
    throw new Error(`${where} must be a number, got ${JSON.stringify(value)}`);
  }
  return number;
}

/**
 * A list of strings whose items may still be expressions (the caller decides whether an item
 * expression matters); only a list that is itself an expression throws. Undefined when unset.
 */
export function stringListAt(value: unknown, where: string): readonly string[] | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (isExpression(value)) {
    throw new UnresolvableValueError(where, value);
  }
  if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) {
    throw new Error(`${where} must be a list of strings, got ${JSON.stringify(value)}`);
  }
  return value as readonly string[];
}

/** {@link stringListAt}, with every item required to be a literal. */
export function literalStringListAt(value: unknown, where: string): readonly string[] | undefined {
  const items = stringListAt(value, where);
  items?.forEach((item, index) => {
    if (isExpression(item)) {
      throw new UnresolvableValueError(`${where}[${index}]`, item);
    }
  });
  return items;
}

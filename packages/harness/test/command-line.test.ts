import { describe, expect, it } from "vitest";
import { CommandLineError, parseCommandLine } from "../src/command-line";

const USAGE = "usage: tool <environment> [--compare <environment>] [--stacks-dir <dir>] [--json]";
const SPEC = { valueOptions: ["--compare", "--stacks-dir"], flags: ["--json"], usage: USAGE } as const;

describe("parseCommandLine: accepted command lines", () => {
  it("separates positional arguments, option values and flags, in any order", () => {
    expect(parseCommandLine(["staging", "--json", "--stacks-dir", "cdktf.out/stacks", "extra", "--compare", "production"], SPEC)).toEqual({
      positional: ["staging", "extra"],
      values: { "--compare": "production", "--stacks-dir": "cdktf.out/stacks" },
      flags: { "--json": true },
    });
  });

  it("leaves an option not given absent and a flag not given false", () => {
    const parsed = parseCommandLine(["staging"], SPEC);
    expect(parsed).toEqual({ positional: ["staging"], values: {}, flags: { "--json": false } });
    expect("--compare" in parsed.values).toBe(false);
  });

  it("accepts no arguments at all: how many positional arguments a CLI wants is its own check", () => {
    expect(parseCommandLine([], SPEC)).toEqual({ positional: [], values: {}, flags: { "--json": false } });
  });

  it("takes a value that starts with a single dash, and a single-dash argument as positional", () => {
    expect(parseCommandLine(["-h", "--stacks-dir", "-odd-dir"], SPEC)).toEqual({ positional: ["-h"], values: { "--stacks-dir": "-odd-dir" }, flags: { "--json": false } });
  });

  it("has no flags when the spec lists none", () => {
    expect(parseCommandLine(["staging", "--out", "x"], { valueOptions: ["--out"], usage: USAGE })).toEqual({ positional: ["staging"], values: { "--out": "x" }, flags: {} });
  });
});

describe("parseCommandLine: rejected command lines, each message ending with the usage", () => {
  it.each([
    [["staging", "--region", "eu-west-1"], "unknown option --region; allowed: --compare, --stacks-dir, --json"],
    [["staging", "--stacks-dir=cdktf.out"], "unknown option --stacks-dir=cdktf.out; allowed: --compare, --stacks-dir, --json"],
    [["staging", "--"], "unknown option --; allowed: --compare, --stacks-dir, --json"],
    [["staging", "--JSON"], "unknown option --JSON; allowed: --compare, --stacks-dir, --json"],
    [["staging", "--compare"], "option --compare needs a value"],
    [["staging", "--stacks-dir", "--json"], "option --stacks-dir needs a value, not the option --json"],
    [["staging", "--compare", "--"], "option --compare needs a value, not the option --"],
    [["staging", "--compare", "production", "--compare", "staging"], "option --compare given twice; give it once"],
    [["staging", "--json", "--json"], "option --json given twice; give it once"],
  ])("refuses %j", (argv, problem) => {
    expect(() => parseCommandLine(argv, SPEC)).toThrow(new CommandLineError(`${problem}\n${USAGE}`));
  });

  it("names no flags among the allowed options when the spec has none", () => {
    expect(() => parseCommandLine(["--json"], { valueOptions: ["--out"], usage: USAGE })).toThrow(new CommandLineError(`unknown option --json; allowed: --out\n${USAGE}`));
  });

  it("throws an error named CommandLineError, so that a CLI can tell it from a failure of its own", () => {
    expect(() => parseCommandLine(["--x"], SPEC)).toThrow(CommandLineError);
    expect(() => parseCommandLine(["--x"], SPEC)).toThrow(expect.objectContaining({ name: "CommandLineError" }));
  });
});

describe("parseCommandLine: a wrong spec is a programming error", () => {
  it.each([
    [{ valueOptions: ["out"], usage: USAGE }, 'command-line spec: option "out" must be "--" followed by lower-case letters, digits and dashes'],
    [{ valueOptions: ["--Out"], usage: USAGE }, 'command-line spec: option "--Out" must be "--" followed by lower-case letters, digits and dashes'],
    [{ valueOptions: ["--out"], flags: ["--out"], usage: USAGE }, "command-line spec: option --out is listed twice"],
  ])("refuses %j before reading the arguments", (spec, message) => {
    expect(() => parseCommandLine([], spec)).toThrow(new Error(message));
  });
});

import * as path from "node:path";
import { parseArgs } from "node:util";
import { S3BackendCheckResult, checkS3Backend } from "./s3-backend-check";
import { findRepoRoot } from "./stack-discovery";
import { stackBackend } from "./stack-json";
import { StackValidation, ValidationReport, validateStacks } from "./validate-stacks";

const USAGE = `Usage: tsx packages/harness/src/validate-cli.ts [options]

Plans every synthesized stack offline (terraform init/validate/plan against a scratch copy with a local
backend, fake AWS credentials and fake cross-stack remote states).

  --out <dir>          a cdktf.out directory (repeatable); default: <root>/cdktf.out and apps/*/cdktf.out
  --root <dir>         the repository root; default: the nearest parent with pnpm-workspace.yaml
  --concurrency <n>    stacks planned at once; default 2
  --s3-backend-check   afterwards, run the first validated S3-backed stack against a local S3 server
  --json               print a machine-readable summary instead of the table
  --help               this text`;

async function main(): Promise<number> {
  const started = Date.now();
  const { values } = parseArgs({
    options: {
      out: { type: "string", multiple: true },
      root: { type: "string" },
      concurrency: { type: "string" },
      "s3-backend-check": { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const repoRoot = values.root === undefined ? findRepoRoot() : path.resolve(values.root);
  const concurrency = values.concurrency === undefined ? 2 : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`--concurrency must be a positive integer, got ${values.concurrency}`);

  const report = await validateStacks({
    repoRoot,
    concurrency,
    ...(values.out === undefined ? {} : { outDirs: values.out.map((dir) => path.resolve(dir)) }),
    onStackDone: values.json ? undefined : (result) => console.error(`  ${result.name}: ${result.status}`),
  });
  const s3Check = values["s3-backend-check"] ? await runS3Check(report, repoRoot) : undefined;

  const failed = report.stacks.filter((stack) => stack.status === "failed");
  const validated = report.stacks.filter((stack) => stack.status === "validated");
  const ok = failed.length === 0 && validated.length > 0 && (s3Check === undefined || s3Check.result?.ok === true);

  if (values.json) {
    console.log(JSON.stringify(jsonSummary(report, s3Check, ok), null, 2));
  } else {
    printTable(report);
    if (s3Check !== undefined) printS3Check(s3Check);
    console.log(`\n${totals(report)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (report.outDirs.length === 0) console.log(`No cdktf.out with a manifest.json under ${repoRoot}: synthesize first (pnpm synth).`);
    else if (validated.length === 0) console.log("No stack was validated.");
  }
  return ok ? 0 : 1;
}

interface S3CheckOutcome {
  readonly stack?: string;
  readonly result?: S3BackendCheckResult;
  readonly error?: string;
}

async function runS3Check(report: ValidationReport, repoRoot: string): Promise<S3CheckOutcome> {
  const candidate = report.stacks.find(
    (stack) => stack.status === "validated" && stackBackend(report.stackJson.get(stack.name) ?? {})?.type === "s3",
  );
  const source = report.sources.find((s) => s.name === candidate?.name);
  if (source === undefined) return { error: "no validated stack has an S3 backend" };
  try {
    const result = await checkS3Backend({
      stackFile: source.stackFile,
      stacks: report.stackJson,
      cliConfig: report.cliConfig,
      scratchDir: path.join(repoRoot, ".tf-scratch", "s3-backend-check", source.name),
    });
    return { stack: source.name, result };
  } catch (error) {
    return { stack: source.name, error: error instanceof Error ? error.message : String(error) };
  }
}

function printTable(report: ValidationReport): void {
  const rows = report.stacks.map((stack) => [
    stack.name,
    stack.status,
    stack.resourcesToAdd === undefined ? "-" : String(stack.resourcesToAdd),
    stack.status === "not validated here" ? "-" : stack.seconds.toFixed(1),
    stack.reason ?? stack.failedCommand ?? "",
  ]);
  const header = ["STACK", "STATUS", "TO ADD", "SECONDS", ""];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (column === 2 || column === 3 ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
      .join("  ")
      .trimEnd();
  console.log(line(header));
  for (const row of rows) console.log(line(row));

  for (const duplicate of report.duplicates) {
    console.log(`(${duplicate.name} in ${duplicate.outDir} skipped: already found in an earlier cdktf.out)`);
  }
  for (const stack of report.stacks) printDetails(stack);
}

function totals(report: ValidationReport): string {
  const count = (status: StackValidation["status"]): number =>
    report.stacks.filter((stack) => stack.status === status).length;
  return (
    `${report.stacks.length} stacks: ${count("validated")} validated, ${count("failed")} failed, ` +
    `${count("not validated here")} not validated here`
  );
}

function printDetails(stack: StackValidation): void {
  for (const warning of stack.warnings) console.log(`warning: ${stack.name}: ${warning}`);
  if (stack.status !== "failed") return;
  console.log(`\n--- ${stack.name}: ${stack.failedCommand} failed (scratch copy: ${stack.scratchDir}) ---`);
  console.log(stack.errorOutput);
}

function printS3Check(outcome: S3CheckOutcome): void {
  console.log(`\nS3 backend check${outcome.stack === undefined ? "" : ` (${outcome.stack})`}:`);
  if (outcome.result === undefined) {
    console.log(`  failed: ${outcome.error}`);
    return;
  }
  for (const line of outcome.result.summary) console.log(`  ${line}`);
}

function jsonSummary(report: ValidationReport, s3Check: S3CheckOutcome | undefined, ok: boolean): object {
  return {
    ok,
    outDirs: report.outDirs,
    validated: report.stacks.filter((stack) => stack.status === "validated").length,
    failed: report.stacks.filter((stack) => stack.status === "failed").length,
    notValidated: report.stacks.filter((stack) => stack.status === "not validated here").length,
    stacks: report.stacks,
    duplicates: report.duplicates.map((duplicate) => ({ name: duplicate.name, outDir: duplicate.outDir })),
    ...(s3Check === undefined ? {} : { s3BackendCheck: s3Check }),
  };
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  },
);

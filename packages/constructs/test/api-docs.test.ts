import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// typedoc is an ES module whose types are reachable only through `exports` and `imports`, which this package's
// `moduleResolution: node` does not read. It is loaded with a dynamic import and typed by the few members used here
// (typedoc 0.28: Application.bootstrapWithPlugins, convert, validate, generateOutputs; Logger.log; LogLevel).
const TYPEDOC = "typedoc";

/** TypeDoc's log levels: Verbose 0, Info 1, Warn 2, Error 3. */
type LogLevel = number;
type ProjectReflection = object;

interface Application {
  logger: unknown;
  convert(): Promise<ProjectReflection | undefined>;
  validate(project: ProjectReflection): void;
  generateOutputs(project: ProjectReflection): Promise<void>;
}

interface TypeDocModule {
  readonly Application: {
    bootstrapWithPlugins(options: Record<string, unknown>, readers: readonly unknown[]): Promise<Application>;
  };
  readonly Logger: new () => { log(message: string, level: LogLevel): void };
  readonly LogLevel: { readonly Warn: LogLevel };
  readonly TypeDocReader: new () => unknown;
  readonly TSConfigReader: new () => unknown;
}

async function loadTypeDoc(): Promise<TypeDocModule> {
  return (await import(TYPEDOC)) as TypeDocModule;
}

const repoRoot = path.resolve(__dirname, "..", "..", "..");
const committedDocs = path.join(repoRoot, "docs", "api");

interface LoggedMessage {
  readonly level: LogLevel;
  readonly text: string;
}

interface ApiReference {
  readonly app: Application;
  readonly project: ProjectReflection | undefined;
  /** What TypeDoc reported while converting the library (tag parsing, the TypeScript program). */
  readonly conversionMessages: readonly LoggedMessage[];
  readonly logged: LoggedMessage[];
  readonly outDir: string;
}

/**
 * Runs TypeDoc with the repository's `typedoc.json`, the options `pnpm docs:api` uses, except that the
 * Markdown goes to a temporary directory so that the committed `docs/api` can be compared with it.
 */
async function convertApiReference(): Promise<ApiReference> {
  const typedoc = await loadTypeDoc();
  const logged: LoggedMessage[] = [];
  class CollectingLogger extends typedoc.Logger {
    override log(message: string, level: LogLevel): void {
      logged.push({ level, text: message });
    }
  }
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "openedx-api-docs-"));
  const app = await typedoc.Application.bootstrapWithPlugins(
    { options: path.join(repoRoot, "typedoc.json"), out: outDir },
    [new typedoc.TypeDocReader(), new typedoc.TSConfigReader()],
  );
  app.logger = new CollectingLogger();
  const project = await app.convert();
  const conversionMessages = logged.splice(0).filter((message) => message.level >= typedoc.LogLevel.Warn);
  return { app, project, conversionMessages, logged, outDir };
}

function listFiles(root: string, dir = root): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? listFiles(root, full) : [path.relative(root, full)];
    })
    .sort();
}

describe("the API reference of @openedx-infra/constructs (TypeDoc, docs/api)", () => {
  let reference: ApiReference;

  beforeAll(async () => {
    reference = await convertApiReference();
  }, 120000);
  afterAll(() => {
    if (reference) fs.rmSync(reference.outDir, { recursive: true, force: true });
  });

  it("converts the public API without a warning (unknown TSDoc tags, type errors)", () => {
    expect(reference.conversionMessages.map((message) => message.text)).toEqual([]);
    expect(reference.project).toBeDefined();
  });

  it("documents every exported symbol, and leaks no unexported type through a public signature", async () => {
    const typedoc = await loadTypeDoc();
    reference.logged.length = 0;
    reference.app.validate(reference.project as ProjectReflection);
    const problems = reference.logged.filter((message) => message.level >= typedoc.LogLevel.Warn).map((message) => message.text);
    // One line per symbol, e.g. "Network.vpcId (Property), defined in @openedx-infra/constructs/src/network/network.ts,
    // does not have any documentation": write its TSDoc comment (say why, and `@default` on optional props).
    expect(problems, `${problems.length} exported symbol(s) to document or export:\n${problems.join("\n")}`).toEqual([]);
  });

  it("is committed up to date in docs/api (run pnpm docs:api)", async () => {
    await reference.app.generateOutputs(reference.project as ProjectReflection);
    const generated = listFiles(reference.outDir);
    const committed = listFiles(committedDocs);
    expect(generated.length).toBeGreaterThan(100);
    expect(generated).toContain("README.md");
    const stale = [
      ...generated.filter((file) => !committed.includes(file)).map((file) => `missing: docs/api/${file}`),
      ...committed.filter((file) => !generated.includes(file)).map((file) => `not generated any more: docs/api/${file}`),
      ...generated
        .filter((file) => committed.includes(file))
        .filter((file) => fs.readFileSync(path.join(reference.outDir, file), "utf8") !== fs.readFileSync(path.join(committedDocs, file), "utf8"))
        .map((file) => `out of date: docs/api/${file}`),
    ];
    expect(stale, `docs/api is stale, run pnpm docs:api:\n${stale.join("\n")}`).toEqual([]);
  });

  it("writes nothing that changes from one commit or day to the next (no source links, no dates)", () => {
    const texts = listFiles(committedDocs).map((file) => fs.readFileSync(path.join(committedDocs, file), "utf8"));
    expect(texts.filter((text) => /github\.com\/[^)]*\/blob\/[0-9a-f]{7,}/.test(text))).toEqual([]);
    expect(texts.filter((text) => /Defined in:/.test(text))).toEqual([]);
    expect(texts.filter((text) => /\b20\d\d-\d\d-\d\d\b/.test(text) && /Generated/.test(text))).toEqual([]);
  });
});

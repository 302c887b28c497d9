import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const packageDir = path.resolve(__dirname, "..");
/** What `files` names besides dist; package.json is always packed. */
const PACKED_DOCUMENTS = ["README.md", "CHANGELOG.md", "LICENSE"];

function run(command: string, args: readonly string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${result.status}):\n${result.stderr}\n${result.stdout}`);
  return result.stdout;
}

function sourceFiles(dir = path.join(packageDir, "src")): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") ? [path.relative(path.join(packageDir, "src"), full)] : [];
  });
}

describe("the published tarball of @openedx-infra/constructs (pnpm pack)", () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "openedx-pack-"));
  let entries: string[] = [];
  let manifest: Record<string, unknown> = {};

  beforeAll(() => {
    // The package is packed from a copy with its own clean build (what prepublishOnly does before a publish), so
    // a file left in packages/constructs/dist by an older build cannot hide here, and examples/minimal's test can
    // build and read that dist at the same time. `pnpm publish:check` dry-runs the publish of the real directory.
    const copy = path.join(scratch, "copy");
    fs.mkdirSync(copy);
    for (const file of ["package.json", ...PACKED_DOCUMENTS]) fs.copyFileSync(path.join(packageDir, file), path.join(copy, file));
    run("pnpm", ["exec", "tsc", "-p", "tsconfig.build.json", "--outDir", path.join(copy, "dist")], packageDir);
    run("pnpm", ["pack", "--pack-destination", scratch], copy);
    const tarball = fs.readdirSync(scratch).find((name) => name.endsWith(".tgz"));
    if (!tarball) throw new Error(`pnpm pack wrote no tarball to ${scratch}`);
    entries = run("tar", ["-tzf", path.join(scratch, tarball)], scratch)
      .split("\n")
      .filter((line) => line !== "" && !line.endsWith("/"))
      .map((line) => line.replace(/^package\//, ""))
      .sort();
    run("tar", ["-xzf", path.join(scratch, tarball), "-C", scratch, "package/package.json"], scratch);
    manifest = JSON.parse(fs.readFileSync(path.join(scratch, "package", "package.json"), "utf8")) as Record<string, unknown>;
  }, 120000);
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it("holds the manifest, README, CHANGELOG, LICENSE and dist only: no sources, tests or configuration", () => {
    const outsideDist = entries.filter((entry) => !entry.startsWith("dist/"));
    expect(outsideDist).toEqual(["CHANGELOG.md", "LICENSE", "README.md", "package.json"]);
    expect(entries.filter((entry) => !/^dist\/.+\.(js|d\.ts|js\.map|d\.ts\.map)$/.test(entry) && entry.startsWith("dist/"))).toEqual([]);
  });

  it("holds the JavaScript, declarations and both maps of every source file, and nothing else in dist", () => {
    const expected = sourceFiles()
      .flatMap((file) => {
        const base = `dist/${file.replace(/\\/g, "/").replace(/\.ts$/, "")}`;
        return [`${base}.js`, `${base}.js.map`, `${base}.d.ts`, `${base}.d.ts.map`];
      })
      .sort();
    expect(entries.filter((entry) => entry.startsWith("dist/"))).toEqual(expected);
    expect(entries).toContain("dist/index.d.ts");
  });

  it("points main, types and every export at files in the tarball, without the repository's source condition", () => {
    expect(manifest).toMatchObject({ name: "@openedx-infra/constructs", license: "Apache-2.0", main: "./dist/index.js", types: "./dist/index.d.ts" });
    // publishConfig.exports replaces the workspace's exports, whose `openedx-source` condition names src/, not shipped.
    expect(manifest.exports).toEqual({ ".": { types: "./dist/index.d.ts", default: "./dist/index.js" }, "./package.json": "./package.json" });
    const exports = manifest.exports as Record<string, Record<string, string> | string>;
    const targets = Object.values(exports).flatMap((target) => (typeof target === "string" ? [target] : Object.values(target)));
    for (const target of [manifest.main, manifest.types, ...targets]) {
      expect(entries).toContain(String(target).replace(/^\.\//, ""));
    }
  });

  it("has no workspace: range left in any dependency field of the packed manifest", () => {
    const fields = ["dependencies", "peerDependencies", "optionalDependencies", "devDependencies"] as const;
    const ranges = fields.flatMap((field) =>
      Object.entries((manifest[field] ?? {}) as Record<string, string>).map(([name, range]) => `${field}.${name}: ${range}`),
    );
    expect(ranges.length).toBeGreaterThan(0);
    expect(ranges.filter((range) => range.includes("workspace:"))).toEqual([]);
    expect(JSON.stringify(manifest)).not.toContain("workspace:");
  });

  it("ships the Apache-2.0 license text and a CHANGELOG that changesets can prepend to", () => {
    expect(fs.readFileSync(path.join(packageDir, "LICENSE"), "utf8")).toMatch(/Apache License\s+Version 2\.0, January 2004/);
    expect(fs.readFileSync(path.join(packageDir, "CHANGELOG.md"), "utf8")).toMatch(/^# @openedx-infra\/constructs\n\n## 0\.1\.0\n/);
  });
});

import * as fs from "node:fs";
import * as path from "node:path";

/** `cdktf.out/manifest.json`, as written by `app.synth()`. */
export interface Manifest {
  readonly version: string;
  readonly stacks: Readonly<Record<string, ManifestStack>>;
}

export interface ManifestStack {
  readonly name: string;
  readonly synthesizedStackPath: string;
  readonly workingDirectory: string;
  readonly dependencies?: readonly string[];
}

/** One synthesized stack found on disk. */
export interface StackSource {
  readonly name: string;
  /** Absolute path of its `cdk.tf.json`. */
  readonly stackFile: string;
  /** The `cdktf.out` directory it came from. */
  readonly outDir: string;
  readonly dependencies: readonly string[];
}

export interface DiscoveredStacks {
  /** In manifest order, first `cdktf.out` first. */
  readonly stacks: readonly StackSource[];
  /** Stacks of a name already found in an earlier `cdktf.out`; they are not validated twice. */
  readonly duplicates: readonly StackSource[];
}

/** The workspace root is where `pnpm-workspace.yaml` is; the harness is always run inside the repo. */
export function findRepoRoot(start: string = process.cwd()): string {
  let dir = path.resolve(start);
  for (;;) {
    if (fs.existsSync(path.join(dir, "pnpm-workspace.yaml"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no pnpm-workspace.yaml found in ${start} or any parent directory`);
    dir = parent;
  }
}

/**
 * The root `cdktf.out` comes first because it already holds every environment; per-app outputs only
 * add stacks the root one lacks.
 */
export function defaultOutDirs(repoRoot: string): string[] {
  const appsDir = path.join(repoRoot, "apps");
  const apps = fs.existsSync(appsDir) ? fs.readdirSync(appsDir).sort() : [];
  return [path.join(repoRoot, "cdktf.out"), ...apps.map((app) => path.join(appsDir, app, "cdktf.out"))].filter(
    (dir) => fs.existsSync(path.join(dir, "manifest.json")),
  );
}

export function readManifest(outDir: string): Manifest {
  const file = path.join(outDir, "manifest.json");
  const parsed: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
  if (typeof parsed !== "object" || parsed === null || !("stacks" in parsed)) {
    throw new Error(`${file} is not a cdktf manifest: it has no "stacks"`);
  }
  return parsed as Manifest;
}

export function discoverStacks(outDirs: readonly string[]): DiscoveredStacks {
  const stacks: StackSource[] = [];
  const duplicates: StackSource[] = [];
  const seen = new Set<string>();
  for (const outDir of outDirs.map((dir) => path.resolve(dir))) {
    for (const entry of Object.values(readManifest(outDir).stacks)) {
      const source: StackSource = {
        name: entry.name,
        stackFile: path.join(outDir, entry.synthesizedStackPath),
        outDir,
        dependencies: entry.dependencies ?? [],
      };
      if (seen.has(source.name)) {
        duplicates.push(source);
      } else {
        seen.add(source.name);
        stacks.push(source);
      }
    }
  }
  return { stacks, duplicates };
}

import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/**
 * Synthesizes every environment (the root app, `apps/index.ts`) several times in a fresh Node
 * process each, as `pnpm synth` does, and prints wall time and peak memory against the target.
 * Usage: `pnpm bench [--runs N]`.
 */
const TARGET_SECONDS = 5;
const TARGET_MIB = 300;

const repoRoot = resolve(__dirname, "../../..");
const runsFlag = process.argv.indexOf("--runs");
const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 3;

interface Sample {
  readonly seconds: number;
  readonly peakMiB: number;
  readonly stacks: number;
}

function synthOnce(): Sample {
  const outdir = mkdtempSync(join(tmpdir(), "openedx-bench-"));
  const rssFile = join(outdir, "peak-rss");
  const started = process.hrtime.bigint();
  const result = spawnSync(
    process.execPath,
    ["--conditions=openedx-source", "--require", "tsx/cjs", "--require", join(__dirname, "bench", "report-peak-memory.cjs"), "apps/index.ts"],
    { cwd: repoRoot, env: { ...process.env, CDKTF_OUTDIR: join(outdir, "cdktf.out"), OPENEDX_BENCH_RSS_FILE: rssFile }, encoding: "utf8" },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`synth failed (exit ${result.status}):\n${result.stderr}`);
  const sample = {
    seconds,
    peakMiB: Number(readFileSync(rssFile, "utf8")) / 1024,
    stacks: readdirSync(join(outdir, "cdktf.out", "stacks")).length,
  };
  rmSync(outdir, { recursive: true, force: true });
  return sample;
}

console.log("measuring: node --conditions=openedx-source --require tsx/cjs apps/index.ts (what `pnpm synth` runs, minus pnpm's own start-up)");
const samples = Array.from({ length: runs }, synthOnce);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const seconds = median(samples.map((s) => s.seconds));
const peakMiB = Math.max(...samples.map((s) => s.peakMiB));
for (const [index, sample] of samples.entries()) {
  console.log(`run ${index + 1}: ${sample.seconds.toFixed(2)} s, peak ${sample.peakMiB.toFixed(0)} MiB, ${sample.stacks} stacks`);
}
const verdict = seconds < TARGET_SECONDS && peakMiB < TARGET_MIB ? "meets" : "MISSES";
console.log(
  `synth of every environment: median ${seconds.toFixed(2)} s, peak ${peakMiB.toFixed(0)} MiB over ${runs} runs — ${verdict} the target (< ${TARGET_SECONDS} s, < ${TARGET_MIB} MiB)`,
);
if (verdict === "MISSES") process.exitCode = 1;

// Preloaded into the benchmarked synth: on exit, writes the process's peak resident set size (KiB)
// to the file the benchmark names, since Node offers no rusage of a child process.
const fs = require("node:fs");
process.on("exit", () => {
  const target = process.env.OPENEDX_BENCH_RSS_FILE;
  if (target) fs.writeFileSync(target, String(process.resourceUsage().maxRSS));
});

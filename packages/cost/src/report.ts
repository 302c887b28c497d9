import { CostCategory, HOURS_PER_MONTH } from "./estimate/cost-line";
import { Estimate } from "./estimate/estimate";

/** Dollars with four decimals per hour, two per month. */
const perHour = (value: number) => `$${value.toFixed(4)}`;
const perMonth = (value: number) => `$${(value * HOURS_PER_MONTH).toFixed(2)}`;

/** The per-resource table, total, assumptions, usage-based items and warnings of one estimate. */
export function formatEstimate(estimate: Estimate): string {
  const rows = estimate.lines.map((line) => [line.stack, line.address, line.what, line.quantity, perHour(line.hourly), perMonth(line.hourly)]);
  const out = [
    `Idle cost estimate of ${estimate.environment} (${estimate.region})`,
    `Prices: ${estimate.prices.source}; as of ${estimate.prices.asOf}.`,
    ...(estimate.spotPrices === undefined ? [] : [`Spot prices of the Spot node line: from your --spot-prices file ${estimate.spotPrices.file}, newest price ${estimate.spotPrices.newest}.`]),
    "",
    table(["stack", "resource", "what", "quantity", "$/hour", "$/month"], rows, [4, 5]),
    "",
    `Total (idle): ${perHour(estimate.hourly)}/hour, ${perMonth(estimate.hourly)}/month${estimate.unknown.length > 0 ? ` — INCOMPLETE: ${estimate.unknown.length} unknown price(s) excluded` : ""}`,
    "",
    "Idle pods the nodes are sized for:",
    ...estimate.pods.map((pod) => `  ${pod.replicas} × ${pod.name} ${pod.cpuMillicores}m / ${Math.round(pod.memoryMiB)} MiB${pod.spreadOverNodes === true ? ", one per node" : ""} — ${pod.source}`),
    "",
    "Assumptions:",
    ...estimate.assumptions.map((text) => `  - ${text}`),
    "",
    "Usage-based, not in the idle estimate:",
    ...groupUsageBased(estimate).map((text) => `  - ${text}`),
  ];
  if (estimate.warnings.length > 0) out.push("", "Warnings:", ...estimate.warnings.map((text) => `  ! ${text}`));
  return out.join("\n");
}

/** The usage-based items, one line per stack, resource type and charge (`× n` when several). */
function groupUsageBased(estimate: Estimate): string[] {
  const groups = new Map<string, string[]>();
  for (const item of estimate.usageBased) {
    const type = item.address.split(".")[0];
    const key = `${item.stack} ${type}: ${item.what}`;
    groups.set(key, [...(groups.get(key) ?? []), item.address]);
  }
  return [...groups].map(([key, addresses]) => {
    if (addresses.length > 1) return key.replace(":", ` × ${addresses.length}:`);
    const [stack, rest] = [key.slice(0, key.indexOf(" ")), key.slice(key.indexOf(":"))];
    return `${stack} ${addresses[0]}${rest}`;
  });
}

/** One row of the production-versus-staging breakdown. */
export interface CategoryDifference {
  readonly category: CostCategory;
  readonly baseline: number;
  readonly other: number;
  /** `other - baseline`, USD per hour. */
  readonly difference: number;
}

/** The hourly cost of each category in both estimates and what the second adds, largest first. */
export function compareByCategory(baseline: Estimate, other: Estimate): CategoryDifference[] {
  const sums = (estimate: Estimate) => {
    const map = new Map<CostCategory, number>();
    for (const line of estimate.lines) map.set(line.category, (map.get(line.category) ?? 0) + line.hourly);
    return map;
  };
  const a = sums(baseline);
  const b = sums(other);
  const categories = [...new Set([...a.keys(), ...b.keys()])];
  return categories
    .map((category) => ({ category, baseline: a.get(category) ?? 0, other: b.get(category) ?? 0, difference: (b.get(category) ?? 0) - (a.get(category) ?? 0) }))
    .sort((x, y) => y.difference - x.difference);
}

/**
 * Staging and production side by side, per category, with what production's high availability
 * adds: NAT gateways per zone, Multi-AZ and larger databases, cache replicas, more and larger nodes.
 */
export function formatComparison(staging: Estimate, production: Estimate): string {
  const rows = compareByCategory(staging, production).map((row) => [row.category, perHour(row.baseline), perHour(row.other), `${row.difference >= 0 ? "+" : "-"}${perHour(Math.abs(row.difference))}`, perMonth(row.difference)]);
  rows.push(["total", perHour(staging.hourly), perHour(production.hourly), `+${perHour(production.hourly - staging.hourly)}`, perMonth(production.hourly - staging.hourly)]);
  const highlights = [
    describe(staging, production, (line) => line.category === "NAT" && !line.what.startsWith("root volume"), "NAT"),
    describe(staging, production, (line) => line.category === "MySQL" && !line.what.startsWith("RDS storage"), "MySQL"),
    describe(staging, production, (line) => line.category === "DocumentDB", "DocumentDB"),
    describe(staging, production, (line) => line.category === "cache", "cache"),
    describe(staging, production, (line) => line.category === "Auto Mode nodes" && line.what.startsWith("Auto Mode node EC2"), "nodes"),
  ].filter((text): text is string => text !== undefined);
  return [
    `Idle cost: ${staging.environment} against ${production.environment} — what ${production.environment}'s high availability and sizes add`,
    "",
    table(["category", `${staging.environment} $/h`, `${production.environment} $/h`, `${production.environment} adds $/h`, `${production.environment} adds $/month`], rows, [1, 2, 3, 4]),
    "",
    ...highlights.map((text) => `  - ${text}`),
  ].join("\n");
}

function describe(staging: Estimate, production: Estimate, pick: (line: Estimate["lines"][number]) => boolean, noun: string): string | undefined {
  const summary = (estimate: Estimate) => {
    const byWhat = new Map<string, Estimate["lines"][number][]>();
    for (const line of estimate.lines.filter(pick)) byWhat.set(line.what, [...(byWhat.get(line.what) ?? []), line]);
    return [...byWhat].map(([what, lines]) => (lines.length > 1 ? `${lines.length} × ${what}` : `${lines[0].quantity} ${what}`)).join(" + ") || "none";
  };
  const a = summary(staging);
  const b = summary(production);
  return a === b ? undefined : `${noun}: ${staging.environment} ${a}; ${production.environment} ${b}`;
}

/** A plain-text table; `rightAligned` lists the column indexes aligned right. */
export function table(header: readonly string[], rows: readonly (readonly string[])[], rightAligned: readonly number[] = []): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const render = (row: readonly string[]) => row.map((cell, column) => (rightAligned.includes(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join("  ").trimEnd();
  return [render(header), widths.map((width) => "-".repeat(width)).join("  "), ...rows.map(render)].join("\n");
}

/**
 * The product descriptions of a Linux Spot price, as `describe-spot-price-history` names them.
 * Auto Mode's nodes run Bottlerocket and pay the Linux/UNIX price; SUSE, Red Hat and Windows
 * prices include a licence and would overstate it.
 */
export const LINUX_PRODUCT_DESCRIPTIONS: readonly string[] = ["Linux/UNIX", "Linux/UNIX (Amazon VPC)"];

/** The command that writes the file `--spot-prices` reads. */
export function spotPriceCommand(region: string): string {
  return `aws ec2 describe-spot-price-history --region ${region} --product-descriptions "Linux/UNIX" --start-time "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --output json`;
}

/** A Spot price file that does not hold what the estimate can use. */
export class SpotPriceFileError extends Error {
  override name = "SpotPriceFileError";
}

/** The current Spot price of one instance type in one availability zone. */
export interface ZoneSpotPrice {
  /** USD per hour. */
  readonly hourly: number;
  /** When the price took effect, as the file gives it. */
  readonly timestamp: string;
}

/**
 * The Spot prices of the user's own account, read from a `describe-spot-price-history` file:
 * nothing here is bundled or guessed.
 */
export interface SpotPrices {
  /** The file, as the operator named it. */
  readonly file: string;
  /** The region every entry is in. */
  readonly region: string;
  /** The newest `Timestamp` of the file. */
  readonly newest: string;
  /** The newest price of each instance type, by type, then availability zone. */
  readonly byType: ReadonlyMap<string, ReadonlyMap<string, ZoneSpotPrice>>;
}

/** The highest Spot price of `instanceType` among `zones`, or the zones the file has no price for. */
export type SpotQuote = { readonly hourly: number; readonly zone: string; readonly zones: readonly string[] } | { readonly missingZones: readonly string[] };

/**
 * Prices `instanceType` at the highest current Spot price among `zones`: Karpenter may launch
 * the node in any of them, so the dearest is the conservative figure.
 */
export function highestSpotPrice(prices: SpotPrices, instanceType: string, zones: readonly string[]): SpotQuote {
  const byZone = prices.byType.get(instanceType);
  const missingZones = zones.filter((zone) => byZone?.get(zone) === undefined);
  if (missingZones.length > 0 || byZone === undefined || zones.length === 0) return { missingZones };
  let best: { hourly: number; zone: string } | undefined;
  for (const zone of zones) {
    const price = byZone.get(zone) as ZoneSpotPrice;
    if (best === undefined || price.hourly > best.hourly) best = { hourly: price.hourly, zone };
  }
  return { ...(best as { hourly: number; zone: string }), zones };
}

const PRICE = /^\d+(\.\d+)?$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;

/**
 * Parses the JSON output of `aws ec2 describe-spot-price-history --output json` for `region`
 * (`{ "SpotPriceHistory": [{ "AvailabilityZone", "InstanceType", "ProductDescription",
 * "SpotPrice", "Timestamp" }] }`). Refuses, naming the field, the value and what is allowed, a
 * file that is not that JSON, an entry of another region, or a price that is not Linux/UNIX.
 */
export function parseSpotPrices(text: string, file: string, region: string, environment: string): SpotPrices {
  const fail = (problem: string): never => {
    throw new SpotPriceFileError(`--spot-prices ${file}: ${problem}`);
  };
  const expected = `expected the JSON that ${spotPriceCommand(region)} prints`;
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    fail(`not JSON (${(error as Error).message}): ${expected}`);
  }
  const history = typeof document === "object" && document !== null && !Array.isArray(document) ? (document as Record<string, unknown>).SpotPriceHistory : undefined;
  if (!Array.isArray(history)) fail(`SpotPriceHistory must be a list of Spot prices (got ${JSON.stringify(history) ?? "nothing"}): ${expected}`);
  const entries = history as unknown[];
  if (entries.length === 0) fail(`SpotPriceHistory is empty: ${expected}`);

  const byType = new Map<string, Map<string, ZoneSpotPrice & { time: number }>>();
  let newest: { time: number; timestamp: string } | undefined;
  entries.forEach((entry, index) => {
    const at = `SpotPriceHistory[${index}]`;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) fail(`${at} must be an object with AvailabilityZone, InstanceType, ProductDescription, SpotPrice and Timestamp (got ${JSON.stringify(entry)})`);
    const fields = entry as Record<string, unknown>;
    const { AvailabilityZone: zone, InstanceType: type, ProductDescription: product, SpotPrice: price, Timestamp: timestamp } = fields;
    if (typeof zone !== "string" || !new RegExp(`^${region}[a-z]$`).test(zone)) {
      fail(`${at}.AvailabilityZone must be an availability zone of ${region}, the region of ${environment} (${region}a, ${region}b, ...) (got ${JSON.stringify(zone)}): run describe-spot-price-history with --region ${region}`);
    }
    if (typeof type !== "string" || !INSTANCE_TYPE.test(type)) fail(`${at}.InstanceType must be an EC2 instance type such as "m5a.large" (got ${JSON.stringify(type)})`);
    if (typeof product !== "string" || !LINUX_PRODUCT_DESCRIPTIONS.includes(product)) {
      fail(
        `${at}.ProductDescription must be ${LINUX_PRODUCT_DESCRIPTIONS.map((value) => `"${value}"`).join(" or ")}, the price Auto Mode's Linux nodes pay (got ${JSON.stringify(product)}): run describe-spot-price-history with --product-descriptions "Linux/UNIX"`,
      );
    }
    if (typeof price !== "string" || !PRICE.test(price) || Number(price) <= 0) fail(`${at}.SpotPrice must be a price in USD per hour above 0, as a string such as "0.0350" (got ${JSON.stringify(price)})`);
    const time = typeof timestamp === "string" ? Date.parse(timestamp) : Number.NaN;
    if (Number.isNaN(time)) fail(`${at}.Timestamp must be an ISO 8601 time such as "2026-12-03T14:00:00+00:00" (got ${JSON.stringify(timestamp)})`);
    const zones = byType.get(type as string) ?? new Map<string, ZoneSpotPrice & { time: number }>();
    byType.set(type as string, zones);
    // The history lists every price change since --start-time: the newest one per zone is current.
    const known = zones.get(zone as string);
    if (known === undefined || time > known.time) zones.set(zone as string, { hourly: Number(price), timestamp: timestamp as string, time });
    if (newest === undefined || time > newest.time) newest = { time, timestamp: timestamp as string };
  });
  const prices = new Map([...byType].map(([type, zones]) => [type, new Map([...zones].map(([zone, { hourly, timestamp }]) => [zone, { hourly, timestamp }]))]));
  return { file, region, newest: (newest as { timestamp: string }).timestamp, byType: prices };
}

import { EU_WEST_1 } from "./eu-west-1";
import { PriceTable } from "./price-table";
import { US_EAST_1 } from "./us-east-1";

/** The regions with a bundled price table, by region. */
export const PRICE_TABLES: ReadonlyMap<string, PriceTable> = new Map([EU_WEST_1, US_EAST_1].map((table) => [table.region, table]));

/** A region without a bundled price table: the estimate refuses it rather than guess. */
export class UnknownRegionError extends Error {
  override name = "UnknownRegionError";
}

/** The price table of `region`; throws {@link UnknownRegionError} naming the regions that have one. */
export function priceTableFor(region: string): PriceTable {
  const table = PRICE_TABLES.get(region);
  if (table === undefined) {
    throw new UnknownRegionError(`no price table for region "${region}": the bundled tables cover ${[...PRICE_TABLES.keys()].sort().join(", ")}`);
  }
  return table;
}

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { highestSpotPrice, parseSpotPrices, spotPriceCommand, SpotPriceFileError } from "../src/prices/spot-prices";

/** A fixture of `packages/cost/test/fixtures`: every price in them is made up. */
const fixture = (name: string) => readFileSync(join(__dirname, "fixtures", name), "utf8");
const parse = (text: string) => parseSpotPrices(text, "spot.json", "eu-west-1", "staging");
const entry = { AvailabilityZone: "eu-west-1a", InstanceType: "m5a.large", ProductDescription: "Linux/UNIX", SpotPrice: "0.0123", Timestamp: "2026-12-03T09:00:00+00:00" };
const withEntry = (overrides: Record<string, unknown>) => JSON.stringify({ SpotPriceHistory: [entry, { ...entry, ...overrides }] });

describe("--spot-prices files", () => {
  it("keeps the newest price of each type and zone, and the file's newest timestamp", () => {
    const prices = parse(fixture("made-up-spot-prices.eu-west-1.fixture.json"));
    expect(prices.newest).toBe("2026-12-03T11:00:00+00:00");
    // eu-west-1b's 0.0999 of the day before was replaced by 0.0234.
    expect(prices.byType.get("m5a.large")?.get("eu-west-1b")).toEqual({ hourly: 0.0234, timestamp: "2026-12-03T10:00:00+00:00" });
  });

  it("prices a type at the highest Spot price among the environment's zones only", () => {
    const prices = parse(fixture("made-up-spot-prices.eu-west-1.fixture.json"));
    expect(highestSpotPrice(prices, "m5a.large", ["eu-west-1a", "eu-west-1b"])).toEqual({ hourly: 0.0234, zone: "eu-west-1b", zones: ["eu-west-1a", "eu-west-1b"] });
    expect(highestSpotPrice(prices, "m5a.large", ["eu-west-1a", "eu-west-1b", "eu-west-1c"])).toMatchObject({ hourly: 0.0456, zone: "eu-west-1c" });
  });

  it("names the zones a type has no price in, so the estimate falls back to on-demand", () => {
    const prices = parse(fixture("made-up-spot-prices.missing-zone.fixture.json"));
    expect(highestSpotPrice(prices, "m5a.large", ["eu-west-1a", "eu-west-1b"])).toEqual({ missingZones: ["eu-west-1b"] });
    expect(highestSpotPrice(prices, "m6a.large", ["eu-west-1a", "eu-west-1b"])).toEqual({ missingZones: ["eu-west-1a", "eu-west-1b"] });
    expect(highestSpotPrice(prices, "m5a.large", [])).toEqual({ missingZones: [] });
  });

  describe("refuses", () => {
    const expected = `expected the JSON that ${spotPriceCommand("eu-west-1")} prints`;
    it.each([
      ["a truncated file", fixture("truncated-spot-prices.fixture.txt"), "--spot-prices spot.json: not JSON ("],
      ["a truncated file, saying what is expected", fixture("truncated-spot-prices.fixture.txt"), `): ${expected}`],
      ["a file without SpotPriceHistory", JSON.stringify({ SpotPrices: [] }), `--spot-prices spot.json: SpotPriceHistory must be a list of Spot prices (got nothing): ${expected}`],
      ["an empty history", JSON.stringify({ SpotPriceHistory: [] }), `--spot-prices spot.json: SpotPriceHistory is empty: ${expected}`],
      ["an entry that is not an object", JSON.stringify({ SpotPriceHistory: ["m5a.large"] }), '--spot-prices spot.json: SpotPriceHistory[0] must be an object with AvailabilityZone, InstanceType, ProductDescription, SpotPrice and Timestamp (got "m5a.large")'],
      [
        "a file of another region",
        fixture("made-up-spot-prices.us-east-1.fixture.json"),
        '--spot-prices spot.json: SpotPriceHistory[0].AvailabilityZone must be an availability zone of eu-west-1, the region of staging (eu-west-1a, eu-west-1b, ...) (got "us-east-1a"): run describe-spot-price-history with --region eu-west-1',
      ],
      [
        "a Windows price",
        fixture("made-up-spot-prices.windows.fixture.json"),
        `--spot-prices spot.json: SpotPriceHistory[1].ProductDescription must be "Linux/UNIX" or "Linux/UNIX (Amazon VPC)", the price Auto Mode's Linux nodes pay (got "Windows"): run describe-spot-price-history with --product-descriptions "Linux/UNIX"`,
      ],
      ["a SUSE price", withEntry({ ProductDescription: "SUSE Linux" }), 'SpotPriceHistory[1].ProductDescription must be "Linux/UNIX" or "Linux/UNIX (Amazon VPC)", the price Auto Mode\'s Linux nodes pay (got "SUSE Linux")'],
      ["a price that is not one", withEntry({ SpotPrice: "cheap" }), 'SpotPriceHistory[1].SpotPrice must be a price in USD per hour above 0, as a string such as "0.0350" (got "cheap")'],
      ["a price of zero", withEntry({ SpotPrice: "0.0000" }), 'SpotPriceHistory[1].SpotPrice must be a price in USD per hour above 0, as a string such as "0.0350" (got "0.0000")'],
      ["a malformed instance type", withEntry({ InstanceType: "large" }), 'SpotPriceHistory[1].InstanceType must be an EC2 instance type such as "m5a.large" (got "large")'],
      ["a missing timestamp", withEntry({ Timestamp: undefined }), 'SpotPriceHistory[1].Timestamp must be an ISO 8601 time such as "2026-12-03T14:00:00+00:00" (got undefined)'],
      ["a timestamp that is not one", withEntry({ Timestamp: "yesterday" }), 'SpotPriceHistory[1].Timestamp must be an ISO 8601 time such as "2026-12-03T14:00:00+00:00" (got "yesterday")'],
    ])("%s", (_case, text, message) => {
      expect(() => parse(text)).toThrow(SpotPriceFileError);
      expect(() => parse(text)).toThrow(message);
    });
  });
});

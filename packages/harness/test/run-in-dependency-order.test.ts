import { describe, expect, it } from "vitest";
import { runInDependencyOrder } from "../src/run-in-dependency-order";

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("runInDependencyOrder", () => {
  it("starts an item only after its dependencies finished, at most `concurrency` at once", async () => {
    const events: string[] = [];
    let running = 0;
    let peak = 0;
    const items = [
      { name: "network", dependencies: [] },
      { name: "cluster", dependencies: ["network"] },
      { name: "state", dependencies: [] },
      { name: "addons", dependencies: ["cluster", "elsewhere"] },
    ];
    const results = await runInDependencyOrder(items, 2, async (item) => {
      running += 1;
      peak = Math.max(peak, running);
      events.push(`start ${item.name}`);
      await delay(item.name === "network" ? 30 : 5);
      events.push(`end ${item.name}`);
      running -= 1;
      return item.name.toUpperCase();
    });
    expect(results).toEqual(["NETWORK", "CLUSTER", "STATE", "ADDONS"]);
    expect(peak).toBe(2);
    expect(events.indexOf("start cluster")).toBeGreaterThan(events.indexOf("end network"));
    expect(events.indexOf("start addons")).toBeGreaterThan(events.indexOf("end cluster"));
    // Independent work does not wait for the slow stack.
    expect(events.indexOf("start state")).toBeLessThan(events.indexOf("end network"));
  });

  it("returns at once for no items", async () => {
    expect(await runInDependencyOrder([], 2, async () => 1)).toEqual([]);
  });
});

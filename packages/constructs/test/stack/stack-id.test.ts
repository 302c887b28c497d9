import { describe, expect, it } from "vitest";
import { parseStackId } from "../../src/stack/stack-id";

describe("parseStackId", () => {
  it("splits environment and component at the first hyphen", () => {
    expect(parseStackId("production-network", ["production", "staging"])).toEqual({ environment: "production", component: "network" });
    expect(parseStackId("staging-cluster-addons", ["production", "staging"])).toEqual({ environment: "staging", component: "cluster-addons" });
  });

  it("fails on an environment the app does not define", () => {
    expect(() => parseStackId("qa-network", ["production", "staging"])).toThrow(
      'stack id "qa-network" names environment "qa", which this app does not define; defined environments: production, staging',
    );
  });

  it.each(["production", "-network", "production-", "production-Network"])("fails on the malformed id %s", (id) => {
    expect(() => parseStackId(id, ["production"])).toThrow(`stack id "${id}" must be "<environment>-<component>" with a lowercase component, e.g. "production-network"`);
  });
});

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { OPENEDX_AWS_PACK } from "../../src/policy/packs/openedx-aws-pack";
import { OPENEDX_AWS_PRODUCTION_PACK } from "../../src/policy/packs/openedx-aws-production-pack";
import { OPENEDX_KUBERNETES_PACK } from "../../src/policy/packs/openedx-kubernetes-pack";
import { OPENEDX_KUBERNETES_PRODUCTION_PACK } from "../../src/policy/packs/openedx-kubernetes-production-pack";
import { renderRuleCatalogue } from "../../src/policy/rule-catalogue";

describe("docs/policy-rules.md", () => {
  it("matches the rule catalogue generated from the packs (run `pnpm docs:policy` after changing a rule)", () => {
    const committed = readFileSync(join(__dirname, "../../../../docs/policy-rules.md"), "utf8");
    expect(committed).toBe(renderRuleCatalogue([OPENEDX_AWS_PACK, OPENEDX_AWS_PRODUCTION_PACK, OPENEDX_KUBERNETES_PACK, OPENEDX_KUBERNETES_PRODUCTION_PACK]));
  });
});

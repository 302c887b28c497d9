import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  OPENEDX_AWS_PACK,
  OPENEDX_AWS_PRODUCTION_PACK,
  OPENEDX_KUBERNETES_PACK,
  OPENEDX_KUBERNETES_PRODUCTION_PACK,
  renderRuleCatalogue,
} from "@openedx-infra/constructs";

/** Regenerates docs/policy-rules.md from the policy packs (`pnpm docs:policy`); a test fails when it is stale. */
const target = join(__dirname, "../../../docs/policy-rules.md");
writeFileSync(target, renderRuleCatalogue([OPENEDX_AWS_PACK, OPENEDX_AWS_PRODUCTION_PACK, OPENEDX_KUBERNETES_PACK, OPENEDX_KUBERNETES_PRODUCTION_PACK]));
console.log(`wrote ${target}`);

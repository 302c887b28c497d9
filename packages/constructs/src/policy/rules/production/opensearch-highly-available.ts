import { RuleCheck } from "../../policy-pack";
import { blockAt, booleanAt } from "../private/terraform-values";

/**
 * An `aws_opensearch_domain` spreads its data nodes over availability zones and runs dedicated
 * master nodes. Findings: `cluster_config.zone_awareness_enabled` and/or
 * `cluster_config.dedicated_master_enabled` (not true).
 */
export const opensearchHighlyAvailable: RuleCheck = (resource) => {
  if (resource.type !== "aws_opensearch_domain") {
    return "not-applicable";
  }
  const block = blockAt(resource.config.cluster_config, "cluster_config") ?? {};
  return ["zone_awareness_enabled", "dedicated_master_enabled"]
    .filter((key) => booleanAt(block[key], `cluster_config.${key}`) !== true)
    .map((key) => `cluster_config.${key}`);
};

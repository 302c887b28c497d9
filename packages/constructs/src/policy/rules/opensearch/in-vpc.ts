import { RuleCheck } from "../../policy-pack";
import { blockAt, isSet } from "../private/terraform-values";

/**
 * An `aws_opensearch_domain` lives in a VPC (`vpc_options.subnet_ids` set); without `vpc_options`
 * the domain gets a public endpoint reachable from the internet.
 */
export const opensearchInVpc: RuleCheck = (resource) => {
  if (resource.type !== "aws_opensearch_domain") {
    return "not-applicable";
  }
  const block = blockAt(resource.config.vpc_options, "vpc_options");
  const subnets = block?.subnet_ids;
  return isSet(subnets) && !(Array.isArray(subnets) && subnets.length === 0) ? "compliant" : "non-compliant";
};

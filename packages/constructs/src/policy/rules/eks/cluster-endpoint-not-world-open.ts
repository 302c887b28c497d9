import { RuleCheck } from "../../policy-pack";
import { blockAt, booleanAt, literalStringListAt } from "../private/terraform-values";

/**
 * The API endpoint of an `aws_eks_cluster` is private, or public only to listed CIDRs: when
 * `vpc_config.endpoint_public_access` is true, or unset (AWS then makes it public),
 * `public_access_cidrs` must be set and contain no `/0` CIDR (AWS defaults it to `0.0.0.0/0`).
 */
export const eksClusterEndpointNotWorldOpen: RuleCheck = (resource) => {
  if (resource.type !== "aws_eks_cluster") {
    return "not-applicable";
  }
  const vpcConfig = blockAt(resource.config.vpc_config, "vpc_config") ?? {};
  if (booleanAt(vpcConfig.endpoint_public_access, "vpc_config.endpoint_public_access") === false) {
    return "compliant";
  }
  const cidrs = literalStringListAt(vpcConfig.public_access_cidrs, "vpc_config.public_access_cidrs") ?? [];
  return cidrs.length > 0 && !cidrs.some((cidr) => cidr.endsWith("/0")) ? "compliant" : "non-compliant";
};

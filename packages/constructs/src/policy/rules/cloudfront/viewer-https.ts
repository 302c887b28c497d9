import { RuleCheck } from "../../policy-pack";
import { blockAt, isExpression } from "../private/terraform-values";
import { distributionBlocks, viewerProtocolPolicyOf } from "./private/distribution-blocks";

const HTTPS_POLICIES: readonly string[] = ["redirect-to-https", "https-only"];

/**
 * Every cache behaviour of an `aws_cloudfront_distribution` redirects viewers to HTTPS or requires
 * it (`viewer_protocol_policy` `redirect-to-https` or `https-only`, not `allow-all`). Findings:
 * `default_cache_behavior`, and `ordered_cache_behavior <path_pattern>` per ordered behaviour
 * (`ordered_cache_behavior[<index>]` when the pattern is an expression).
 */
export const cloudfrontViewerHttps: RuleCheck = (resource) => {
  if (resource.type !== "aws_cloudfront_distribution") {
    return "not-applicable";
  }
  const findings: string[] = [];
  const defaultBehavior = blockAt(resource.config.default_cache_behavior, "default_cache_behavior");
  if (!requiresHttps(defaultBehavior && viewerProtocolPolicyOf(defaultBehavior, "default_cache_behavior"))) {
    findings.push("default_cache_behavior");
  }
  distributionBlocks(resource, "ordered_cache_behavior").forEach((behavior, index) => {
    const where = `ordered_cache_behavior[${index}]`;
    if (!requiresHttps(viewerProtocolPolicyOf(behavior, where))) {
      const pattern = behavior.path_pattern;
      findings.push(typeof pattern === "string" && !isExpression(pattern) ? `ordered_cache_behavior ${pattern}` : where);
    }
  });
  return findings;
};

function requiresHttps(policy: string | undefined): boolean {
  return policy !== undefined && HTTPS_POLICIES.includes(policy);
}

import { RuleCheck } from "../../policy-pack";
import { isSet } from "../private/terraform-values";

/** An `aws_cloudfront_distribution` has a WAF web ACL attached (`web_acl_id` set; a reference is fine). */
export const cloudfrontWafAttached: RuleCheck = (resource) => {
  if (resource.type !== "aws_cloudfront_distribution") {
    return "not-applicable";
  }
  return isSet(resource.config.web_acl_id) ? "compliant" : "non-compliant";
};

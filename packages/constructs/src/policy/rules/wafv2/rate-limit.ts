import { RuleCheck } from "../../policy-pack";
import { webAclRules } from "./private/web-acl-rules";

// Actions that stop a client over the limit; `count` only records it.
const LIMITING_ACTIONS: readonly string[] = ["block", "captcha", "challenge"];

/**
 * An `aws_wafv2_web_acl` has a rate-based rule whose action limits the client (`block`, `captcha`
 * or `challenge`, not `count`). Rules in `rule_json` count too.
 */
export const wafv2WebAclRateLimit: RuleCheck = (resource) => {
  if (resource.type !== "aws_wafv2_web_acl") {
    return "not-applicable";
  }
  const limited = webAclRules(resource).some((rule) => rule.rateBased && rule.actions.some((action) => LIMITING_ACTIONS.includes(action)));
  return limited ? "compliant" : "non-compliant";
};

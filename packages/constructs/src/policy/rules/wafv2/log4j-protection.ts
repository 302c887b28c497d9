import { RuleCheck } from "../../policy-pack";
import { usesAwsManagedGroup, webAclRules } from "./private/web-acl-rules";

const KNOWN_BAD_INPUTS = "AWSManagedRulesKnownBadInputsRuleSet";
// The Log4Shell rules of the group: Log4JRCE_HEADER, Log4JRCE_QUERYSTRING, Log4JRCE_BODY, Log4JRCE_URIPATH.
const LOG4J_RULE_PREFIX = "log4jrce";

/**
 * No rule of an `aws_wafv2_web_acl` that uses AWSManagedRulesKnownBadInputsRuleSet overrides the
 * action of one of its Log4j rules (`rule_action_override` on a `Log4JRCE*` rule, whatever the
 * action). One finding per overridden rule, e.g. `Log4JRCE_BODY`. Whether the group is used at all
 * is OpenedxAws-WAF2's concern.
 */
export const wafv2WebAclLog4jProtection: RuleCheck = (resource) => {
  if (resource.type !== "aws_wafv2_web_acl") {
    return "not-applicable";
  }
  return webAclRules(resource)
    .filter((rule) => usesAwsManagedGroup(rule, KNOWN_BAD_INPUTS))
    .flatMap((rule) => rule.managedRuleGroup?.overriddenRules ?? [])
    .filter((name) => name.toLowerCase().startsWith(LOG4J_RULE_PREFIX));
};

import { RuleCheck } from "../../policy-pack";
import { usesAwsManagedGroup, webAclRules } from "./private/web-acl-rules";

/**
 * The AWS managed rule groups every web ACL enforces: the common rule set (OWASP-style protections)
 * and known bad inputs (Log4j, Java deserialization and other exploit payloads).
 */
export const WAF_REQUIRED_MANAGED_RULE_GROUPS: readonly string[] = ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"];

/**
 * An `aws_wafv2_web_acl` has, for each of {@link WAF_REQUIRED_MANAGED_RULE_GROUPS}, a rule using
 * that group (vendor `AWS`) with `override_action` `none`, so the group's own actions apply; a
 * group in `count` mode blocks nothing. One finding per group not enforced, e.g.
 * `AWSManagedRulesKnownBadInputsRuleSet`. Rules in `rule_json` count too.
 */
export const wafv2WebAclManagedRuleGroups: RuleCheck = (resource) => {
  if (resource.type !== "aws_wafv2_web_acl") {
    return "not-applicable";
  }
  const rules = webAclRules(resource);
  return WAF_REQUIRED_MANAGED_RULE_GROUPS.filter(
    (group) => !rules.some((rule) => usesAwsManagedGroup(rule, group) && rule.overrideActions.includes("none")),
  );
};

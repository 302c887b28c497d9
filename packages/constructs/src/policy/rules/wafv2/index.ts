export { wafv2WebAclLog4jProtection } from "./log4j-protection";
export { WAF_LOG_DESTINATION_PREFIX, WAF_NO_LOGGING_FINDING, wafv2WebAclLogging } from "./logging";
export { WAF_REQUIRED_MANAGED_RULE_GROUPS, wafv2WebAclManagedRuleGroups } from "./managed-rule-groups";
export { wafv2WebAclRateLimit } from "./rate-limit";

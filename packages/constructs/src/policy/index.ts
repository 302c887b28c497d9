export * from "./packs/openedx-aws-pack";
export * from "./policy-aspect";
export * from "./policy-pack";
export { formatRuleReference, isRuleId, parseRuleReference } from "./rule-id";
export type { RuleReference } from "./rule-id";
export * from "./rule-catalogue";
export * as policyRules from "./rules";
export { suppressRules, SUPPRESSIONS_METADATA_TYPE } from "./suppressions";
export type { RuleSuppression } from "./suppressions";

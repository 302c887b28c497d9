export * from "./packs/openedx-aws-pack";
export * from "./packs/openedx-aws-production-pack";
export * from "./packs/openedx-kubernetes-pack";
export * from "./packs/openedx-kubernetes-production-pack";
export * from "./policy-aspect";
export * from "./policy-pack";
export { formatRuleReference, isRuleId, parseRuleReference } from "./rule-id";
export type { RuleReference } from "./rule-id";
export * from "./rule-catalogue";
/**
 * The rule functions the packs bind to ids, one namespace per service (`policyRules.s3`,
 * `policyRules.rds`, …): small pure functions over a synthesized stack, for building packs of your own.
 */
export * as policyRules from "./rules";
export { suppressRules, SUPPRESSIONS_METADATA_TYPE } from "./suppressions";
export type { RuleSuppression } from "./suppressions";

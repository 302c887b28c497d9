import { PolicyRule, SynthesizedResource, SynthesizedStackView } from "../policy-pack";
import { formatRuleReference, RuleReference } from "../rule-id";

/** One failed result of one rule on one resource, before suppressions are applied. */
export interface Violation {
  /** The rule id and, when the rule returned findings, the finding. */
  readonly reference: RuleReference;
  readonly level: PolicyRule["level"];
  /** The rule's cause, or what went wrong if the rule could not be checked. */
  readonly cause: string;
  readonly explanation: string;
  readonly resource: SynthesizedResource;
}

/**
 * Runs one rule on one resource. A rule that throws (typically because a value it needs is only
 * known at apply time) yields a violation of its own, so an unchecked resource never passes.
 */
export function checkRule(rule: PolicyRule, resource: SynthesizedResource, stack: SynthesizedStackView): readonly Violation[] {
  const violation = (cause: string, finding?: string): Violation => ({
    reference: finding === undefined ? { ruleId: rule.id } : { ruleId: rule.id, finding },
    level: rule.level,
    cause,
    explanation: rule.explanation,
    resource,
  });
  let result;
  try {
    result = rule.check(resource, stack);
  } catch (error) {
    return [violation(`rule threw: ${error instanceof Error ? error.message : String(error)}`)];
  }
  if (result === "compliant" || result === "not-applicable") {
    return [];
  }
  if (result === "non-compliant") {
    return [violation(rule.cause)];
  }
  return [...new Set(result)].map((finding) => violation(rule.cause, finding));
}

/** `[<rule id>[<finding>]] <cause> at <construct path> (<terraform address>): <explanation>` */
export function violationMessage(violation: Violation): string {
  const { reference, cause, resource, explanation } = violation;
  return `[${formatRuleReference(reference)}] ${cause} at ${resource.path} (${resource.address}): ${explanation}`;
}

/**
 * Rule ids are `<Pack>-<Suffix>`: the pack name (letters and digits, starting with a letter), a
 * hyphen, then a suffix of letters and digits in hyphen-separated groups, e.g. `OpenedxAws-EKS1`
 * or `OpenedxAws-S3-1`. A finding of a rule is cited as `<rule id>[<finding>]`, e.g.
 * `OpenedxAws-SG1[tcp/443 from 0.0.0.0/0]`.
 */
const RULE_ID = /^([A-Za-z][A-Za-z0-9]*)-([A-Za-z0-9]+(?:-[A-Za-z0-9]+)*)$/;
// The rule part cannot contain brackets, so the first "[" starts the finding.
const RULE_REFERENCE = /^([^[\]]+)(?:\[(.+)\])?$/s;

/** A rule id, optionally narrowed to one finding of that rule. */
export interface RuleReference {
  /** The rule id, e.g. `OpenedxAws-SG1`. */
  readonly ruleId: string;
  /** One finding of the rule, e.g. `tcp/443 from 0.0.0.0/0`; absent means every result of the rule. */
  readonly finding?: string;
}

/** Whether `id` has the `<Pack>-<Suffix>` form of a rule id. */
export function isRuleId(id: string): boolean {
  return RULE_ID.test(id);
}

/** The pack part of a rule id (`OpenedxAws` of `OpenedxAws-EKS1`), or undefined if `id` is not a rule id. */
export function packNameOf(id: string): string | undefined {
  return RULE_ID.exec(id)?.[1];
}

/** Parses `<rule id>` or `<rule id>[<finding>]`; undefined if `text` has neither form. */
export function parseRuleReference(text: string): RuleReference | undefined {
  const match = RULE_REFERENCE.exec(text);
  if (!match || !isRuleId(match[1])) {
    return undefined;
  }
  return match[2] === undefined ? { ruleId: match[1] } : { ruleId: match[1], finding: match[2] };
}

/** `<rule id>` or `<rule id>[<finding>]`: how a result is cited in messages and suppressions. */
export function formatRuleReference(reference: RuleReference): string {
  return reference.finding === undefined ? reference.ruleId : `${reference.ruleId}[${reference.finding}]`;
}

import { IConstruct } from "constructs";
import { ValidationError } from "../config/validation-error";
import { parseRuleReference, RuleReference } from "./rule-id";

/**
 * An accepted exception to a policy rule, with the reason a reviewer can audit.
 *
 * `id` is a rule id (`OpenedxAws-EKS3`), which covers every result of that rule, or a rule id with
 * one finding in brackets (`OpenedxAws-SG1[tcp/443 from 0.0.0.0/0]`), which covers only that finding
 * and keeps the rule guarding everything else. The finding text is the one shown in the violation
 * message.
 */
export interface RuleSuppression {
  /** `<Pack>-<Suffix>` or `<Pack>-<Suffix>[<finding>]`, e.g. `OpenedxAws-S3-4` or `OpenedxAws-EKS2[scheduler]`. */
  readonly id: string;
  /** Why the exception is acceptable; at least 10 characters. Recorded in the synth output. */
  readonly reason: string;
}

/** The construct metadata type under which {@link suppressRules} stores suppressions. */
export const SUPPRESSIONS_METADATA_TYPE = "openedx-policy/suppressions";

/** Fewer characters than this cannot say why an exception is safe. */
const MIN_REASON_LENGTH = 10;

/**
 * Suppresses policy rules on a construct and everything below it: a suppression on a stack
 * covers every resource of the stack; on a construct, every resource the construct made.
 *
 * The suppressions are checked here, so a bad one fails where it is written: each needs an `id` of
 * the form `<Pack>-<Suffix>` (optionally `[<finding>]`) and a `reason` of at least 10 characters.
 * Every violation a suppression hides is still reported, as an info annotation naming the rule and
 * the reason, in the synthesized `manifest.json`.
 *
 * @example
 * suppressRules(albSecurityGroup, [
 *   { id: "OpenedxAws-SG1[tcp/443 from 0.0.0.0/0]", reason: "the public LMS is served over HTTPS from the internet" },
 * ]);
 */
export function suppressRules(construct: IConstruct, suppressions: readonly RuleSuppression[]): void {
  const checked = suppressions.map((suppression) => checkSuppression(suppression, construct));
  if (checked.length > 0) {
    construct.node.addMetadata(SUPPRESSIONS_METADATA_TYPE, checked);
  }
}

/** A suppression found on a construct or one of its scopes, with the construct that carries it. */
export interface ScopedSuppression {
  readonly suppression: RuleSuppression;
  readonly reference: RuleReference;
  readonly scope: IConstruct;
}

/** Suppressions stored on `construct` itself (not its scopes). */
export function suppressionsOn(construct: IConstruct): readonly ScopedSuppression[] {
  const found: ScopedSuppression[] = [];
  for (const entry of construct.node.metadata) {
    if (entry.type !== SUPPRESSIONS_METADATA_TYPE || !Array.isArray(entry.data)) {
      continue;
    }
    for (const item of entry.data as readonly unknown[]) {
      const reference = isSuppression(item) ? parseRuleReference(item.id) : undefined;
      if (isSuppression(item) && reference) {
        found.push({ suppression: item, reference, scope: construct });
      }
    }
  }
  return found;
}

/**
 * The suppression that covers one result (a rule id and, if the result is a finding, the finding) on
 * `construct`, looked up on the construct and all its scopes, nearest first.
 */
export function findSuppression(construct: IConstruct, reference: RuleReference): ScopedSuppression | undefined {
  for (const scope of [...construct.node.scopes].reverse()) {
    const match = suppressionsOn(scope).find(
      ({ reference: suppressed }) =>
        suppressed.ruleId === reference.ruleId && (suppressed.finding === undefined || suppressed.finding === reference.finding),
    );
    if (match) {
      return match;
    }
  }
  return undefined;
}

function checkSuppression(suppression: RuleSuppression, construct: IConstruct): RuleSuppression {
  const id: unknown = suppression.id;
  const reason: unknown = suppression.reason;
  if (typeof id !== "string" || parseRuleReference(id) === undefined) {
    throw new ValidationError(
      `suppression id ${JSON.stringify(id)} is not a rule id: expected <Pack>-<Suffix>, optionally followed by one [finding], e.g. "OpenedxAws-EKS1" or "OpenedxAws-SG1[tcp/443 from 0.0.0.0/0]"`,
      construct,
    );
  }
  if (typeof reason !== "string" || reason.trim().length < MIN_REASON_LENGTH) {
    const got = typeof reason === "string" ? JSON.stringify(reason) : "none";
    throw new ValidationError(
      `suppression of ${id} needs a reason of at least ${MIN_REASON_LENGTH} characters saying why the exception is acceptable (got ${got})`,
      construct,
    );
  }
  return { id, reason: reason.trim() };
}

function isSuppression(value: unknown): value is RuleSuppression {
  if (typeof value !== "object" || value === null) {
    return false;
  }
  const candidate = value as Record<string, unknown>;
  return typeof candidate.id === "string" && typeof candidate.reason === "string";
}

import { AnnotationMetadataEntryType, Annotations, IAspect, TerraformResource, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";
import { PolicyPack, PolicyRule } from "./policy-pack";
import { SynthesizedStack } from "./private/synthesized-stack";
import { checkRule, Violation, violationMessage } from "./private/violation";
import { formatRuleReference, isRuleId, packNameOf } from "./rule-id";
import { findSuppression, suppressionsOn } from "./suppressions";

/** What the aspect knows about one stack during the current aspect pass. */
interface StackState {
  view?: SynthesizedStack;
  /** Resources visited in the current pass; visiting one again means a new pass has begun. */
  readonly visited: Set<IConstruct>;
  /** Messages that fail synth, per resource, replaced each time the resource is checked. */
  readonly failures: Map<IConstruct, readonly string[]>;
  validationAdded: boolean;
}

/**
 * Checks every Terraform resource of a stack against policy packs, in the style of cdk-nag:
 * each rule reads the resource's synthesized JSON (and, read-only, the rest of the stack).
 *
 * Add it to each stack (`Aspects.of(stack).add(new PolicyAspect([OPENEDX_AWS_PACK]))`); cdktf does
 * not apply aspects added to the App. Results are reported as:
 * - an `error`-level violation: an error annotation on the resource and a validation error on the
 *   stack, so synth (with validations, as `app.synth()` and `cdktf synth` run it) fails with
 *   `[<rule id>] <cause> at <construct path> (<terraform address>): <explanation>`;
 * - a `warning`-level violation: a warning annotation only;
 * - a suppressed violation (see {@link suppressRules}): an info annotation naming the rule and the
 *   reason, so every exception is listed in `manifest.json`.
 *
 * A rule that throws, for example because a value it needs is a Terraform expression known only
 * at apply time, is reported as a violation of that rule (`rule threw: ...`), never as a pass.
 */
export class PolicyAspect implements IAspect {
  /** The packs this aspect checks. */
  readonly packs: readonly PolicyPack[];
  private readonly rules: readonly PolicyRule[];
  private readonly ruleIds: ReadonlySet<string>;
  private readonly stacks = new WeakMap<TerraformStack, StackState>();

  /**
   * @param packs the packs to check; rule ids must be unique and of the form `<pack name>-<suffix>`.
   */
  constructor(packs: readonly PolicyPack[]) {
    checkPacks(packs);
    this.packs = [...packs];
    this.rules = packs.flatMap((pack) => pack.rules);
    this.ruleIds = new Set(this.rules.map((rule) => rule.id));
  }

  /** Checks `node` if it is a Terraform resource; never throws, whatever a rule does. */
  visit(node: IConstruct): void {
    if (TerraformStack.isStack(node)) {
      this.startPass(this.stateOf(node));
    }
    this.warnAboutUnknownRules(node);
    if (TerraformResource.isTerraformResource(node)) {
      this.checkResource(node);
    }
  }

  private checkResource(node: TerraformResource): void {
    const stack = TerraformStack.of(node);
    const state = this.stateOf(stack);
    this.addValidationOnce(stack, state);
    // cdktf re-runs aspects on every synth; a second visit means resources may have changed since.
    if (state.visited.has(node)) {
      this.startPass(state);
    }
    state.visited.add(node);
    if (!state.view || !state.view.includes(node)) {
      state.view = SynthesizedStack.read(stack);
    }
    const view = state.view;
    const resource = view.resourceOf(node);
    if (!resource) {
      const message = `[policy] could not read ${node.node.path} to check it: ${view.readErrorOf(node) ?? "unknown error"}`;
      annotateOnce(node, AnnotationMetadataEntryType.ERROR, message);
      state.failures.set(node, [message]);
      return;
    }
    const failures: string[] = [];
    for (const violation of this.rules.flatMap((rule) => checkRule(rule, resource, view))) {
      const failure = report(node, violation);
      if (failure) {
        failures.push(failure);
      }
    }
    state.failures.set(node, failures);
  }

  private stateOf(stack: TerraformStack): StackState {
    let state = this.stacks.get(stack);
    if (!state) {
      state = { visited: new Set(), failures: new Map(), validationAdded: false };
      this.stacks.set(stack, state);
    }
    return state;
  }

  private startPass(state: StackState): void {
    state.visited.clear();
    state.view = undefined;
  }

  private addValidationOnce(stack: TerraformStack, state: StackState): void {
    if (state.validationAdded) {
      return;
    }
    state.validationAdded = true;
    stack.node.addValidation({ validate: () => [...state.failures.values()].flat() });
  }

  // A mistyped id suppresses nothing, so the violation it was meant for fails synth; say why.
  private warnAboutUnknownRules(node: IConstruct): void {
    for (const { suppression, reference } of suppressionsOn(node)) {
      const pack = this.packs.find((candidate) => candidate.name === packNameOf(reference.ruleId));
      if (pack && !this.ruleIds.has(reference.ruleId)) {
        annotateOnce(
          node,
          AnnotationMetadataEntryType.WARN,
          `[policy] suppression ${suppression.id} names no rule of pack ${pack.name}; its rules are ${pack.rules.map((rule) => rule.id).join(", ")}`,
        );
      }
    }
  }
}

/** Annotates one violation; returns the message if it must fail synth. */
function report(node: IConstruct, violation: Violation): string | undefined {
  const suppressed = findSuppression(node, violation.reference);
  if (suppressed) {
    const where = suppressed.scope === node ? "" : `, by the suppression on ${suppressed.scope.node.path || "the app"}`;
    annotateOnce(
      node,
      AnnotationMetadataEntryType.INFO,
      `[${formatRuleReference(violation.reference)}] suppressed at ${violation.resource.path} (${violation.resource.address})${where}: ${suppressed.suppression.reason}`,
    );
    return undefined;
  }
  const message = violationMessage(violation);
  if (violation.level === "warning") {
    annotateOnce(node, AnnotationMetadataEntryType.WARN, message);
    return undefined;
  }
  annotateOnce(node, AnnotationMetadataEntryType.ERROR, message);
  return message;
}

// Aspects run on every synth of the same tree; without this, each run would repeat each annotation.
function annotateOnce(node: IConstruct, type: AnnotationMetadataEntryType, message: string): void {
  if (node.node.metadata.some((entry) => entry.type === type && entry.data === message)) {
    return;
  }
  const annotations = Annotations.of(node);
  if (type === AnnotationMetadataEntryType.ERROR) {
    annotations.addError(message);
  } else if (type === AnnotationMetadataEntryType.WARN) {
    annotations.addWarning(message);
  } else {
    annotations.addInfo(message);
  }
}

function checkPacks(packs: readonly PolicyPack[]): void {
  const seen = new Set<string>();
  for (const pack of packs) {
    for (const rule of pack.rules) {
      if (!isRuleId(rule.id) || packNameOf(rule.id) !== pack.name) {
        throw new Error(`rule id ${JSON.stringify(rule.id)} of pack ${pack.name} must have the form "${pack.name}-<suffix>" (letters and digits, groups joined by "-")`);
      }
      if (seen.has(rule.id)) {
        throw new Error(`rule id ${rule.id} appears more than once in the packs given to PolicyAspect; rule ids must be unique`);
      }
      seen.add(rule.id);
    }
  }
}

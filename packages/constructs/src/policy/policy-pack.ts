/** A resource as it appears in the synthesized Terraform JSON, with the construct that made it. */
export interface SynthesizedResource {
  /** The Terraform resource type, e.g. `aws_eks_cluster`. */
  readonly type: string;
  /** The Terraform address, e.g. `aws_eks_cluster.cluster_Resource_1A2B3C4D`. */
  readonly address: string;
  /** The construct path, e.g. `production-cluster/cluster/Resource`. */
  readonly path: string;
  /** The resolved resource configuration (references to other resources are `${...}` strings). */
  readonly config: Readonly<Record<string, unknown>>;
}

/** Read-only view of the whole stack, for rules that relate resources (e.g. a VPC and its flow log). */
export interface SynthesizedStackView {
  /** Every resource of a type in the stack. */
  resourcesOfType(type: string): readonly SynthesizedResource[];
  /** The `${type.name.attribute}` reference string other resources use to point at `resource`. */
  referenceTo(resource: SynthesizedResource, attribute: string): string;
}

/**
 * What a rule found: `compliant` and `not-applicable` pass; `non-compliant` fails; a list of
 * findings fails once per finding (`Rule[finding]`), so each can be suppressed on its own, and an
 * empty list passes. A rule that cannot decide (a value known only at apply time) throws, and the
 * throw is reported as a violation of the rule.
 */
export type RuleResult = "compliant" | "non-compliant" | "not-applicable" | readonly string[];

/** A rule: a small pure function of one resource (and, read-only, its stack). */
export type RuleCheck = (resource: SynthesizedResource, stack: SynthesizedStackView) => RuleResult;

/** A rule bound to its metadata in a pack. */
export interface PolicyRule {
  /** Stable id users cite in suppressions, e.g. `OpenedxAws-EKS1`. */
  readonly id: string;
  /** What is wrong, one line. */
  readonly cause: string;
  /** Why it matters and how to fix it. */
  readonly explanation: string;
  /** `error` fails synth; `warning` is reported in the manifest annotations. */
  readonly level: "error" | "warning";
  /** The pure function that judges one resource; called for every Terraform resource of a checked stack. */
  readonly check: RuleCheck;
}

/** A named, declarative table of rules. */
export interface PolicyPack {
  /** The pack's name, e.g. `OpenedxAws`: the prefix of its rule ids and the heading of its section in the rule catalogue. */
  readonly name: string;
  /** Every rule of the pack; each rule decides itself which resource types it applies to. */
  readonly rules: readonly PolicyRule[];
}

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { AnnotationMetadataEntryType, Aspects, TerraformStack, Testing } from "cdktf";
import { OPENEDX_AWS_PACK } from "../../src/policy/packs/openedx-aws-pack";
import { PolicyAspect } from "../../src/policy/policy-aspect";
import { PolicyPack } from "../../src/policy/policy-pack";

/** A stack named "test" with an AWS provider, checked by `packs` (the whole OpenedxAws pack by default). */
export function policyStack(packs: readonly PolicyPack[] = [OPENEDX_AWS_PACK]): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  Aspects.of(stack).add(new PolicyAspect(packs));
  return stack;
}

/** A stack checked by one rule of the OpenedxAws pack only, so a test sees that rule alone. */
export function ruleStack(ruleId: string): TerraformStack {
  return policyStack([packOf(ruleId)]);
}

/** The OpenedxAws pack narrowed to `ruleIds`. */
export function packOf(...ruleIds: string[]): PolicyPack {
  const rules = OPENEDX_AWS_PACK.rules.filter((rule) => ruleIds.includes(rule.id));
  if (rules.length !== ruleIds.length) {
    throw new Error(`unknown rule id in ${ruleIds.join(", ")}`);
  }
  return { name: OPENEDX_AWS_PACK.name, rules };
}

/** Synthesizes with validations and returns the error message; fails the test if synth succeeds. */
export function synthFailure(stack: TerraformStack): string {
  try {
    Testing.synth(stack, true);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error("expected synth to fail, but it succeeded");
}

/** The validation lines (one per violation) of a failed synth. */
export function violationLines(stack: TerraformStack): readonly string[] {
  return synthFailure(stack)
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.startsWith("[test] ["))
    .map((line) => line.slice("[test] ".length));
}

/** Annotation messages of one level anywhere in the stack. */
export function annotations(stack: TerraformStack, level: "info" | "warning" | "error"): readonly string[] {
  const type = { info: AnnotationMetadataEntryType.INFO, warning: AnnotationMetadataEntryType.WARN, error: AnnotationMetadataEntryType.ERROR }[level];
  return stack.node.findAll().flatMap((node) => node.node.metadata.filter((entry) => entry.type === type).map((entry) => String(entry.data)));
}

/** One annotation as cdktf writes it to `manifest.json`. */
export interface ManifestAnnotation {
  readonly constructPath: string;
  readonly level: string;
  readonly message: string;
}

/** Runs the full synthesizer (aspects, validations, manifest) and returns the stack's manifest annotations. */
export function manifestAnnotations(stack: TerraformStack): readonly ManifestAnnotation[] {
  const outdir = Testing.fullSynth(stack);
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as {
    stacks: Record<string, { annotations: ManifestAnnotation[] }>;
  };
  return manifest.stacks[stack.node.id].annotations;
}

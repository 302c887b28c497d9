import { TerraformStack, Testing } from "cdktf";
import { AwsStack } from "../src/stack/aws-stack";

/** A resource block of the synthesized JSON, keyed by Terraform name. */
export type ResourceBlock = Record<string, Record<string, unknown>>;

/** Parsed synthesized JSON of a stack, with helpers for counts and lookups by construct path. */
export class SynthesizedStack {
  readonly json: { resource?: Record<string, ResourceBlock>; output?: Record<string, unknown>; terraform?: Record<string, unknown>; provider?: Record<string, unknown[]> };

  constructor(stack: TerraformStack, runValidations = true) {
    // Testing.synth runs aspects and validations but strips the construct paths; toTerraform keeps them.
    Testing.synth(stack, runValidations);
    this.json = JSON.parse(JSON.stringify(stack.toTerraform()));
  }

  /** All resources of a type, as `[name, config]` pairs. */
  resources(type: string): [string, Record<string, unknown>][] {
    return Object.entries(this.json.resource?.[type] ?? {});
  }

  /** The only resource of a type; fails if there are none or several. */
  only(type: string): Record<string, unknown> {
    const all = this.resources(type);
    if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
    return all[0][1];
  }

  /** The resource of a type whose construct path ends with `suffix`. */
  byPath(type: string, suffix: string): Record<string, unknown> {
    const match = this.resources(type).find(([, config]) => pathOf(config).endsWith(suffix));
    if (!match) throw new Error(`no ${type} at a path ending with ${suffix}; paths: ${this.resources(type).map(([, c]) => pathOf(c)).join(", ")}`);
    return match[1];
  }

  /** `${type.name.attribute}` of the resource at a path, as other resources reference it. */
  ref(type: string, suffix: string, attribute: string): string {
    const match = this.resources(type).find(([, config]) => pathOf(config).endsWith(suffix));
    if (!match) throw new Error(`no ${type} at a path ending with ${suffix}`);
    return `\${${type}.${match[0]}.${attribute}}`;
  }
}

function pathOf(config: Record<string, unknown>): string {
  return ((config["//"] as { metadata?: { path?: string } } | undefined)?.metadata?.path) ?? "";
}

/** A fresh AWS stack in a test app. */
export function testStack(id = "test"): AwsStack {
  return new AwsStack(Testing.app(), id, { accountId: "111122223333", region: "eu-west-1" });
}

/** Parses a JSON policy string of a resource. */
export function policyOf(value: unknown): { Statement: Record<string, unknown>[] } {
  return JSON.parse(value as string);
}

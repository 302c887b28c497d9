import { SynthesizedResource, SynthesizedStackView } from "../../policy-pack";
import { isExpression } from "./terraform-values";

// `${aws_vpc.main.cidr_block}`: one attribute of one resource, nothing around it.
const RESOURCE_ATTRIBUTE = /^\$\{([a-z0-9_]+)\.([^.}]+)\.([a-z0-9_]+)\}$/;

/** Whether `value` is a reference to one of `attributes` of `target`, e.g. `${aws_vpc.main.id}`. */
export function refersTo(
  value: unknown,
  target: SynthesizedResource,
  attributes: readonly string[],
  stack: SynthesizedStackView,
): boolean {
  return attributes.some((attribute) => value === stack.referenceTo(target, attribute));
}

/** The resources of `type` whose `key` refers to `target` through one of `attributes`. */
export function resourcesReferencing(
  stack: SynthesizedStackView,
  type: string,
  key: string,
  target: SynthesizedResource,
  attributes: readonly string[],
): readonly SynthesizedResource[] {
  return stack.resourcesOfType(type).filter((resource) => refersTo(resource.config[key], target, attributes, stack));
}

/**
 * The value a reference stands for when the referenced resource of this stack sets that attribute
 * literally (`${aws_vpc.main.cidr_block}` → `"10.0.0.0/16"`); otherwise `value` unchanged.
 */
export function dereference(value: unknown, stack: SynthesizedStackView): unknown {
  const match = typeof value === "string" ? RESOURCE_ATTRIBUTE.exec(value) : null;
  if (!match) {
    return value;
  }
  const [, type, , attribute] = match;
  const target = stack.resourcesOfType(type).find((resource) => stack.referenceTo(resource, attribute) === value);
  const literal = target?.config[attribute];
  return literal === undefined || literal === null || isExpression(literal) ? value : literal;
}

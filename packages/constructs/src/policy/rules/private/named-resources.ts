import { SynthesizedResource, SynthesizedStackView } from "../../policy-pack";
import { refersTo } from "./references";
import { isExpression, UnresolvableValueError } from "./terraform-values";

/**
 * How one resource names another: through a reference to one of `attributes` of the target
 * (`${aws_db_parameter_group.main.name}`), or through the target's literal `nameKey` value.
 */
export interface NamedBy {
  /** The Terraform type of the named resource, e.g. `aws_db_parameter_group`. */
  readonly type: string;
  /** The attributes a reference may use, e.g. `["name", "id"]`. */
  readonly attributes: readonly string[];
  /** The attribute holding the target's own name, compared with literal values, e.g. `name`. */
  readonly nameKey: string;
}

/** Whether `value` names `target`, as {@link NamedBy} describes. */
export function names(value: unknown, target: SynthesizedResource, by: NamedBy, stack: SynthesizedStackView): boolean {
  if (refersTo(value, target, by.attributes, stack)) {
    return true;
  }
  const literalName = target.config[by.nameKey];
  return typeof value === "string" && value !== "" && !isExpression(value) && value === literalName;
}

/**
 * The resource of this stack that `value` (read from `where`) names. A reference to an attribute
 * another resource of the stack sets (a replica's `${aws_db_instance.source.parameter_group_name}`)
 * is followed to what that resource set. Undefined when a literal name matches no resource of the
 * stack; an expression that leads to no such resource (a variable, a data source, another stack's
 * output) throws, as the rule cannot tell what it names.
 */
export function resourceNamedBy(value: string, where: string, by: NamedBy, stack: SynthesizedStackView): SynthesizedResource | undefined {
  const seen = new Set<string>();
  let current: unknown = value;
  while (typeof current === "string" && !seen.has(current)) {
    seen.add(current);
    const name = current;
    const target = stack.resourcesOfType(by.type).find((candidate) => names(name, candidate, by, stack));
    if (target || !isExpression(name)) {
      return target;
    }
    current = attributeReferencedBy(name, stack);
  }
  throw new UnresolvableValueError(where, value);
}

// `${aws_db_instance.source.parameter_group_name}`: one attribute of one resource, nothing around it.
const RESOURCE_ATTRIBUTE = /^\$\{([a-z0-9_]+)\.([^.}]+)\.([a-z0-9_]+)\}$/;

/** What the resource of this stack that `reference` points at sets its attribute to, if anything. */
function attributeReferencedBy(reference: string, stack: SynthesizedStackView): unknown {
  const match = RESOURCE_ATTRIBUTE.exec(reference);
  if (!match) {
    return undefined;
  }
  const [, type, , attribute] = match;
  const source = stack.resourcesOfType(type).find((resource) => stack.referenceTo(resource, attribute) === reference);
  return source?.config[attribute];
}

/** The resources of `type` whose `key` names `target`, e.g. the instances of a cluster. */
export function resourcesNaming(
  stack: SynthesizedStackView,
  type: string,
  key: string,
  target: SynthesizedResource,
  by: NamedBy,
): readonly SynthesizedResource[] {
  return stack.resourcesOfType(type).filter((resource) => names(resource.config[key], target, by, stack));
}

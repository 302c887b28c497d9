import { SynthesizedResource, SynthesizedStackView } from "../../policy-pack";
import { NamedBy, resourceNamedBy } from "./named-resources";
import { blocksAt, stringAt } from "./terraform-values";

/** Where a database resource names its parameter group, and the type of that group. */
export interface ParameterGroupLink {
  /** The attribute of the database resource, e.g. `parameter_group_name`. */
  readonly key: string;
  /** The parameter group's Terraform type, e.g. `aws_db_parameter_group`. */
  readonly type: string;
}

/**
 * The parameter group `resource` uses, from this stack; undefined when `resource` names none (the
 * engine's default group then applies). A group that is named but is not a resource of this stack
 * throws: its parameters cannot be read, so the rule cannot decide.
 */
export function parameterGroupOf(resource: SynthesizedResource, link: ParameterGroupLink, stack: SynthesizedStackView): SynthesizedResource | undefined {
  const name = resource.config[link.key];
  if (name === undefined || name === null || name === "") {
    return undefined;
  }
  if (typeof name !== "string") {
    throw new Error(`${link.key} must be a string, got ${JSON.stringify(name)}`);
  }
  const by: NamedBy = { type: link.type, attributes: ["name", "id"], nameKey: "name" };
  const group = resourceNamedBy(name, link.key, by, stack);
  if (!group) {
    throw new Error(
      `${link.key} "${name}" names no ${link.type} of this stack, so its parameters cannot be read; define the group in the same stack, or suppress the rule with a reason`,
    );
  }
  return group;
}

/** The literal value of parameter `name` (compared case-insensitively, as the engines do) in a group, if set. */
export function parameterValue(group: SynthesizedResource, name: string): string | undefined {
  const blocks = blocksAt(group.config.parameter, `parameter of ${group.address}`);
  const index = blocks.findIndex((block) => typeof block.name === "string" && block.name.toLowerCase() === name.toLowerCase());
  return index < 0 ? undefined : stringAt(blocks[index].value, `parameter[${index}].value (${name}) of ${group.address}`);
}

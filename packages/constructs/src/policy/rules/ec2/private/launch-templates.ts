import { SynthesizedResource, SynthesizedStackView } from "../../../policy-pack";
import { NamedBy, resourceNamedBy } from "../../private/named-resources";
import { blockAt, isSet } from "../../private/terraform-values";

const LAUNCH_TEMPLATE: NamedBy = { type: "aws_launch_template", attributes: ["id", "name"], nameKey: "name" };

/**
 * The `aws_launch_template` of this stack an `aws_instance` is launched from (`launch_template.id`
 * or `.name`), or undefined when it names none. A template that is named but is not a resource of
 * this stack throws: the settings the instance takes from it cannot be read.
 */
export function launchTemplateOf(instance: SynthesizedResource, stack: SynthesizedStackView): SynthesizedResource | undefined {
  const link = blockAt(instance.config.launch_template, "launch_template");
  if (!link) {
    return undefined;
  }
  const key = isSet(link.id) ? "id" : "name";
  const value = link[key];
  if (!isSet(value)) {
    return undefined;
  }
  if (typeof value !== "string") {
    throw new Error(`launch_template.${key} must be a string, got ${JSON.stringify(value)}`);
  }
  const template = resourceNamedBy(value, `launch_template.${key}`, LAUNCH_TEMPLATE, stack);
  if (!template) {
    throw new Error(
      `launch_template.${key} "${value}" names no aws_launch_template of this stack, so the settings the instance takes from it cannot be read; define the template in the same stack, or suppress the rule with a reason`,
    );
  }
  return template;
}

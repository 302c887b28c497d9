import { RuleCheck, SynthesizedResource, SynthesizedStackView } from "../../policy-pack";
import { NamedBy, resourceNamedBy } from "../private/named-resources";
import { resourcesReferencing } from "../private/references";
import { blocksAt, stringAt, stringListAt } from "../private/terraform-values";
import { launchTemplateOf } from "./private/launch-templates";

/** The finding for an instance without security groups: the VPC's default group admits its other members. */
export const DEFAULT_SECURITY_GROUP_FINDING = "default security group";

const SECURITY_GROUP: NamedBy = { type: "aws_security_group", attributes: ["id", "name"], nameKey: "name" };

/**
 * The security groups of an `aws_instance` admit nothing: an instance reached only through SSM
 * Session Manager needs no ingress. The groups are those of `vpc_security_group_ids` and
 * `security_groups`, or, when the instance sets neither, of its launch template of this stack
 * (`vpc_security_group_ids`, `security_group_names`, `network_interfaces[].security_groups`).
 * Findings: `ingress of <group address>` for inline `ingress` blocks, the address of each
 * `aws_vpc_security_group_ingress_rule` or ingress `aws_security_group_rule` of this stack on one
 * of the groups, and `default security group` when there is no group at all. A group that is not a
 * resource of this stack throws, as its rules cannot be read.
 */
export const instanceNoIngress: RuleCheck = (resource, stack) => {
  if (resource.type !== "aws_instance") {
    return "not-applicable";
  }
  if (blocksAt(resource.config.network_interface, "network_interface").length > 0) {
    throw new Error(
      "network_interface attaches existing network interfaces, whose security groups this rule does not read; give the instance vpc_security_group_ids instead, or suppress the rule with a reason",
    );
  }
  const references = securityGroupReferences(resource, stack);
  if (references.length === 0) {
    return [DEFAULT_SECURITY_GROUP_FINDING];
  }
  return references.flatMap(({ value, where }) => ingressOf(groupNamedBy(value, where, stack), stack));
};

interface SecurityGroupReference {
  readonly value: string;
  readonly where: string;
}

function securityGroupReferences(instance: SynthesizedResource, stack: SynthesizedStackView): readonly SecurityGroupReference[] {
  const own = listed(instance, ["vpc_security_group_ids", "security_groups"], "");
  if (own.length > 0) {
    return own;
  }
  const template = launchTemplateOf(instance, stack);
  if (!template) {
    return [];
  }
  const suffix = ` of ${template.address}`;
  return [
    ...listed(template, ["vpc_security_group_ids", "security_group_names"], suffix),
    ...blocksAt(template.config.network_interfaces, `network_interfaces${suffix}`).flatMap((networkInterface, index) =>
      (stringListAt(networkInterface.security_groups, `network_interfaces[${index}].security_groups${suffix}`) ?? []).map((value, item) => ({
        value,
        where: `network_interfaces[${index}].security_groups[${item}]${suffix}`,
      })),
    ),
  ];
}

function listed(resource: SynthesizedResource, keys: readonly string[], suffix: string): readonly SecurityGroupReference[] {
  return keys.flatMap((key) =>
    (stringListAt(resource.config[key], `${key}${suffix}`) ?? []).map((value, index) => ({ value, where: `${key}[${index}]${suffix}` })),
  );
}

function groupNamedBy(value: string, where: string, stack: SynthesizedStackView): SynthesizedResource {
  const group = resourceNamedBy(value, where, SECURITY_GROUP, stack);
  if (!group) {
    throw new Error(
      `${where} "${value}" names no aws_security_group of this stack, so its ingress cannot be read; define the security group in the same stack, or suppress the rule with a reason`,
    );
  }
  return group;
}

function ingressOf(group: SynthesizedResource, stack: SynthesizedStackView): readonly string[] {
  const dynamicBlocks = group.config.dynamic;
  const hasDynamicIngress = typeof dynamicBlocks === "object" && dynamicBlocks !== null && "ingress" in dynamicBlocks;
  const inline = hasDynamicIngress || blocksAt(group.config.ingress, `ingress of ${group.address}`).length > 0;
  const rules = [
    ...resourcesReferencing(stack, "aws_vpc_security_group_ingress_rule", "security_group_id", group, ["id"]),
    ...resourcesReferencing(stack, "aws_security_group_rule", "security_group_id", group, ["id"]).filter(
      (rule) => stringAt(rule.config.type, `type of ${rule.address}`) === "ingress",
    ),
  ];
  return [...(inline ? [`ingress of ${group.address}`] : []), ...rules.map((rule) => rule.address)];
}

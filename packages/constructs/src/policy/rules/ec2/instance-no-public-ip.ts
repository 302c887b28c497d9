import { RuleCheck, SynthesizedResource, SynthesizedStackView } from "../../policy-pack";
import { refersTo } from "../private/references";
import { blocksAt, booleanAt } from "../private/terraform-values";

/**
 * An `aws_instance` or `aws_launch_template` gets no public IP address. Findings:
 * - instance: `associate_public_ip_address` (true), and the address of each `aws_eip` (`instance`)
 *   or `aws_eip_association` (`instance_id`) of this stack that points at the instance's id;
 * - launch template: `network_interfaces[<index>].associate_public_ip_address` (true).
 * An instance taking its network interfaces from a launch template is covered by the template's own check.
 */
export const instanceNoPublicIp: RuleCheck = (resource, stack) => {
  switch (resource.type) {
    case "aws_instance":
      return [
        ...(booleanAt(resource.config.associate_public_ip_address, "associate_public_ip_address") === true ? ["associate_public_ip_address"] : []),
        ...elasticIpsOf(resource, stack),
      ];
    case "aws_launch_template":
      return blocksAt(resource.config.network_interfaces, "network_interfaces").flatMap((networkInterface, index) => {
        const where = `network_interfaces[${index}].associate_public_ip_address`;
        return booleanAt(networkInterface.associate_public_ip_address, where) === true ? [where] : [];
      });
    default:
      return "not-applicable";
  }
};

function elasticIpsOf(instance: SynthesizedResource, stack: SynthesizedStackView): readonly string[] {
  return [
    ...stack.resourcesOfType("aws_eip").filter((eip) => refersTo(eip.config.instance, instance, ["id"], stack)),
    ...stack.resourcesOfType("aws_eip_association").filter((association) => refersTo(association.config.instance_id, instance, ["id"], stack)),
  ].map((resource) => resource.address);
}

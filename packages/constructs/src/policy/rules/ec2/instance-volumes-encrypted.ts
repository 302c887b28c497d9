import { RuleCheck, SynthesizedResource, SynthesizedStackView } from "../../policy-pack";
import { blockAt, blocksAt, booleanAt, isExpression, TerraformBlock } from "../private/terraform-values";
import { launchTemplateOf } from "./private/launch-templates";

/**
 * The EBS volumes of an `aws_instance` or `aws_launch_template` are encrypted. Findings:
 * - instance: `root_block_device` (`encrypted` not true; without a `root_block_device.encrypted` of
 *   its own, an instance passes when its launch template of this stack maps only encrypted EBS
 *   volumes), and `ebs_block_device <device_name>` per unencrypted extra volume;
 * - launch template: `block_device_mappings <device_name>` per EBS mapping not encrypted, and
 *   `block_device_mappings` when it maps no EBS volume at all, as the root volume would then be as
 *   encrypted as the AMI's snapshot happens to be.
 */
export const instanceVolumesEncrypted: RuleCheck = (resource, stack) => {
  switch (resource.type) {
    case "aws_instance":
      return instanceFindings(resource, stack);
    case "aws_launch_template": {
      const findings = templateFindings(resource);
      return findings.mapped ? findings.unencrypted : ["block_device_mappings", ...findings.unencrypted];
    }
    default:
      return "not-applicable";
  }
};

function instanceFindings(instance: SynthesizedResource, stack: SynthesizedStackView): readonly string[] {
  const root = blockAt(instance.config.root_block_device, "root_block_device");
  const rootEncrypted = booleanAt(root?.encrypted, "root_block_device.encrypted");
  let rootCompliant = rootEncrypted === true;
  if (rootEncrypted === undefined) {
    const template = launchTemplateOf(instance, stack);
    const mappings = template && templateFindings(template);
    rootCompliant = mappings !== undefined && mappings.mapped && mappings.unencrypted.length === 0;
  }
  const extra = blocksAt(instance.config.ebs_block_device, "ebs_block_device").flatMap((volume, index) =>
    booleanAt(volume.encrypted, `ebs_block_device[${index}].encrypted`) === true ? [] : [`ebs_block_device ${deviceName(volume, `ebs_block_device[${index}]`)}`],
  );
  return [...(rootCompliant ? [] : ["root_block_device"]), ...extra];
}

/** Whether a template maps any EBS volume, and the findings for those it leaves unencrypted. */
function templateFindings(template: SynthesizedResource): { readonly mapped: boolean; readonly unencrypted: readonly string[] } {
  const where = (index: number): string => `block_device_mappings[${index}] of ${template.address}`;
  const ebsMappings = blocksAt(template.config.block_device_mappings, `block_device_mappings of ${template.address}`)
    .map((mapping, index) => ({ mapping, index, ebs: blockAt(mapping.ebs, `${where(index)}.ebs`) }))
    .filter(({ ebs }) => ebs !== undefined);
  return {
    mapped: ebsMappings.length > 0,
    unencrypted: ebsMappings
      .filter(({ ebs, index }) => booleanAt(ebs?.encrypted, `${where(index)}.ebs.encrypted`) !== true)
      .map(({ mapping, index }) => `block_device_mappings ${deviceName(mapping, `block_device_mappings[${index}]`)}`),
  };
}

function deviceName(block: TerraformBlock, fallback: string): string {
  const name = block.device_name;
  return typeof name === "string" && name !== "" && !isExpression(name) ? name : fallback;
}

import { RuleCheck, SynthesizedResource, SynthesizedStackView } from "../../policy-pack";
import { blockAt, stringAt, TerraformBlock } from "../private/terraform-values";
import { launchTemplateOf } from "./private/launch-templates";

/**
 * An `aws_instance` or `aws_launch_template` requires IMDSv2 session tokens
 * (`metadata_options.http_tokens` `required`) or turns the metadata service off
 * (`metadata_options.http_endpoint` `disabled`). Unset `http_tokens` is non-compliant: the default
 * then depends on the AMI and account settings. An instance without `metadata_options` of its own
 * is judged by those of its launch template, which must then be in this stack.
 */
export const instanceImdsv2Required: RuleCheck = (resource, stack) => {
  if (resource.type !== "aws_instance" && resource.type !== "aws_launch_template") {
    return "not-applicable";
  }
  const metadata = metadataOptionsOf(resource, stack);
  if (!metadata) {
    return "non-compliant";
  }
  const { options, where } = metadata;
  if (stringAt(options.http_endpoint, `${where}.http_endpoint`) === "disabled") {
    return "compliant";
  }
  return stringAt(options.http_tokens, `${where}.http_tokens`) === "required" ? "compliant" : "non-compliant";
};

function metadataOptionsOf(resource: SynthesizedResource, stack: SynthesizedStackView): { readonly options: TerraformBlock; readonly where: string } | undefined {
  const own = blockAt(resource.config.metadata_options, "metadata_options");
  if (own || resource.type !== "aws_instance") {
    return own && { options: own, where: "metadata_options" };
  }
  const template = launchTemplateOf(resource, stack);
  const where = template && `metadata_options of ${template.address}`;
  const inherited = template && where && blockAt(template.config.metadata_options, where);
  return inherited && where ? { options: inherited, where } : undefined;
}

import { SynthesizedResource } from "../../../policy-pack";
import { blockAt, TerraformBlock } from "../../private/terraform-values";

/** The `metadata` block every resource of the kubernetes provider has (empty if missing). */
export function metadataOf(resource: SynthesizedResource): TerraformBlock {
  return blockAt(resource.config.metadata, "metadata") ?? {};
}

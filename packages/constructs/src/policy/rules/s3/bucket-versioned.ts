import { RuleCheck } from "../../policy-pack";
import { blockAt, stringAt } from "../private/terraform-values";
import { companionsOf } from "./private/bucket-companions";

/** An `aws_s3_bucket` has an `aws_s3_bucket_versioning` with `versioning_configuration.status` `Enabled`. */
export const s3BucketVersioned: RuleCheck = (resource, stack) => {
  if (resource.type !== "aws_s3_bucket") {
    return "not-applicable";
  }
  const enabled = companionsOf(resource, "aws_s3_bucket_versioning", stack).some((versioning) => {
    const block = blockAt(versioning.config.versioning_configuration, `versioning_configuration of ${versioning.address}`);
    return stringAt(block?.status, `versioning_configuration.status of ${versioning.address}`) === "Enabled";
  });
  return enabled ? "compliant" : "non-compliant";
};

import { RuleCheck } from "../../policy-pack";
import { blockAt, stringAt } from "../private/terraform-values";
import { companionsOf } from "./private/bucket-companions";

/** An `aws_s3_bucket` has an `aws_s3_bucket_ownership_controls` with `rule.object_ownership` `BucketOwnerEnforced`. */
export const s3BucketOwnerEnforced: RuleCheck = (resource, stack) => {
  if (resource.type !== "aws_s3_bucket") {
    return "not-applicable";
  }
  const enforced = companionsOf(resource, "aws_s3_bucket_ownership_controls", stack).some((controls) => {
    const rule = blockAt(controls.config.rule, `rule of ${controls.address}`);
    return stringAt(rule?.object_ownership, `rule.object_ownership of ${controls.address}`) === "BucketOwnerEnforced";
  });
  return enforced ? "compliant" : "non-compliant";
};

import { RuleCheck } from "../../policy-pack";
import { booleanAt } from "../private/terraform-values";
import { companionsOf } from "./private/bucket-companions";

const FLAGS = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"] as const;

/**
 * An `aws_s3_bucket` has an `aws_s3_bucket_public_access_block` with all four flags true. One
 * finding per flag that is not, e.g. `restrict_public_buckets`.
 */
export const s3BucketPublicAccessBlocked: RuleCheck = (resource, stack) => {
  if (resource.type !== "aws_s3_bucket") {
    return "not-applicable";
  }
  const blocks = companionsOf(resource, "aws_s3_bucket_public_access_block", stack);
  if (blocks.length === 0) {
    return "non-compliant";
  }
  const unsetFlags = blocks.map((block) => FLAGS.filter((flag) => booleanAt(block.config[flag], `${flag} of ${block.address}`) !== true));
  return unsetFlags.reduce((fewest, flags) => (flags.length < fewest.length ? flags : fewest));
};

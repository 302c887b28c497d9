import { RuleCheck } from "../../policy-pack";
import { stringAt } from "../private/terraform-values";

/**
 * An `aws_ecr_repository` has immutable tags (`image_tag_mutability` `IMMUTABLE`; unset means
 * `MUTABLE`), so a tag that was scanned, reviewed and deployed always names the same image.
 */
export const ecrImmutableTags: RuleCheck = (resource) => {
  if (resource.type !== "aws_ecr_repository") {
    return "not-applicable";
  }
  return stringAt(resource.config.image_tag_mutability, "image_tag_mutability") === "IMMUTABLE" ? "compliant" : "non-compliant";
};

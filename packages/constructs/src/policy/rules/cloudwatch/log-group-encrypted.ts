import { RuleCheck } from "../../policy-pack";
import { isSet } from "../private/terraform-values";

/** An `aws_cloudwatch_log_group` is encrypted with a KMS key (`kms_key_id` set; a reference is fine). */
export const logGroupEncrypted: RuleCheck = (resource) => {
  if (resource.type !== "aws_cloudwatch_log_group") {
    return "not-applicable";
  }
  return isSet(resource.config.kms_key_id) ? "compliant" : "non-compliant";
};

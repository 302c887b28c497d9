import { RuleCheck } from "../../policy-pack";
import { isSet } from "../private/terraform-values";

/** An `aws_sns_topic` is encrypted with a KMS key (`kms_master_key_id` set; a reference is fine). */
export const snsTopicEncrypted: RuleCheck = (resource) => {
  if (resource.type !== "aws_sns_topic") {
    return "not-applicable";
  }
  return isSet(resource.config.kms_master_key_id) ? "compliant" : "non-compliant";
};

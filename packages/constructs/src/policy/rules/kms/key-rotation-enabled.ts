import { RuleCheck } from "../../policy-pack";
import { booleanAt, stringAt } from "../private/terraform-values";

/**
 * A symmetric encryption `aws_kms_key` has `enable_key_rotation: true`. Asymmetric and HMAC keys
 * cannot rotate automatically, so the rule does not apply to them.
 */
export const kmsKeyRotationEnabled: RuleCheck = (resource) => {
  if (resource.type !== "aws_kms_key") {
    return "not-applicable";
  }
  const spec = stringAt(resource.config.customer_master_key_spec, "customer_master_key_spec") ?? "SYMMETRIC_DEFAULT";
  if (spec !== "SYMMETRIC_DEFAULT") {
    return "not-applicable";
  }
  return booleanAt(resource.config.enable_key_rotation, "enable_key_rotation") === true ? "compliant" : "non-compliant";
};

import { RuleCheck } from "../../policy-pack";
import { isSet } from "../private/terraform-values";

/**
 * An `aws_instance` or `aws_launch_template` names no EC2 key pair (`key_name` unset). An instance
 * taking its key pair from a launch template is covered by the template's own check.
 */
export const instanceNoKeyPair: RuleCheck = (resource) => {
  if (resource.type !== "aws_instance" && resource.type !== "aws_launch_template") {
    return "not-applicable";
  }
  return isSet(resource.config.key_name) ? "non-compliant" : "compliant";
};

import { RuleCheck } from "../../policy-pack";
import { numberAt } from "../private/terraform-values";

/** An `aws_cloudwatch_log_group` has a retention: `retention_in_days` set and not 0 (0 keeps logs forever). */
export const logGroupRetentionSet: RuleCheck = (resource) => {
  if (resource.type !== "aws_cloudwatch_log_group") {
    return "not-applicable";
  }
  const days = numberAt(resource.config.retention_in_days, "retention_in_days");
  return days !== undefined && days > 0 ? "compliant" : "non-compliant";
};

import { RuleCheck } from "../../policy-pack";
import { booleanAt, isSet } from "../private/terraform-values";

/**
 * An `aws_db_instance` or `aws_rds_cluster_instance` enables Performance Insights with a
 * customer-managed key. Findings: `performance_insights_enabled` (not true) and/or
 * `performance_insights_kms_key_id` (unset, so the AWS-managed `aws/rds` key would encrypt it).
 */
export const rdsPerformanceInsightsEncrypted: RuleCheck = (resource) => {
  if (resource.type !== "aws_db_instance" && resource.type !== "aws_rds_cluster_instance") {
    return "not-applicable";
  }
  return [
    ...(booleanAt(resource.config.performance_insights_enabled, "performance_insights_enabled") === true ? [] : ["performance_insights_enabled"]),
    ...(isSet(resource.config.performance_insights_kms_key_id) ? [] : ["performance_insights_kms_key_id"]),
  ];
};

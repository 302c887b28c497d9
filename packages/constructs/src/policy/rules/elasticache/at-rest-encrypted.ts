import { RuleCheck } from "../../policy-pack";
import { booleanAt, isSet } from "../private/terraform-values";

/**
 * An `aws_elasticache_replication_group` encrypts data at rest with a customer-managed key.
 * Findings: `at_rest_encryption_enabled` (not true) and/or `kms_key_id` (unset, so ElastiCache
 * would use its AWS-owned key).
 */
export const elasticacheAtRestEncrypted: RuleCheck = (resource) => {
  if (resource.type !== "aws_elasticache_replication_group") {
    return "not-applicable";
  }
  return [
    ...(booleanAt(resource.config.at_rest_encryption_enabled, "at_rest_encryption_enabled") === true ? [] : ["at_rest_encryption_enabled"]),
    ...(isSet(resource.config.kms_key_id) ? [] : ["kms_key_id"]),
  ];
};

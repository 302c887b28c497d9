import { RuleCheck } from "../../policy-pack";
import { blockAt, booleanAt, isSet } from "../private/terraform-values";

/**
 * An `aws_opensearch_domain` encrypts data at rest with a customer-managed key. Findings:
 * `encrypt_at_rest.enabled` (not true) and/or `encrypt_at_rest.kms_key_id` (unset, so the
 * AWS-managed `aws/es` key would be used).
 */
export const opensearchEncryptedAtRest: RuleCheck = (resource) => {
  if (resource.type !== "aws_opensearch_domain") {
    return "not-applicable";
  }
  const block = blockAt(resource.config.encrypt_at_rest, "encrypt_at_rest") ?? {};
  return [
    ...(booleanAt(block.enabled, "encrypt_at_rest.enabled") === true ? [] : ["encrypt_at_rest.enabled"]),
    ...(isSet(block.kms_key_id) ? [] : ["encrypt_at_rest.kms_key_id"]),
  ];
};

import { RuleCheck } from "../../policy-pack";
import { blockAt, isSet, stringAt } from "../private/terraform-values";

// KMS_DSSE applies two layers of KMS encryption; both use the key in kms_key.
const KMS_ENCRYPTION_TYPES: readonly string[] = ["KMS", "KMS_DSSE"];

/**
 * An `aws_ecr_repository` encrypts its images with a customer-managed KMS key. Findings name the
 * `encryption_configuration` attribute to fix: `encryption_type` (unset or `AES256`: S3-managed
 * keys) and `kms_key` (unset, so ECR would use the AWS-managed `aws/ecr` key).
 */
export const ecrKmsEncrypted: RuleCheck = (resource) => {
  if (resource.type !== "aws_ecr_repository") {
    return "not-applicable";
  }
  const encryption = blockAt(resource.config.encryption_configuration, "encryption_configuration") ?? {};
  const type = stringAt(encryption.encryption_type, "encryption_configuration.encryption_type");
  return [...(type !== undefined && KMS_ENCRYPTION_TYPES.includes(type) ? [] : ["encryption_type"]), ...(isSet(encryption.kms_key) ? [] : ["kms_key"])];
};

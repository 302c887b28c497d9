import { RuleCheck } from "../../policy-pack";
import { isExpression, isSet, stringAt } from "../private/terraform-values";

// The AWS managed key of AWS Backup: its policy cannot be edited, so access to it cannot be revoked.
const AWS_MANAGED_BACKUP_KEY = /:alias\/aws\/backup$/;

/**
 * An `aws_backup_vault` encrypts its recovery points with a customer-managed KMS key: `kms_key_arn`
 * is set and is not the `alias/aws/backup` AWS managed key (a reference to a key of the stack counts).
 */
export const backupVaultEncrypted: RuleCheck = (resource) => {
  if (resource.type !== "aws_backup_vault") {
    return "not-applicable";
  }
  const value = resource.config.kms_key_arn;
  if (!isSet(value)) {
    return "non-compliant";
  }
  // A reference to a key resource or its alias is fine; only a literal ARN can name the AWS managed key.
  const literal = isExpression(value) ? undefined : stringAt(value, "kms_key_arn");
  return literal !== undefined && AWS_MANAGED_BACKUP_KEY.test(literal) ? "non-compliant" : "compliant";
};

import { RuleCheck } from "../../policy-pack";
import { numberAt } from "../private/terraform-values";

/** The longest waiting period KMS allows before it deletes a key, and its default. */
export const PRODUCTION_KMS_DELETION_WINDOW_DAYS = 30;

const TYPES: readonly string[] = ["aws_kms_key", "aws_kms_replica_key"];

/**
 * An `aws_kms_key` or `aws_kms_replica_key` waits the full 30 days before deletion
 * (`deletion_window_in_days` unset or 30). Finding: `deletion_window_in_days`.
 */
export const kmsKeyFullDeletionWindow: RuleCheck = (resource) => {
  if (!TYPES.includes(resource.type)) {
    return "not-applicable";
  }
  const days = numberAt(resource.config.deletion_window_in_days, "deletion_window_in_days") ?? PRODUCTION_KMS_DELETION_WINDOW_DAYS;
  return days >= PRODUCTION_KMS_DELETION_WINDOW_DAYS ? [] : ["deletion_window_in_days"];
};

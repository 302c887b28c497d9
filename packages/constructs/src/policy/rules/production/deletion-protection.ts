import { RuleCheck } from "../../policy-pack";
import { booleanAt } from "../private/terraform-values";

const TYPES: readonly string[] = ["aws_db_instance", "aws_rds_cluster", "aws_docdb_cluster"];

/** An `aws_db_instance`, `aws_rds_cluster` or `aws_docdb_cluster` has `deletion_protection` true. */
export const databaseDeletionProtection: RuleCheck = (resource) => {
  if (!TYPES.includes(resource.type)) {
    return "not-applicable";
  }
  return booleanAt(resource.config.deletion_protection, "deletion_protection") === true ? "compliant" : "non-compliant";
};

import { managedMasterPassword } from "../private/master-password";

/**
 * An `aws_db_instance` or `aws_rds_cluster` has RDS manage its master password in Secrets Manager
 * (`manage_master_user_password` true) and sets no literal `password` / `password_wo` /
 * `master_password` / `master_password_wo`. Findings: `manage_master_user_password` and/or the key
 * holding a literal. Read replicas are not applicable.
 */
export const rdsManagedMasterPassword = managedMasterPassword(
  ["aws_db_instance", "aws_rds_cluster"],
  ["password", "password_wo", "master_password", "master_password_wo"],
);

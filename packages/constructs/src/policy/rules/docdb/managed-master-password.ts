import { managedMasterPassword } from "../private/master-password";

/**
 * An `aws_docdb_cluster` has DocumentDB manage its master password in Secrets Manager
 * (`manage_master_user_password` true) and sets no literal `master_password` /
 * `master_password_wo`. Findings: `manage_master_user_password` and/or the key holding a literal.
 */
export const docdbManagedMasterPassword = managedMasterPassword(["aws_docdb_cluster"], ["master_password", "master_password_wo"]);

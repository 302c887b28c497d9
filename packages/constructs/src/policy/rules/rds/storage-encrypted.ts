import { storageEncryptedWithKey } from "../private/storage-encryption";

/**
 * An `aws_db_instance` or Aurora/Multi-AZ `aws_rds_cluster` encrypts its storage with a
 * customer-managed key. Findings: `storage_encrypted` (not true) and/or `kms_key_id` (unset, so RDS
 * would use the AWS-managed `aws/rds` key). Read replicas inherit their source's encryption.
 */
export const rdsStorageEncrypted = storageEncryptedWithKey(["aws_db_instance", "aws_rds_cluster"]);

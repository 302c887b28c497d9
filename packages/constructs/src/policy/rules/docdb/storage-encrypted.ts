import { storageEncryptedWithKey } from "../private/storage-encryption";

/**
 * An `aws_docdb_cluster` encrypts its storage with a customer-managed key. Findings:
 * `storage_encrypted` (not true; DocumentDB defaults to unencrypted) and/or `kms_key_id` (unset).
 */
export const docdbStorageEncrypted = storageEncryptedWithKey(["aws_docdb_cluster"]);

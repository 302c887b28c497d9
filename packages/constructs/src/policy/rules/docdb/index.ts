export { docdbAuditLogs } from "./audit-logs";
export { DOCDB_MIN_BACKUP_RETENTION_DAYS, docdbBackupRetention } from "./backup-retention";
export { docdbManagedMasterPassword } from "./managed-master-password";
export { docdbStorageEncrypted } from "./storage-encrypted";
export { docdbTlsEnabled } from "./tls-enabled";

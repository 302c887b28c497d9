export { RDS_MIN_BACKUP_RETENTION_DAYS, rdsBackupRetention } from "./backup-retention";
export { RDS_REQUIRED_LOG_EXPORTS, rdsLogExports } from "./log-exports";
export { rdsManagedMasterPassword } from "./managed-master-password";
export { rdsNotPubliclyAccessible } from "./not-publicly-accessible";
export { rdsPerformanceInsightsEncrypted } from "./performance-insights-encrypted";
export { rdsStorageEncrypted } from "./storage-encrypted";
export { rdsTlsRequired } from "./tls-required";

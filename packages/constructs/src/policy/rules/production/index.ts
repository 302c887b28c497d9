export { databaseProductionBackupRetention, PRODUCTION_MIN_BACKUP_RETENTION_DAYS } from "./backup-retention";
export { databaseDeletionProtection } from "./deletion-protection";
export { elasticacheMultiAzFailover } from "./elasticache-multi-az";
export { databaseFinalSnapshot } from "./final-snapshot";
export { databaseMultiAz } from "./multi-az";
export { opensearchHighlyAvailable } from "./opensearch-highly-available";
export { STATEFUL_RESOURCE_TYPES, statefulResourcePreventDestroy } from "./prevent-destroy";

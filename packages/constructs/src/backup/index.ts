export { BACKUP_ROLE_MANAGED_POLICY_ARNS, BackupPlan, CONTINUOUS_BACKUP_MAX_RETENTION_DAYS } from "./backup-plan";
export type { BackupPlanProps } from "./backup-plan";
export { BACKUP_VAULT_ALERT_EVENTS, BackupVault, RECOVERY_POINT_PROTECTED_ACTIONS } from "./backup-vault";
export type { BackupVaultProps } from "./backup-vault";
export * from "./logical-dump-cron-job";
export * from "./restore-plan";

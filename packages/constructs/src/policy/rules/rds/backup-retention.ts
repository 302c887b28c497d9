import { backupRetentionAtLeast } from "../private/backup-retention";

/** Days of automated backups every environment keeps, enough to restore to before a bad week of changes. */
export const RDS_MIN_BACKUP_RETENTION_DAYS = 7;

/**
 * An `aws_db_instance` or `aws_rds_cluster` keeps automated backups for at least 7 days
 * (`backup_retention_period`; unset means AWS's default of 1). Read replicas are not applicable.
 */
export const rdsBackupRetention = backupRetentionAtLeast(["aws_db_instance", "aws_rds_cluster"], RDS_MIN_BACKUP_RETENTION_DAYS);

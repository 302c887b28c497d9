import { backupRetentionAtLeast } from "../private/backup-retention";

/** Days of automated backups every environment keeps. */
export const DOCDB_MIN_BACKUP_RETENTION_DAYS = 7;

/** An `aws_docdb_cluster` keeps automated backups for at least 7 days (`backup_retention_period`; unset means 1). */
export const docdbBackupRetention = backupRetentionAtLeast(["aws_docdb_cluster"], DOCDB_MIN_BACKUP_RETENTION_DAYS);

import { backupRetentionAtLeast } from "../private/backup-retention";

/** Days of automated backups production keeps: two weeks, so a problem found a week late can still be undone. */
export const PRODUCTION_MIN_BACKUP_RETENTION_DAYS = 14;

/**
 * An `aws_db_instance`, `aws_rds_cluster` or `aws_docdb_cluster` keeps automated backups for at
 * least 14 days. Read replicas are not applicable.
 */
export const databaseProductionBackupRetention = backupRetentionAtLeast(
  ["aws_db_instance", "aws_rds_cluster", "aws_docdb_cluster"],
  PRODUCTION_MIN_BACKUP_RETENTION_DAYS,
);

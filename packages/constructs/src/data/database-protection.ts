/**
 * Retention and protection shared by the databases (MySQL and DocumentDB). The defaults are the
 * production ones; a cheaper environment turns them down explicitly.
 */
export interface DatabaseProtectionProps {
  /**
   * Days of automated backups, the point-in-time recovery horizon: 7 to 35.
   * @default 14
   */
  readonly backupRetentionDays?: number;
  /**
   * Refuse deletion through the service API (a console click or `terraform destroy` fails until it
   * is turned off).
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Take a snapshot named `<name>-final` when the database is deleted.
   * @default true
   */
  readonly finalSnapshot?: boolean;
  /**
   * Refuse `terraform destroy` of the database (`lifecycle.prevent_destroy`).
   * @default true
   */
  readonly preventDestroy?: boolean;
  /**
   * Retention of the database's log groups, in days; one of the periods CloudWatch Logs accepts.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Value of the `backup` tag, by which the environment's AWS Backup plan selects resources.
   * @default "openedx"
   */
  readonly backupPlanTag?: string;
}

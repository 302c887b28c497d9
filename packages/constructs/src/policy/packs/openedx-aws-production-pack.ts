import { PolicyPack } from "../policy-pack";
import {
  backupVaultCompliance,
  dailyBackupRetention,
  databaseBackupTag,
  databaseDeletionProtection,
  databaseFinalSnapshot,
  databaseMultiAz,
  databaseProductionBackupRetention,
  elasticacheMultiAzFailover,
  kmsKeyFullDeletionWindow,
  opensearchHighlyAvailable,
  statefulResourcePreventDestroy,
} from "../rules/production";

/**
 * The extra guardrails of production stacks, checked together with the OpenedxAws pack: data
 * survives an availability-zone failure, a mistaken `terraform destroy` and a problem found two
 * weeks late. Staging stacks leave this pack out, so they can run single-AZ and be torn down.
 *
 * Rule ids are `OpenedxAwsProduction-<AREA><n>`: `DB` for the RDS and DocumentDB databases, `EC`
 * for ElastiCache, `OS` for OpenSearch, `TF` for Terraform lifecycle settings, `KMS` for KMS keys
 * and `BACKUP` for AWS Backup. Ids are API, kept for life and never reused.
 */
export const OPENEDX_AWS_PRODUCTION_PACK: PolicyPack = {
  name: "OpenedxAwsProduction",
  rules: [
    {
      id: "OpenedxAwsProduction-DB1",
      level: "error",
      cause: "the production database can be deleted through the API",
      explanation:
        "deletion protection makes RDS and DocumentDB refuse a delete until it is turned off, a second step that a mistaken command or console click does not take; set deletion_protection to true",
      check: databaseDeletionProtection,
    },
    {
      id: "OpenedxAwsProduction-DB2",
      level: "error",
      cause: "the production database skips its final snapshot when deleted",
      explanation:
        "automated backups are deleted with the database, so the final snapshot is the last copy of the data; leave skip_final_snapshot unset or false and set final_snapshot_identifier",
      check: databaseFinalSnapshot,
    },
    {
      id: "OpenedxAwsProduction-DB3",
      level: "error",
      cause: "the production database keeps automated backups for fewer than 14 days",
      explanation:
        "a corruption or bad migration noticed a week later must still be restorable to before it happened; set backup_retention_period to at least 14",
      check: databaseProductionBackupRetention,
    },
    {
      id: "OpenedxAwsProduction-DB4",
      level: "error",
      cause: "the production database does not survive the loss of an availability zone",
      explanation:
        "a single instance is down for the whole of a zone outage or a host failure; set multi_az to true on an RDS instance, and give an Aurora or DocumentDB cluster at least 2 instances in this stack so one can be promoted",
      check: databaseMultiAz,
    },
    {
      id: "OpenedxAwsProduction-EC1",
      level: "error",
      cause: "the production ElastiCache replication group does not fail over across availability zones",
      explanation:
        "the Celery broker and the cache are on the path of every request; set automatic_failover_enabled and multi_az_enabled to true with num_cache_clusters of at least 2, so a replica in another zone takes over",
      check: elasticacheMultiAzFailover,
    },
    {
      id: "OpenedxAwsProduction-OS1",
      level: "error",
      cause: "the production OpenSearch domain is not zone-aware with dedicated master nodes",
      explanation:
        "zone awareness keeps a replica of every shard in another zone, and dedicated masters keep the cluster state stable under load; set cluster_config.zone_awareness_enabled and dedicated_master_enabled to true",
      check: opensearchHighlyAvailable,
    },
    {
      id: "OpenedxAwsProduction-TF1",
      level: "error",
      cause: "the production stateful resource can be destroyed by Terraform",
      explanation:
        "a plan that replaces or removes a database, bucket or key destroys its data (or the means to decrypt it); set lifecycle.prevent_destroy to true (the preventDestroy prop of the constructs) so Terraform refuses such a plan",
      check: statefulResourcePreventDestroy,
    },
    {
      id: "OpenedxAwsProduction-KMS1",
      level: "error",
      cause: "the production KMS key can be deleted after less than 30 days",
      explanation:
        "deleting a key makes everything encrypted with it unreadable for good, backups included, and the waiting period is the only time left to notice and cancel; leave deletion_window_in_days unset or set it to 30",
      check: kmsKeyFullDeletionWindow,
    },
    {
      id: "OpenedxAwsProduction-BACKUP1",
      level: "error",
      cause: "the production AWS Backup vault is not locked in compliance mode",
      explanation:
        "without a compliance-mode lock, anyone with enough IAM permissions (or a stolen administrator credential) can delete the recovery points along with the data they protect; add an aws_backup_vault_lock_configuration in this stack naming the vault in backup_vault_name, with changeable_for_days set (the grace period, at least 3, after which the lock cannot be removed) and min_retention_days and max_retention_days bracketing the plan's retention",
      check: backupVaultCompliance,
    },
    {
      id: "OpenedxAwsProduction-BACKUP2",
      level: "error",
      cause: "a daily rule of the production AWS Backup plan keeps its recovery points for fewer than 35 days",
      explanation:
        "a corruption, a deleted course or a ransomware encryption noticed weeks later must still be restorable from before it happened, past the databases' own 14 days of automated backups; set lifecycle.delete_after to at least 35 on every rule whose schedule runs every day (the finding names the rule_name)",
      check: dailyBackupRetention,
    },
    {
      id: "OpenedxAwsProduction-DB5",
      level: "error",
      cause: "the production database has no backup tag, so AWS Backup does not select it",
      explanation:
        "the environment's AWS Backup selection picks resources by their backup tag, so an untagged database gets no backups outside its own account and no vault-locked copy; set tags.backup (the backupPlanTag prop of the database constructs, openedx by default)",
      check: databaseBackupTag,
    },
  ],
};

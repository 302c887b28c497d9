import { RuleCheck } from "../../policy-pack";
import { blockAt, booleanAt } from "../private/terraform-values";

/**
 * Resources whose destruction loses data (or, for a KMS key, the means to read it; for a hosted
 * zone, its name servers and so the domain's delegation; for a backup vault, its recovery points;
 * for an ECR repository, the images the cluster runs).
 */
export const STATEFUL_RESOURCE_TYPES = [
  "aws_db_instance",
  "aws_rds_cluster",
  "aws_docdb_cluster",
  "aws_elasticache_replication_group",
  "aws_opensearch_domain",
  "aws_s3_bucket",
  "aws_kms_key",
  "aws_route53_zone",
  "aws_backup_vault",
  "aws_ecr_repository",
] as const;

/** A resource of a {@link STATEFUL_RESOURCE_TYPES} type sets `lifecycle.prevent_destroy` true. */
export const statefulResourcePreventDestroy: RuleCheck = (resource) => {
  if (!(STATEFUL_RESOURCE_TYPES as readonly string[]).includes(resource.type)) {
    return "not-applicable";
  }
  const lifecycle = blockAt(resource.config.lifecycle, "lifecycle");
  return booleanAt(lifecycle?.prevent_destroy, "lifecycle.prevent_destroy") === true ? "compliant" : "non-compliant";
};

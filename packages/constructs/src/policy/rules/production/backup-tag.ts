import { RuleCheck } from "../../policy-pack";
import { isReadReplica } from "../private/read-replicas";
import { blockAt, stringAt } from "../private/terraform-values";

const TYPES: readonly string[] = ["aws_db_instance", "aws_rds_cluster", "aws_docdb_cluster"];

/**
 * An `aws_db_instance`, `aws_rds_cluster` or `aws_docdb_cluster` carries a non-empty `backup` tag
 * in `tags`, which the environment's AWS Backup selection matches. Read replicas are not
 * applicable: their source is the copy to back up.
 */
export const databaseBackupTag: RuleCheck = (resource) => {
  if (!TYPES.includes(resource.type) || isReadReplica(resource)) {
    return "not-applicable";
  }
  const tags = blockAt(resource.config.tags, "tags");
  const value = stringAt(tags?.backup, "tags.backup");
  return value !== undefined && value.trim() !== "" ? "compliant" : "non-compliant";
};

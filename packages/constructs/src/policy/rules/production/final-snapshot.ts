import { RuleCheck } from "../../policy-pack";
import { isReadReplica } from "../private/read-replicas";
import { booleanAt } from "../private/terraform-values";

const TYPES: readonly string[] = ["aws_db_instance", "aws_rds_cluster", "aws_docdb_cluster"];

/**
 * An `aws_db_instance`, `aws_rds_cluster` or `aws_docdb_cluster` takes a final snapshot when it is
 * deleted: `skip_final_snapshot` is not true (unset means false). Read replicas are not applicable:
 * RDS takes no final snapshot of a replica.
 */
export const databaseFinalSnapshot: RuleCheck = (resource) => {
  if (!TYPES.includes(resource.type) || isReadReplica(resource)) {
    return "not-applicable";
  }
  return booleanAt(resource.config.skip_final_snapshot, "skip_final_snapshot") === true ? "non-compliant" : "compliant";
};

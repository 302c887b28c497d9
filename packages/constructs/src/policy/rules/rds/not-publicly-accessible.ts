import { RuleCheck } from "../../policy-pack";
import { booleanAt } from "../private/terraform-values";

/**
 * An `aws_db_instance` or `aws_rds_cluster_instance` is not publicly accessible
 * (`publicly_accessible` false or unset, which AWS treats as false). Aurora clusters have no such
 * setting; their instances do.
 */
export const rdsNotPubliclyAccessible: RuleCheck = (resource) => {
  if (resource.type !== "aws_db_instance" && resource.type !== "aws_rds_cluster_instance") {
    return "not-applicable";
  }
  return booleanAt(resource.config.publicly_accessible, "publicly_accessible") === true ? "non-compliant" : "compliant";
};

import { RuleCheck } from "../../policy-pack";
import { ParameterGroupLink, parameterGroupOf, parameterValue } from "../private/parameter-groups";
import { mysqlFamilyOf } from "./private/engine";

const LINKS: Readonly<Record<string, ParameterGroupLink>> = {
  aws_db_instance: { key: "parameter_group_name", type: "aws_db_parameter_group" },
  aws_rds_cluster: { key: "db_cluster_parameter_group_name", type: "aws_rds_cluster_parameter_group" },
};

/**
 * An `aws_db_instance` or `aws_rds_cluster` of a MySQL-family engine uses a parameter group of
 * this stack (matched through `${...name}`, `${...id}` or the literal name) that sets
 * `require_secure_transport` to `ON` or `1`. Without a group the engine default (`OFF`) applies,
 * which is non-compliant; a group that is not in this stack cannot be read, so the rule throws.
 * Other engines are not applicable.
 */
export const rdsTlsRequired: RuleCheck = (resource, stack) => {
  const link = LINKS[resource.type];
  if (link === undefined || mysqlFamilyOf(resource, stack) === undefined) {
    return "not-applicable";
  }
  const group = parameterGroupOf(resource, link, stack);
  const value = group && parameterValue(group, "require_secure_transport");
  return value !== undefined && ["on", "1"].includes(value.toLowerCase()) ? "compliant" : "non-compliant";
};

import { RuleCheck } from "../../policy-pack";
import { parameterGroupOf, parameterValue } from "../private/parameter-groups";

/**
 * An `aws_docdb_cluster` requires TLS: the `tls` parameter of its cluster parameter group is not
 * `disabled`. DocumentDB enables TLS in the default group and in every family's defaults, so a
 * cluster without a group, or a group that leaves `tls` unset, is compliant; a group that is not in
 * this stack cannot be read, so the rule throws.
 */
export const docdbTlsEnabled: RuleCheck = (resource, stack) => {
  if (resource.type !== "aws_docdb_cluster") {
    return "not-applicable";
  }
  const group = parameterGroupOf(resource, { key: "db_cluster_parameter_group_name", type: "aws_docdb_cluster_parameter_group" }, stack);
  const tls = group && parameterValue(group, "tls");
  return tls !== undefined && tls.toLowerCase() === "disabled" ? "non-compliant" : "compliant";
};

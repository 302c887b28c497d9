import { RuleCheck } from "../../policy-pack";
import { parameterGroupOf, parameterValue } from "../private/parameter-groups";
import { literalStringListAt } from "../private/terraform-values";

const DISABLED: readonly string[] = ["disabled", "none"];

/**
 * An `aws_docdb_cluster` exports its audit log to CloudWatch Logs. DocumentDB writes audit events
 * only when the cluster parameter group turns them on, so there are two findings: `audit` (not in
 * `enabled_cloudwatch_logs_exports`) and `audit_logs` (the parameter group of this stack that the
 * cluster names leaves `audit_logs` unset, `disabled` or `none`; the default group disables it).
 */
export const docdbAuditLogs: RuleCheck = (resource, stack) => {
  if (resource.type !== "aws_docdb_cluster") {
    return "not-applicable";
  }
  const exported = literalStringListAt(resource.config.enabled_cloudwatch_logs_exports, "enabled_cloudwatch_logs_exports") ?? [];
  const group = parameterGroupOf(resource, { key: "db_cluster_parameter_group_name", type: "aws_docdb_cluster_parameter_group" }, stack);
  const auditLogs = group && parameterValue(group, "audit_logs");
  return [
    ...(exported.includes("audit") ? [] : ["audit"]),
    ...(auditLogs !== undefined && !DISABLED.includes(auditLogs.toLowerCase()) ? [] : ["audit_logs"]),
  ];
};

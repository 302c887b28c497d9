import { RuleCheck } from "../../policy-pack";
import { literalStringListAt } from "../private/terraform-values";
import { MysqlFamily, mysqlFamilyOf } from "./private/engine";

/**
 * The log types a MySQL-family database must export to CloudWatch Logs. RDS MySQL writes its
 * audit log only through an option group plugin, so `audit` is required of Aurora MySQL alone.
 */
export const RDS_REQUIRED_LOG_EXPORTS: Readonly<Record<MysqlFamily, readonly string[]>> = {
  mysql: ["error", "slowquery"],
  "aurora-mysql": ["audit", "error", "slowquery"],
};

/**
 * An `aws_db_instance` or `aws_rds_cluster` of a MySQL-family engine exports the required log
 * types (`enabled_cloudwatch_logs_exports`, see {@link RDS_REQUIRED_LOG_EXPORTS}); one finding per
 * missing type, e.g. `slowquery`. Other engines are not applicable.
 */
export const rdsLogExports: RuleCheck = (resource, stack) => {
  if (resource.type !== "aws_db_instance" && resource.type !== "aws_rds_cluster") {
    return "not-applicable";
  }
  const family = mysqlFamilyOf(resource, stack);
  if (family === undefined) {
    return "not-applicable";
  }
  const exported = literalStringListAt(resource.config.enabled_cloudwatch_logs_exports, "enabled_cloudwatch_logs_exports") ?? [];
  return RDS_REQUIRED_LOG_EXPORTS[family].filter((type) => !exported.includes(type));
};

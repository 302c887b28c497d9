import { SynthesizedResource, SynthesizedStackView } from "../../../policy-pack";
import { resourceNamedBy } from "../../private/named-resources";
import { stringAt } from "../../private/terraform-values";

/** The MySQL family of an engine: `mysql` for RDS MySQL and MariaDB (instances and Multi-AZ DB clusters), `aurora-mysql` for Aurora. */
export type MysqlFamily = "mysql" | "aurora-mysql";

const FAMILIES: Readonly<Record<string, MysqlFamily>> = {
  mysql: "mysql",
  mariadb: "mysql",
  "aurora-mysql": "aurora-mysql",
  // Aurora MySQL 1 (MySQL 5.6 compatible) was called "aurora".
  aurora: "aurora-mysql",
};

/**
 * The MySQL family of an `aws_db_instance` or `aws_rds_cluster`, or undefined for another engine
 * (PostgreSQL, Oracle, SQL Server), whose log types and TLS parameter differ.
 */
export function mysqlFamilyOf(resource: SynthesizedResource, stack: SynthesizedStackView): MysqlFamily | undefined {
  return FAMILIES[engineOf(resource, stack, new Set())];
}

// A read replica may leave engine unset and inherit its source's, found through replicate_source_db.
function engineOf(resource: SynthesizedResource, stack: SynthesizedStackView, seen: Set<SynthesizedResource>): string {
  const where = seen.size === 0 ? "engine" : `engine of ${resource.address}`;
  const engine = stringAt(resource.config.engine, where);
  if (engine !== undefined && engine !== "") {
    return engine;
  }
  seen.add(resource);
  const source = resource.config.replicate_source_db;
  if (resource.type === "aws_db_instance" && typeof source === "string" && source !== "") {
    const by = { type: "aws_db_instance", attributes: ["identifier", "arn", "id"], nameKey: "identifier" };
    const primary = resourceNamedBy(source, `replicate_source_db of ${resource.address}`, by, stack);
    if (primary && !seen.has(primary)) {
      return engineOf(primary, stack, seen);
    }
  }
  throw new Error(`${where} is unset and cannot be inherited from a source instance of this stack; set engine so the rule knows which engine applies`);
}

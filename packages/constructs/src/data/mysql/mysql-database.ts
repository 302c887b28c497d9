import { IConstruct } from "constructs";
import { KmsKey } from "../../encryption/kms-key";
import { Network } from "../../network/network";
import { DatabaseProtectionProps } from "../database-protection";

/** The engines behind {@link IMysqlDatabase}: RDS for MySQL, or Aurora MySQL. */
export type MysqlDatabaseEngine = "mysql" | "aurora-mysql";

/** The port every MySQL database of this library listens on. */
export const MYSQL_PORT = 3306;

/** The instance class both engines use unless told otherwise: Graviton, memory-optimised, 2 vCPU / 16 GiB. */
export const DEFAULT_MYSQL_INSTANCE_CLASS = "db.r7g.large";

/**
 * The certificate authority of the server certificates. RSA 2048 is what every MySQL client and
 * the RDS global trust bundle support; the older rds-ca-2019 expired in 2024.
 */
export const RDS_CA_CERT_IDENTIFIER = "rds-ca-rsa2048-g1";

/** The log streams a MySQL database can publish to CloudWatch Logs, as RDS names them. */
export type MysqlLogType = "audit" | "error" | "general" | "slowquery";

/**
 * Statement classes the audit log can record. RDS for MySQL (MariaDB Audit Plugin) has
 * `QUERY_DML_NO_SELECT` but not `TABLE`; Aurora (Advanced Auditing) has `TABLE` but not
 * `QUERY_DML_NO_SELECT`.
 */
export type MysqlAuditEvent = "CONNECT" | "QUERY" | "QUERY_DCL" | "QUERY_DDL" | "QUERY_DML" | "QUERY_DML_NO_SELECT" | "TABLE";

/**
 * What is audited unless told otherwise: logins (successful and failed), grants and user changes,
 * and schema changes. Data queries are left out: recording every SELECT of the LMS would cost more
 * in log ingestion than the database itself.
 */
export const DEFAULT_MYSQL_AUDIT_EVENTS: readonly MysqlAuditEvent[] = ["CONNECT", "QUERY_DCL", "QUERY_DDL"];

/**
 * Users the audit log ignores: `rdsadmin` is the account RDS itself uses for health checks and
 * maintenance, which would otherwise fill the log every few seconds.
 */
export const MYSQL_AUDIT_EXCLUDED_USERS: readonly string[] = ["rdsadmin"];

/** The server character set and collation Open edX expects (Tutor's own MySQL runs with these). */
export const MYSQL_CHARACTER_SET_PARAMETERS: Readonly<Record<string, string>> = {
  character_set_server: "utf8mb4",
  collation_server: "utf8mb4_unicode_ci",
};

/**
 * The slow-query and general log settings. `log_output = FILE` is what lets RDS publish the logs to
 * CloudWatch (a `TABLE` log stays inside the database).
 */
export function mysqlLogParameters(slowQueryThresholdSeconds: number, generalLog: boolean): Readonly<Record<string, string>> {
  return {
    slow_query_log: "1",
    long_query_time: String(slowQueryThresholdSeconds),
    log_output: "FILE",
    general_log: generalLog ? "1" : "0",
  };
}

/** The log streams a database exports: error, slow query and audit always, general when asked. */
export function mysqlLogExports(generalLog: boolean): MysqlLogType[] {
  return generalLog ? ["audit", "error", "general", "slowquery"] : ["audit", "error", "slowquery"];
}

/**
 * A MySQL database, whichever engine runs it: what Tutor, the platform and the alarms need to
 * reach and watch it.
 */
export interface IMysqlDatabase extends IConstruct {
  /** `mysql` for RDS for MySQL, `aurora-mysql` for Aurora. */
  readonly engine: MysqlDatabaseEngine;
  /** Host name of the writer (Tutor's `MYSQL_HOST`). @attribute */
  readonly endpoint: string;
  /** Host name that spreads reads across the replicas; the writer's host name on RDS for MySQL. @attribute */
  readonly readerEndpoint: string;
  /** The port, 3306. @attribute */
  readonly port: number;
  /** The master user (Tutor's `MYSQL_ROOT_USERNAME`). */
  readonly masterUsername: string;
  /**
   * The Secrets Manager secret RDS creates and rotates for the master user, a JSON document with
   * `username` and `password`, encrypted with the database key. @attribute
   */
  readonly masterUserSecretArn: string;
  /** The security group of the database; add clients to it through `clientSecurityGroupIds`. @attribute */
  readonly securityGroupId: string;
  /** The DB instance identifier (RDS for MySQL) or DB cluster identifier (Aurora). @attribute */
  readonly databaseIdentifier: string;
  /** The `DBInstanceIdentifier` of every instance, literal strings for CloudWatch alarm dimensions. */
  readonly instanceIdentifiers: string[];
  /** The `DBClusterIdentifier` (Aurora only). @attribute */
  readonly clusterIdentifier?: string;
}

/** Props both MySQL constructs share. */
export interface MysqlDatabaseProps extends DatabaseProtectionProps {
  /**
   * Identifier of the database, e.g. `openedx-production-mysql`: lower-case letters, digits and
   * single hyphens, starting with a letter. It also names the security group, the subnet and
   * parameter groups, the monitoring role, the log groups and the final snapshot (`<name>-final`).
   */
  readonly name: string;
  /** The network whose isolated subnets hold the database. */
  readonly network: Pick<Network, "vpcId" | "isolatedSubnetIds" | "availabilityZones">;
  /** Security groups whose members may connect on 3306, e.g. the EKS cluster security group. At least one. */
  readonly clientSecurityGroupIds: readonly string[];
  /**
   * Key that encrypts the storage, the snapshots, the master user secret and the Performance
   * Insights data (the `databases` key of `EnvironmentKeys`). Storage encryption cannot move to
   * another key in place.
   */
  readonly encryptionKey: KmsKey;
  /**
   * Key of the log groups. Its key policy must let CloudWatch Logs of this region use it (the `logs`
   * key of `EnvironmentKeys` does).
   */
  readonly logsKey: KmsKey;
  /**
   * The DB instance class of every instance.
   * @default "db.r7g.large"
   */
  readonly instanceClass?: string;
  /**
   * Name of the master user: 1-16 letters, digits or `_`, starting with a letter. Its password is
   * generated and kept by RDS in Secrets Manager; it never appears in the Terraform configuration
   * or state.
   * @default "admin"
   */
  readonly masterUsername?: string;
  /**
   * Daily UTC window of the automated backup, `hh24:mi-hh24:mi`, at least 30 minutes, not
   * overlapping the maintenance window.
   * @default "02:00-03:00"
   */
  readonly preferredBackupWindow?: string;
  /**
   * Weekly UTC window for maintenance and minor version upgrades, `ddd:hh24:mi-ddd:hh24:mi` with
   * lower-case days, at least 30 minutes.
   * @default "sun:04:00-sun:05:00"
   */
  readonly preferredMaintenanceWindow?: string;
  /**
   * Record every statement in the general log and export it. Expensive and full of personal data:
   * for a time-boxed investigation only.
   * @default false
   */
  readonly generalLog?: boolean;
  /**
   * Statements that run longer than this many seconds go to the slow query log (`long_query_time`).
   * @default 2
   */
  readonly slowQueryThresholdSeconds?: number;
  /**
   * What the audit log records.
   * @default ["CONNECT", "QUERY_DCL", "QUERY_DDL"]
   */
  readonly auditEvents?: readonly MysqlAuditEvent[];
  /**
   * Days Performance Insights keeps its data: 7 (free), a multiple of 31 up to 713, or 731.
   * @default 7
   */
  readonly performanceInsightsRetentionDays?: number;
  /**
   * Seconds between enhanced-monitoring (OS metric) samples: 1, 5, 10, 15, 30 or 60; 0 turns
   * enhanced monitoring off and creates no monitoring role.
   * @default 60
   */
  readonly monitoringIntervalSeconds?: number;
}

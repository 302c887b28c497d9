import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbOptionGroup } from "@cdktf/provider-aws/lib/db-option-group";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { Token } from "cdktf";
import { Construct } from "constructs";
import {
  IMysqlDatabase,
  MYSQL_AUDIT_EXCLUDED_USERS,
  MYSQL_CHARACTER_SET_PARAMETERS,
  MYSQL_PORT,
  MysqlDatabaseProps,
  mysqlLogParameters,
  RDS_CA_CERT_IDENTIFIER,
} from "./mysql-database";
import { finalSnapshotSettings, mysqlFoundation, parameterBlocks, statefulLifecycle } from "./private/mysql-foundation";
import { mysqlSettings, mysqlSettingsProblems, RDS_MYSQL_RULES, throwIfProblems } from "./private/mysql-settings";

/**
 * The default engine version: the newest 8.4 minor version at creation, kept current by automatic
 * minor upgrades in the maintenance window (the provider treats `8.4` as matching any `8.4.x`).
 */
export const RDS_MYSQL_DEFAULT_ENGINE_VERSION = "8.4";

/** The parameter group family of MySQL 8.4. */
export const RDS_MYSQL_PARAMETER_GROUP_FAMILY = "mysql8.4";

/** Props of an {@link RdsMysqlInstance}. */
export interface RdsMysqlInstanceProps extends MysqlDatabaseProps {
  /**
   * The engine version: `8.4`, or an 8.4 minor version such as `8.4.5` to pin it. Tutor v21/v22
   * requires MySQL 8.4 ("When configuring an external MySQL database, please make sure it is using
   * version 8.4").
   * @default "8.4" - the newest 8.4 minor version, upgraded automatically
   */
  readonly engineVersion?: string;
  /**
   * A synchronous standby in a second availability zone, promoted automatically when the primary
   * or its zone fails.
   * @default true
   */
  readonly multiAz?: boolean;
  /**
   * Storage allocated at creation, in GiB of gp3: 20 to 65536.
   * @default 100
   */
  readonly allocatedStorageGiB?: number;
  /**
   * Ceiling for storage autoscaling, in GiB: RDS grows the volume up to this size when free space
   * runs low. Greater than `allocatedStorageGiB`, at most 65536.
   * @default 1000
   */
  readonly maxAllocatedStorageGiB?: number;
}

/**
 * RDS for MySQL 8.4, the database Tutor v21 (Ulmo) and v22 (Verawood) are built for.
 *
 * Defaults are the production ones:
 * - Multi-AZ, gp3 storage with autoscaling, in the isolated subnets, not publicly accessible,
 *   reachable on 3306 only from the client security groups;
 * - storage, snapshots, the master user secret and Performance Insights encrypted with the
 *   database key; the master password is generated and kept by RDS in Secrets Manager, so it
 *   never appears in the Terraform configuration or state;
 * - TLS required (`require_secure_transport`), utf8mb4 with `utf8mb4_unicode_ci`;
 * - the error, slow query and audit logs (MariaDB Audit Plugin option) go to KMS-encrypted,
 *   retention-bound log groups that exist before the instance;
 * - enhanced monitoring, Performance Insights, IAM database authentication;
 * - 14 days of point-in-time recovery, deletion protection, a final snapshot, and
 *   `prevent_destroy`; tagged `backup` for the AWS Backup plan.
 *
 * Construct ids are API (changing one replaces the resource): `Resource` (the instance),
 * `SecurityGroup`, `SubnetGroup`, `ParameterGroup`, `OptionGroup`, `MonitoringRole` and
 * `LogGroup-<type>` per exported log.
 *
 * @resource aws_db_instance
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_MySQL.html
 */
export class RdsMysqlInstance extends Construct implements IMysqlDatabase {
  readonly engine = "mysql" as const;
  /** Host name of the instance (Tutor's `MYSQL_HOST`). @attribute */
  readonly endpoint: string;
  /** The same host name as {@link endpoint}: a single instance has no reader endpoint. @attribute */
  readonly readerEndpoint: string;
  readonly port = MYSQL_PORT;
  readonly masterUsername: string;
  /** The Secrets Manager secret RDS creates and rotates for the master user (`username`, `password`), encrypted with the database key. @attribute */
  readonly masterUserSecretArn: string;
  /** The instance's security group; clients are admitted through `clientSecurityGroupIds`. @attribute */
  readonly securityGroupId: string;
  /** The DB instance identifier, as a reference (depending on it orders after the instance). @attribute */
  readonly databaseIdentifier: string;
  readonly instanceIdentifiers: string[];
  readonly clusterIdentifier = undefined;
  /** The DB instance ARN, as IAM policies and AWS Backup's recovery points name it. @attribute */
  readonly instanceArn: string;
  /** Names of the log groups RDS publishes to, one per exported log. */
  readonly logGroupNames: string[];
  /** The enhanced-monitoring role; absent when `monitoringIntervalSeconds` is 0. @attribute */
  readonly monitoringRoleArn?: string;
  /** The instance resource. */
  readonly resource: DbInstance;

  constructor(scope: Construct, id: string, props: RdsMysqlInstanceProps) {
    super(scope, id);
    const settings = mysqlSettings(props);
    const engineVersion = props.engineVersion ?? RDS_MYSQL_DEFAULT_ENGINE_VERSION;
    const allocatedStorageGiB = props.allocatedStorageGiB ?? 100;
    const maxAllocatedStorageGiB = props.maxAllocatedStorageGiB ?? 1000;
    throwIfProblems(this, [
      ...mysqlSettingsProblems(props, settings, RDS_MYSQL_RULES),
      ...instanceProblems(engineVersion, allocatedStorageGiB, maxAllocatedStorageGiB),
    ]);

    const foundation = mysqlFoundation(this, props, settings, `/aws/rds/instance/${settings.name}`);

    const parameterGroup = new DbParameterGroup(this, "ParameterGroup", {
      name: settings.name,
      family: RDS_MYSQL_PARAMETER_GROUP_FAMILY,
      description: `MySQL 8.4 settings of ${settings.name}`,
      parameter: parameterBlocks({
        // RDS for MySQL takes 0/1 here; "ON" is stored as given and shows as a change on every plan.
        require_secure_transport: "1",
        ...MYSQL_CHARACTER_SET_PARAMETERS,
        ...mysqlLogParameters(settings.slowQueryThresholdSeconds, settings.generalLog),
      }),
    });

    // The audit log of RDS for MySQL is the MariaDB Audit Plugin, an option (supported on every 8.4 version).
    const optionGroup = new DbOptionGroup(this, "OptionGroup", {
      name: settings.name,
      engineName: "mysql",
      majorEngineVersion: "8.4",
      optionGroupDescription: `Audit plugin of ${settings.name}`,
      option: [
        {
          optionName: "MARIADB_AUDIT_PLUGIN",
          optionSettings: [
            { name: "SERVER_AUDIT_EVENTS", value: settings.auditEvents.join(",") },
            { name: "SERVER_AUDIT_EXCL_USERS", value: MYSQL_AUDIT_EXCLUDED_USERS.join(",") },
          ],
        },
      ],
    });

    this.resource = new DbInstance(this, "Resource", {
      identifier: settings.name,
      engine: "mysql",
      engineVersion,
      autoMinorVersionUpgrade: true,
      // Past the end of standard support RDS upgrades the major version instead of billing Extended Support.
      engineLifecycleSupport: "open-source-rds-extended-support-disabled",
      instanceClass: settings.instanceClass,
      multiAz: props.multiAz ?? true,
      storageType: "gp3",
      allocatedStorage: allocatedStorageGiB,
      maxAllocatedStorage: maxAllocatedStorageGiB,
      storageEncrypted: true,
      kmsKeyId: props.encryptionKey.keyArn,
      port: MYSQL_PORT,
      dbSubnetGroupName: foundation.subnetGroup.name,
      vpcSecurityGroupIds: [foundation.securityGroup.securityGroupId],
      publiclyAccessible: false,
      caCertIdentifier: RDS_CA_CERT_IDENTIFIER,
      parameterGroupName: parameterGroup.name,
      optionGroupName: optionGroup.name,
      username: settings.masterUsername,
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: props.encryptionKey.keyArn,
      iamDatabaseAuthenticationEnabled: true,
      backupRetentionPeriod: settings.backupRetentionDays,
      backupWindow: settings.preferredBackupWindow,
      maintenanceWindow: settings.preferredMaintenanceWindow,
      copyTagsToSnapshot: true,
      // Automated backups outlive the instance for their retention period, as a second way back.
      deleteAutomatedBackups: false,
      deletionProtection: settings.deletionProtection,
      ...finalSnapshotSettings(settings),
      enabledCloudwatchLogsExports: foundation.logExports,
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: props.encryptionKey.keyArn,
      performanceInsightsRetentionPeriod: settings.performanceInsightsRetentionDays,
      monitoringInterval: settings.monitoringIntervalSeconds,
      monitoringRoleArn: foundation.monitoringRole?.roleArn,
      tags: { backup: settings.backupPlanTag },
      lifecycle: statefulLifecycle(settings),
      dependsOn: foundation.dependencies,
    });

    this.endpoint = this.resource.address;
    this.readerEndpoint = this.resource.address;
    this.masterUsername = settings.masterUsername;
    this.masterUserSecretArn = this.resource.masterUserSecret.get(0).secretArn;
    this.securityGroupId = foundation.securityGroup.securityGroupId;
    this.databaseIdentifier = this.resource.identifier;
    this.instanceIdentifiers = [settings.name];
    this.instanceArn = this.resource.arn;
    this.logGroupNames = foundation.logGroups.map((group) => group.logGroupName);
    this.monitoringRoleArn = foundation.monitoringRole?.roleArn;
  }
}

const ENGINE_VERSION = /^8\.4(\.\d+)?$/;
const MAX_GP3_GIB = 65536;

function instanceProblems(engineVersion: string, allocatedStorageGiB: number, maxAllocatedStorageGiB: number): string[] {
  const problems: string[] = [];
  if (!Token.isUnresolved(engineVersion) && !ENGINE_VERSION.test(engineVersion)) {
    problems.push(`engineVersion must be "8.4" or an 8.4 minor version such as "8.4.5", the MySQL release Tutor requires, got "${engineVersion}"`);
  }
  const allocatedKnown = !Token.isUnresolved(allocatedStorageGiB);
  const allocatedValid = Number.isInteger(allocatedStorageGiB) && allocatedStorageGiB >= 20 && allocatedStorageGiB <= MAX_GP3_GIB;
  if (allocatedKnown && !allocatedValid) {
    problems.push(`allocatedStorageGiB must be a whole number of GiB from 20 to ${MAX_GP3_GIB} (gp3), got ${allocatedStorageGiB}`);
  }
  if (
    allocatedKnown &&
    allocatedValid &&
    !Token.isUnresolved(maxAllocatedStorageGiB) &&
    !(Number.isInteger(maxAllocatedStorageGiB) && maxAllocatedStorageGiB > allocatedStorageGiB && maxAllocatedStorageGiB <= MAX_GP3_GIB)
  ) {
    problems.push(
      `maxAllocatedStorageGiB must be a whole number of GiB greater than allocatedStorageGiB (${allocatedStorageGiB}) and at most ${MAX_GP3_GIB}, got ${maxAllocatedStorageGiB}`,
    );
  }
  return problems;
}

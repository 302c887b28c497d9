import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { RdsCluster } from "@cdktf/provider-aws/lib/rds-cluster";
import { RdsClusterInstance } from "@cdktf/provider-aws/lib/rds-cluster-instance";
import { RdsClusterParameterGroup } from "@cdktf/provider-aws/lib/rds-cluster-parameter-group";
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
import { finalSnapshotSettings, mysqlFoundation, parameterBlocks } from "./private/mysql-foundation";
import { AURORA_MYSQL_RULES, mysqlSettings, mysqlSettingsProblems, throwIfProblems } from "./private/mysql-settings";

/**
 * The default engine version: Aurora MySQL 3.10, the long-term-support release line, compatible
 * with MySQL 8.0.42.
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Update.SpecialVersions.html
 */
export const AURORA_MYSQL_DEFAULT_ENGINE_VERSION = "8.0.mysql_aurora.3.10.4";

/** The parameter group family of Aurora MySQL 3. */
export const AURORA_MYSQL_PARAMETER_GROUP_FAMILY = "aurora-mysql8.0";

/** A writer and up to 15 readers. */
const MAX_INSTANCES = 16;

/** Props of an {@link AuroraMysqlCluster}. */
export interface AuroraMysqlClusterProps extends MysqlDatabaseProps {
  /**
   * The Aurora MySQL 3 version the cluster is created with, e.g. `8.0.mysql_aurora.3.10.4`.
   * Automatic minor upgrades move the running cluster on in the maintenance window and Terraform
   * ignores the difference afterwards, so raising this value does not upgrade an existing
   * cluster: upgrade it with `aws rds modify-db-cluster --engine-version`.
   * @default "8.0.mysql_aurora.3.10.4"
   */
  readonly engineVersion?: string;
  /**
   * Instances in the cluster: the first becomes the writer, the others are readers Aurora promotes
   * on failure. They are spread over the network's availability zones in turn. 1 to 16; with 1 a
   * failure means the time to create a new instance.
   * @default 2
   */
  readonly instanceCount?: number;
}

/**
 * An Aurora MySQL 3 cluster (MySQL 8.0 compatible), for environments that want Aurora's storage
 * and fast failover, as the Flux/EKS seed of this platform does.
 *
 * Tutor v21/v22 asks for MySQL 8.4, which Aurora does not offer yet: Open edX runs on 8.0, but test
 * an upgrade against this engine before relying on it. {@link RdsMysqlInstance} is the default of
 * the environment apps.
 *
 * It is configured like {@link RdsMysqlInstance}: isolated subnets, encryption with the database
 * key, a master password kept by RDS in Secrets Manager, TLS required (cluster parameter
 * `require_secure_transport`), utf8mb4, Advanced Auditing (`server_audit_logging`), error, slow
 * query and audit logs in pre-created encrypted log groups, enhanced monitoring and Performance
 * Insights on every instance, IAM database authentication, 14 days of backups, deletion
 * protection, a final snapshot and `prevent_destroy`. The cluster (where Aurora keeps the data and
 * takes its snapshots) carries the `backup` tag and `prevent_destroy`; instances can come and go.
 *
 * Construct ids are API (changing one replaces the resource): `Resource` (the cluster),
 * `Instance1` … `Instance<n>`, `SecurityGroup`, `SubnetGroup`, `ClusterParameterGroup`,
 * `InstanceParameterGroup`, `MonitoringRole` and `LogGroup-<type>` per exported log.
 *
 * @resource aws_rds_cluster
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.AuroraMySQL.html
 */
export class AuroraMysqlCluster extends Construct implements IMysqlDatabase {
  readonly engine = "aurora-mysql" as const;
  /** Host name of the cluster's writer endpoint (Tutor's `MYSQL_HOST`). @attribute */
  readonly endpoint: string;
  /** Host name of the reader endpoint, which spreads connections over the readers. @attribute */
  readonly readerEndpoint: string;
  readonly port = MYSQL_PORT;
  readonly masterUsername: string;
  /** The Secrets Manager secret RDS creates and rotates for the master user (`username`, `password`), encrypted with the database key. @attribute */
  readonly masterUserSecretArn: string;
  /** The cluster's security group; clients are admitted through `clientSecurityGroupIds`. @attribute */
  readonly securityGroupId: string;
  /** The DB cluster identifier, as a reference (depending on it orders after the cluster). @attribute */
  readonly databaseIdentifier: string;
  /** `<name>-1` … `<name>-<n>`. */
  readonly instanceIdentifiers: string[];
  /** The DB cluster identifier as a literal (for alarm dimensions); `databaseIdentifier` is the reference. */
  readonly clusterIdentifier: string;
  /** The DB cluster ARN, as IAM policies and AWS Backup's recovery points name it. @attribute */
  readonly clusterArn: string;
  /** Names of the log groups Aurora publishes to, one per exported log. */
  readonly logGroupNames: string[];
  /** The enhanced-monitoring role; absent when `monitoringIntervalSeconds` is 0. @attribute */
  readonly monitoringRoleArn?: string;
  /** The cluster resource. */
  readonly resource: RdsCluster;
  /** The instance resources, writer candidate first. */
  readonly instances: RdsClusterInstance[];

  constructor(scope: Construct, id: string, props: AuroraMysqlClusterProps) {
    super(scope, id);
    const settings = mysqlSettings(props);
    const engineVersion = props.engineVersion ?? AURORA_MYSQL_DEFAULT_ENGINE_VERSION;
    const instanceCount = props.instanceCount ?? 2;
    throwIfProblems(this, [...mysqlSettingsProblems(props, settings, AURORA_MYSQL_RULES), ...clusterProblems(engineVersion, instanceCount)]);

    const foundation = mysqlFoundation(this, props, settings, `/aws/rds/cluster/${settings.name}`);

    // TLS, character set and auditing are cluster-wide in Aurora; the logs are per instance.
    const clusterParameterGroup = new RdsClusterParameterGroup(this, "ClusterParameterGroup", {
      name: settings.name,
      family: AURORA_MYSQL_PARAMETER_GROUP_FAMILY,
      description: `Aurora MySQL 3 cluster settings of ${settings.name}`,
      parameter: parameterBlocks({
        // Aurora's cluster parameter takes ON/OFF, unlike RDS for MySQL's 0/1.
        require_secure_transport: "ON",
        ...MYSQL_CHARACTER_SET_PARAMETERS,
        server_audit_logging: "1",
        server_audit_events: settings.auditEvents.join(","),
        server_audit_excl_users: MYSQL_AUDIT_EXCLUDED_USERS.join(","),
      }),
    });
    const instanceParameterGroup = new DbParameterGroup(this, "InstanceParameterGroup", {
      name: `${settings.name}-instance`,
      family: AURORA_MYSQL_PARAMETER_GROUP_FAMILY,
      description: `Aurora MySQL 3 instance settings of ${settings.name}`,
      parameter: parameterBlocks(mysqlLogParameters(settings.slowQueryThresholdSeconds, settings.generalLog)),
    });

    this.resource = new RdsCluster(this, "Resource", {
      clusterIdentifier: settings.name,
      engine: "aurora-mysql",
      engineMode: "provisioned",
      engineVersion,
      // Past the end of standard support Aurora upgrades the major version instead of billing Extended Support.
      engineLifecycleSupport: "open-source-rds-extended-support-disabled",
      dbClusterParameterGroupName: clusterParameterGroup.name,
      dbSubnetGroupName: foundation.subnetGroup.name,
      vpcSecurityGroupIds: [foundation.securityGroup.securityGroupId],
      port: MYSQL_PORT,
      storageEncrypted: true,
      kmsKeyId: props.encryptionKey.keyArn,
      masterUsername: settings.masterUsername,
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: props.encryptionKey.keyArn,
      iamDatabaseAuthenticationEnabled: true,
      backupRetentionPeriod: settings.backupRetentionDays,
      preferredBackupWindow: settings.preferredBackupWindow,
      preferredMaintenanceWindow: settings.preferredMaintenanceWindow,
      copyTagsToSnapshot: true,
      // Automated backups outlive the cluster for their retention period, as a second way back.
      deleteAutomatedBackups: false,
      deletionProtection: settings.deletionProtection,
      ...finalSnapshotSettings(settings),
      enabledCloudwatchLogsExports: foundation.logExports,
      tags: { backup: settings.backupPlanTag },
      lifecycle: {
        ...(settings.preventDestroy ? { preventDestroy: true } : {}),
        // Automatic minor upgrades move the cluster past the configured version; without this every
        // later plan would propose a downgrade, which RDS refuses.
        ignoreChanges: ["engine_version"],
      },
      dependsOn: foundation.logGroups.map((group) => group.resource),
    });

    const zones = props.network.availabilityZones;
    this.instanceIdentifiers = [];
    this.instances = [];
    for (let index = 0; index < instanceCount; index++) {
      const identifier = `${settings.name}-${index + 1}`;
      this.instanceIdentifiers.push(identifier);
      this.instances.push(
        new RdsClusterInstance(this, `Instance${index + 1}`, {
          identifier,
          clusterIdentifier: this.resource.id,
          engine: "aurora-mysql",
          instanceClass: settings.instanceClass,
          availabilityZone: zones.length > 0 ? zones[index % zones.length] : undefined,
          dbSubnetGroupName: foundation.subnetGroup.name,
          dbParameterGroupName: instanceParameterGroup.name,
          publiclyAccessible: false,
          caCertIdentifier: RDS_CA_CERT_IDENTIFIER,
          autoMinorVersionUpgrade: true,
          preferredMaintenanceWindow: settings.preferredMaintenanceWindow,
          copyTagsToSnapshot: true,
          performanceInsightsEnabled: true,
          performanceInsightsKmsKeyId: props.encryptionKey.keyArn,
          performanceInsightsRetentionPeriod: settings.performanceInsightsRetentionDays,
          monitoringInterval: settings.monitoringIntervalSeconds,
          monitoringRoleArn: foundation.monitoringRole?.roleArn,
          dependsOn: foundation.monitoringRole?.policies,
        }),
      );
    }

    this.endpoint = this.resource.endpoint;
    this.readerEndpoint = this.resource.readerEndpoint;
    this.masterUsername = settings.masterUsername;
    this.masterUserSecretArn = this.resource.masterUserSecret.get(0).secretArn;
    this.securityGroupId = foundation.securityGroup.securityGroupId;
    this.databaseIdentifier = this.resource.clusterIdentifier;
    this.clusterIdentifier = settings.name;
    this.clusterArn = this.resource.arn;
    this.logGroupNames = foundation.logGroups.map((group) => group.logGroupName);
    this.monitoringRoleArn = foundation.monitoringRole?.roleArn;
  }
}

const ENGINE_VERSION = /^8\.0\.mysql_aurora\.3\.\d{2}\.\d+$/;

function clusterProblems(engineVersion: string, instanceCount: number): string[] {
  const problems: string[] = [];
  if (!Token.isUnresolved(engineVersion) && !ENGINE_VERSION.test(engineVersion)) {
    problems.push(`engineVersion must be an Aurora MySQL 3 version such as "${AURORA_MYSQL_DEFAULT_ENGINE_VERSION}", got "${engineVersion}"`);
  }
  if (Token.isUnresolved(instanceCount)) {
    problems.push("instanceCount must be a literal number, as it decides how many instance resources are synthesized");
  } else if (!(Number.isInteger(instanceCount) && instanceCount >= 1 && instanceCount <= MAX_INSTANCES)) {
    problems.push(`instanceCount must be a whole number from 1 to ${MAX_INSTANCES} (a writer and up to 15 readers), got ${instanceCount}`);
  }
  return problems;
}

import { DocdbCluster } from "@cdktf/provider-aws/lib/docdb-cluster";
import { DocdbClusterInstance } from "@cdktf/provider-aws/lib/docdb-cluster-instance";
import { DocdbClusterParameterGroup } from "@cdktf/provider-aws/lib/docdb-cluster-parameter-group";
import { DocdbSubnetGroup } from "@cdktf/provider-aws/lib/docdb-subnet-group";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { LOG_RETENTION_DAYS } from "../../config/aws-regions";
import { ValidationError } from "../../config/validation-error";
import { KmsKey } from "../../encryption/kms-key";
import { Network } from "../../network/network";
import { ServiceSecurityGroup } from "../../network/service-security-group";
import { EncryptedLogGroup } from "../../observability/encrypted-log-group";
import { windowProblems } from "../private/maintenance-windows";
import { DatabaseProtectionProps } from "../database-protection";

/** The port DocumentDB listens on, as MongoDB does. */
export const DOCUMENTDB_PORT = 27017;

/**
 * DocumentDB engine versions the cluster accepts, with their cluster parameter group family.
 * Only 8.0 supports collation, which the contentstore uses to sort Studio's Files page.
 */
export const DOCUMENTDB_ENGINE_VERSIONS = {
  /** DocumentDB 8.0, whose cluster parameter group family is `docdb8.0`. */
  "8.0.0": "docdb8.0",
} as const;

/** A DocumentDB engine version the cluster accepts. */
export type DocumentDbEngineVersion = keyof typeof DOCUMENTDB_ENGINE_VERSIONS;

/** The log types a cluster exports to CloudWatch Logs. */
export const DOCUMENTDB_LOG_TYPES = ["audit", "profiler"] as const;

/**
 * The CA bundle that signs DocumentDB's TLS certificates. It is not in Ubuntu's trust store, so
 * the Open edX image must ship it (an `openedx-dockerfile` patch or a mounted file) and pass it to
 * pymongo as `tlsCAFile`.
 */
export const DOCUMENTDB_CA_BUNDLE_URL = "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem";

/**
 * The pymongo connection options Open edX needs against DocumentDB, for the Tutor hand-off. Tutor
 * sets only `ssl`, `replicaSet` and `authSource` (`MONGODB_USE_SSL`, `MONGODB_REPLICA_SET`,
 * `MONGODB_AUTH_SOURCE`); the rest, and `tlsCAFile` pointing at {@link DOCUMENTDB_CA_BUNDLE_URL}
 * inside the image, go into `mongodb_parameters` (then `update_module_store_settings`) and
 * `FORUM_MONGODB_CLIENT_PARAMETERS` through an `openedx-common-settings` patch.
 *
 * - `replicaSet: "rs0"`: every DocumentDB cluster is the replica set `rs0`; with it the driver
 *   follows failovers.
 * - `readPreference: "secondaryPreferred"`: reads go to replicas, writes to the primary.
 * - `retryWrites: false`: pymongo retries writes by default, which DocumentDB refuses on engine
 *   patches before 8.0.2; false is correct on every patch.
 */
export const DOCUMENTDB_CONNECTION_OPTIONS = {
  /** The cluster's parameter group requires TLS; Tutor's `MONGODB_USE_SSL`. */
  tls: true,
  /** The replica set every DocumentDB cluster is; Tutor's `MONGODB_REPLICA_SET`. */
  replicaSet: "rs0",
  /** Reads go to replicas, writes to the primary. */
  readPreference: "secondaryPreferred",
  /** DocumentDB refuses retryable writes on engine patches before 8.0.2; pymongo's default is true. */
  retryWrites: false,
  /** DocumentDB keeps every user in the `admin` database; Tutor's `MONGODB_AUTH_SOURCE`. */
  authSource: "admin",
} as const;

/** Props of a {@link DocumentDbCluster}. */
export interface DocumentDbClusterProps extends DatabaseProtectionProps {
  /**
   * The cluster identifier, e.g. `openedx-production-docdb`: lowercase letters, digits and single
   * hyphens, starting with a letter, at most 60 characters (instances append `-<n>`). It also names
   * the security group, subnet group, parameter group, log groups and instances.
   */
  readonly name: string;
  /** The network whose isolated subnets (at least two availability zones) hold the cluster. */
  readonly network: Network;
  /** Security groups allowed to connect on 27017, e.g. the EKS cluster security group. At least one. */
  readonly clientSecurityGroupIds: readonly string[];
  /**
   * Key that encrypts the cluster storage, its snapshots and automated backups. Cannot be changed
   * after creation.
   */
  readonly encryptionKey: KmsKey;
  /** Key of the audit and profiler log groups; its policy must let CloudWatch Logs use it. */
  readonly logsKey: KmsKey;
  /**
   * The engine version.
   * @default "8.0.0"
   */
  readonly engineVersion?: DocumentDbEngineVersion;
  /**
   * Instance class of every instance, e.g. `db.t4g.medium` for staging.
   * @default "db.r6g.large"
   */
  readonly instanceClass?: string;
  /**
   * Number of instances, 1 to 16: one primary and the rest replicas, spread over the network's
   * availability zones in turn. A single instance has no failover target.
   * @default 2
   */
  readonly instanceCount?: number;
  /**
   * Operations slower than this are written to the profiler log, 50 to 2147483646 milliseconds.
   * @default 200
   */
  readonly profilerThresholdMs?: number;
  /**
   * Name of the master user: a letter, then letters or digits, at most 63 characters; not `admin`
   * or `serviceadmin`, which DocumentDB reserves.
   * @default "openedx"
   */
  readonly masterUsername?: string;
  /**
   * Daily backup window, UTC `hh24:mi-hh24:mi`, at least 30 minutes, not overlapping the
   * maintenance window.
   * @default "03:00-04:00"
   */
  readonly preferredBackupWindow?: string;
  /**
   * Weekly maintenance window of the cluster and its instances, UTC `ddd:hh24:mi-ddd:hh24:mi`, at
   * least 30 minutes.
   * @default "sun:05:00-sun:06:00"
   */
  readonly preferredMaintenanceWindow?: string;
}

/**
 * An Amazon DocumentDB cluster for Open edX's split modulestore and contentstore (Tutor's
 * `MONGODB_*` settings): instance-based, in the isolated subnets, reachable only from the client
 * security groups on 27017.
 *
 * Defaults are production's:
 * - storage encrypted with a customer-managed key, TLS required (`tls = enabled`);
 * - audit and profiler logs exported to pre-created, KMS-encrypted, retention-bound log groups;
 * - the master password generated and kept by DocumentDB in Secrets Manager
 *   (`manage_master_user_password`), never in Terraform. Provider 5.100 offers no KMS key field
 *   for that secret, so it is encrypted with the AWS-managed `aws/secretsmanager` key. DocumentDB
 *   rotates it (managed rotation), so clients read the secret rather than a copy of the password;
 * - two instances in different availability zones, 14 days of point-in-time recovery, deletion
 *   protection, a final snapshot and `prevent_destroy`.
 *
 * Open edX compatibility (Tutor and Open edX document no DocumentDB support; test before you rely
 * on it):
 * - TLS needs the RDS CA bundle ({@link DOCUMENTDB_CA_BUNDLE_URL}) in the image, as `tlsCAFile`;
 * - the client needs {@link DOCUMENTDB_CONNECTION_OPTIONS}: `replicaSet=rs0`,
 *   `readPreference=secondaryPreferred`, and `retryWrites=false` on engine patches before 8.0.2;
 * - the contentstore keeps course assets in GridFS, which DocumentDB supports only in part
 *   (`filemd5` is missing): test course import and export, the Studio Files page and asset serving;
 * - collation (the Files page sort) exists only from DocumentDB 8.0, hence the engine version.
 * Tutor creates no MongoDB user: create one with `readWrite` on `openedx` (and
 * `cs_comments_service` for the forum's index command) rather than handing Open edX the master user.
 *
 * Construct ids are API (changing one replaces the resource): `Resource` (the cluster),
 * `SecurityGroup`, `SubnetGroup`, `ParameterGroup`, `AuditLogGroup`, `ProfilerLogGroup`, and
 * `Instance<n>` (1-based) per instance.
 *
 * @resource aws_docdb_cluster
 * @stateful
 * @see https://docs.aws.amazon.com/documentdb/latest/developerguide/connect_programmatically.html
 */
export class DocumentDbCluster extends Construct {
  /** The cluster (writer) endpoint host name. @attribute */
  readonly endpoint: string;
  /** The reader endpoint host name, balancing over the replicas. @attribute */
  readonly readerEndpoint: string;
  /** The port, 27017. @attribute */
  readonly port: number;
  /** The master user name. @attribute */
  readonly masterUsername: string;
  /** ARN of the Secrets Manager secret DocumentDB keeps the master credentials in. @attribute */
  readonly masterUserSecretArn: string;
  /** The security group clients are allowed through. @attribute */
  readonly securityGroupId: string;
  /** The literal cluster identifier, for alarms and policies known at synth. @attribute */
  readonly clusterIdentifier: string;
  /** The cluster ARN, as IAM policies and AWS Backup's recovery points name it. @attribute */
  readonly clusterArn: string;
  /** The literal instance identifiers (`<name>-1`, `<name>-2`, …), for per-instance alarms. @attribute */
  readonly instanceIdentifiers: string[];
  /** The cluster resource. */
  readonly resource: DocdbCluster;

  constructor(scope: Construct, id: string, props: DocumentDbClusterProps) {
    super(scope, id);
    validateProps(this, props);
    const engineVersion = props.engineVersion ?? "8.0.0";
    const instanceCount = props.instanceCount ?? 2;
    const masterUsername = props.masterUsername ?? "openedx";
    const maintenanceWindow = props.preferredMaintenanceWindow ?? DEFAULT_MAINTENANCE_WINDOW;
    const family = DOCUMENTDB_ENGINE_VERSIONS[engineVersion];

    const securityGroup = new ServiceSecurityGroup(this, "SecurityGroup", {
      name: props.name,
      description: `DocumentDB ${props.name}`,
      vpcId: props.network.vpcId,
      port: DOCUMENTDB_PORT,
      clientSecurityGroupIds: props.clientSecurityGroupIds,
    });

    const subnetGroup = new DocdbSubnetGroup(this, "SubnetGroup", {
      name: props.name,
      description: `DocumentDB ${props.name}: isolated subnets`,
      subnetIds: props.network.isolatedSubnetIds,
    });

    // The family is part of the name so an engine upgrade creates the new group before the old
    // one is destroyed, instead of colliding with it.
    const parameterGroup = new DocdbClusterParameterGroup(this, "ParameterGroup", {
      name: `${props.name}-${family.replace(".", "")}`,
      family,
      description: `DocumentDB ${props.name}: TLS, audit and profiler`,
      parameter: [
        // Static: takes effect at the next reboot of each instance, as AWS requires.
        { name: "tls", value: "enabled", applyMethod: "pending-reboot" },
        { name: "audit_logs", value: "enabled", applyMethod: "immediate" },
        { name: "profiler", value: "enabled", applyMethod: "immediate" },
        { name: "profiler_threshold_ms", value: String(props.profilerThresholdMs ?? 200), applyMethod: "immediate" },
      ],
      lifecycle: { createBeforeDestroy: true },
    });

    // DocumentDB creates /aws/docdb/<cluster>/<type> on first write, unencrypted and kept forever,
    // unless the group already exists.
    const logGroups = DOCUMENTDB_LOG_TYPES.map(
      (type) =>
        new EncryptedLogGroup(this, `${type === "audit" ? "Audit" : "Profiler"}LogGroup`, {
          name: `/aws/docdb/${props.name}/${type}`,
          key: props.logsKey,
          retentionDays: props.logRetentionDays ?? 365,
        }),
    );

    const finalSnapshot = props.finalSnapshot ?? true;
    this.resource = new DocdbCluster(this, "Resource", {
      clusterIdentifier: props.name,
      engine: "docdb",
      engineVersion,
      port: DOCUMENTDB_PORT,
      dbSubnetGroupName: subnetGroup.name,
      vpcSecurityGroupIds: [securityGroup.securityGroupId],
      dbClusterParameterGroupName: parameterGroup.name,
      storageEncrypted: true,
      kmsKeyId: props.encryptionKey.keyArn,
      masterUsername,
      manageMasterUserPassword: true,
      enabledCloudwatchLogsExports: [...DOCUMENTDB_LOG_TYPES],
      backupRetentionPeriod: props.backupRetentionDays ?? 14,
      preferredBackupWindow: props.preferredBackupWindow ?? DEFAULT_BACKUP_WINDOW,
      preferredMaintenanceWindow: maintenanceWindow,
      deletionProtection: props.deletionProtection ?? true,
      skipFinalSnapshot: !finalSnapshot,
      finalSnapshotIdentifier: finalSnapshot ? `${props.name}-final` : undefined,
      tags: { Name: props.name, backup: props.backupPlanTag ?? "openedx" },
      lifecycle: (props.preventDestroy ?? true) ? { preventDestroy: true } : undefined,
      dependsOn: logGroups.map((group) => group.resource),
    });

    const zones = props.network.availabilityZones;
    this.instanceIdentifiers = [];
    for (let index = 0; index < instanceCount; index++) {
      const identifier = `${props.name}-${index + 1}`;
      new DocdbClusterInstance(this, `Instance${index + 1}`, {
        identifier,
        clusterIdentifier: this.resource.id,
        engine: "docdb",
        instanceClass: props.instanceClass ?? "db.r6g.large",
        availabilityZone: zones[index % zones.length],
        caCertIdentifier: "rds-ca-rsa2048-g1",
        autoMinorVersionUpgrade: true,
        copyTagsToSnapshot: true,
        preferredMaintenanceWindow: maintenanceWindow,
        tags: { Name: identifier },
      });
      this.instanceIdentifiers.push(identifier);
    }

    this.endpoint = this.resource.endpoint;
    this.readerEndpoint = this.resource.readerEndpoint;
    this.port = DOCUMENTDB_PORT;
    this.masterUsername = masterUsername;
    this.masterUserSecretArn = this.resource.masterUserSecret.get(0).secretArn;
    this.securityGroupId = securityGroup.securityGroupId;
    this.clusterIdentifier = props.name;
    this.clusterArn = this.resource.arn;
  }
}

const DEFAULT_BACKUP_WINDOW = "03:00-04:00";
const DEFAULT_MAINTENANCE_WINDOW = "sun:05:00-sun:06:00";
const MAX_INSTANCES = 16;
const CLUSTER_NAME = /^[a-z](?:[a-z0-9]|-(?!-))*$/;
const INSTANCE_CLASS = /^db\.[a-z0-9]+\.[a-z0-9]+$/;
const MASTER_USERNAME = /^[A-Za-z][A-Za-z0-9]{0,62}$/;
const RESERVED_USERNAMES = ["admin", "serviceadmin"];

/** Checks every prop and reports all problems in one error. */
function validateProps(scope: Construct, props: DocumentDbClusterProps): void {
  const problems: string[] = [];
  if (!Token.isUnresolved(props.name) && (!CLUSTER_NAME.test(props.name) || props.name.endsWith("-") || props.name.length > 60)) {
    problems.push(
      `name must be 1-60 lowercase letters, digits or single hyphens, starting with a letter and not ending with a hyphen, got "${props.name}"`,
    );
  }
  if (props.clientSecurityGroupIds.length === 0) {
    problems.push("clientSecurityGroupIds must name at least one security group allowed to connect");
  }
  if (props.engineVersion !== undefined && !Object.hasOwn(DOCUMENTDB_ENGINE_VERSIONS, props.engineVersion)) {
    problems.push(
      `engineVersion must be one of ${Object.keys(DOCUMENTDB_ENGINE_VERSIONS).map((v) => `"${v}"`).join(", ")} (collation, which Studio's Files page sorts with, needs DocumentDB 8.0), got "${props.engineVersion}"`,
    );
  }
  if (props.instanceClass !== undefined && !INSTANCE_CLASS.test(props.instanceClass)) {
    problems.push(`instanceClass must be a DocumentDB instance class such as "db.r6g.large" or "db.t4g.medium", got "${props.instanceClass}"`);
  }
  const instanceCount = props.instanceCount;
  if (instanceCount !== undefined && (!Number.isInteger(instanceCount) || instanceCount < 1 || instanceCount > MAX_INSTANCES)) {
    problems.push(`instanceCount must be a whole number from 1 to ${MAX_INSTANCES} (one primary, the rest replicas), got ${instanceCount}`);
  }
  const threshold = props.profilerThresholdMs;
  if (threshold !== undefined && (!Number.isInteger(threshold) || threshold < 50 || threshold > 2147483646)) {
    problems.push(`profilerThresholdMs must be a whole number of milliseconds from 50 to 2147483646, got ${threshold}`);
  }
  const logRetention = props.logRetentionDays;
  if (logRetention !== undefined && !(LOG_RETENTION_DAYS as readonly number[]).includes(logRetention)) {
    problems.push(`logRetentionDays must be a CloudWatch Logs retention period (${LOG_RETENTION_DAYS.join(", ")}), got ${logRetention}`);
  }
  const username = props.masterUsername;
  if (username !== undefined && (!MASTER_USERNAME.test(username) || RESERVED_USERNAMES.includes(username.toLowerCase()))) {
    problems.push(
      `masterUsername must be 1-63 letters or digits, starting with a letter, and not "admin" or "serviceadmin", which DocumentDB reserves, got "${username}"`,
    );
  }
  const retention = props.backupRetentionDays;
  if (retention !== undefined && (!Number.isInteger(retention) || retention < 7 || retention > 35)) {
    problems.push(
      `backupRetentionDays must be a whole number of days from 7 to 35 (DocumentDB allows 1-35; fewer than 7 leaves less than a week to notice and undo a bad change), got ${retention}`,
    );
  }
  problems.push(
    ...windowProblems({
      dailyProp: "preferredBackupWindow",
      daily: props.preferredBackupWindow ?? DEFAULT_BACKUP_WINDOW,
      minDailyMinutes: 30,
      weeklyProp: "preferredMaintenanceWindow",
      weekly: props.preferredMaintenanceWindow ?? DEFAULT_MAINTENANCE_WINDOW,
      minWeeklyMinutes: 30,
    }),
  );
  if (props.backupPlanTag !== undefined && !/^[\w .:/=+@-]{1,256}$/.test(props.backupPlanTag)) {
    problems.push(`backupPlanTag must be 1-256 letters, digits, spaces or _ . : / = + - @, got "${props.backupPlanTag}"`);
  }
  if (problems.length > 0) {
    throw new ValidationError(problems.join("; "), scope);
  }
}

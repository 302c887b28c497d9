import { SsmBastion } from "../access/ssm-bastion";
import { AlertsTopic } from "../alerts/alerts-topic";
import { environmentBucketName, resourcePrefix } from "../config/resource-names";
import { DataServiceAlarms } from "../alerts/data-service-alarms";
import { RedisCache } from "../data/cache/redis-cache";
import { DocumentDbCluster } from "../data/document-db/document-db-cluster";
import { AuroraMysqlCluster } from "../data/mysql/aurora-mysql-cluster";
import { IMysqlDatabase } from "../data/mysql/mysql-database";
import { RdsMysqlInstance } from "../data/mysql/rds-mysql-instance";
import { OpenSearchDomain } from "../data/search/opensearch-domain";
import { EnvironmentStack, EnvironmentStackProps } from "../stack/environment-stack";
import { OpenedxApp } from "../stack/openedx-app";
import { AccessLogsBucket } from "../storage/access-logs-bucket";
import { BackupsBucket } from "../storage/backups-bucket";
import { MediaBucket } from "../storage/media-bucket";
import { ClusterStack } from "./cluster-stack";
import { KeysStack } from "./keys-stack";
import { EdgeStack } from "./edge-stack";
import { NetworkStack } from "./network-stack";

/** Props of a {@link DataStack}. */
export interface DataStackProps extends EnvironmentStackProps {
  /**
   * The environment's keys: `databases` for the data services and their secrets, `logs` for their
   * log groups and the alerts topic, `storage` for the media bucket and bastion, `backup` for the
   * backups bucket.
   */
  readonly keys: KeysStack;
  /** The environment's network: databases, cache and search go in its isolated subnets. */
  readonly network: NetworkStack;
  /** The cluster whose security group (Auto Mode nodes and pods) is the only client of the data services. */
  readonly cluster: ClusterStack;
  /** The edge, whose media CDN the media bucket lets read its `media/` prefix. */
  readonly edge: EdgeStack;
}

/**
 * Everything Open edX keeps state in, outside the cluster: MySQL (RDS for MySQL 8.4 or Aurora),
 * DocumentDB, an ElastiCache (Valkey) replication group, an optional OpenSearch domain, the media,
 * backups and access-log buckets, and the environment's alerts topic with an alarm per service.
 *
 * Databases and cache sit in the isolated subnets and admit only the cluster's security group.
 * Sizes, retention and protection come from the environment's `data` configuration; in
 * production every stateful resource is also protected from `terraform destroy`.
 */
export class DataStack extends EnvironmentStack {
  /**
   * MySQL, RDS or Aurora as `data.mysqlEngine` chooses: Open edX's relational store (Tutor
   * `MYSQL_HOST`, `MYSQL_ROOT_USERNAME`); its master secret is what the logical dumps and restores read.
   */
  readonly mysql: IMysqlDatabase;
  /** DocumentDB with TLS: the split modulestore and the GridFS contentstore of course content and assets (Tutor `MONGODB_HOST`). */
  readonly documentDb: DocumentDbCluster;
  /** The ElastiCache (Valkey) replication group with TLS and AUTH: Celery broker and Django cache (Tutor `REDIS_HOST`). */
  readonly cache: RedisCache;
  /** The OpenSearch domain, present only with `data.openSearch`. */
  readonly search?: OpenSearchDomain;
  /**
   * The bucket of Open edX's uploads and media (Tutor's S3 storage); Open edX's Pod Identity role
   * gets read and write on it, the media CDN reads its `media/` prefix.
   */
  readonly mediaBucket: MediaBucket;
  /** The bucket the nightly logical dumps are written to, encrypted with the `backup` key. */
  readonly backupsBucket: BackupsBucket;
  /** The bucket receiving the S3 server access logs of the media and backups buckets. */
  readonly accessLogsBucket: AccessLogsBucket;
  /**
   * The environment's alerts topic: the data-service alarms and the backup vault's job events
   * notify it, and it e-mails `alertEmails`.
   */
  readonly alerts: AlertsTopic;
  /** The SSM bastion, when the environment asks for one (`edge.bastion`). */
  readonly bastion?: SsmBastion;

  constructor(scope: OpenedxApp, id: string, props: DataStackProps) {
    super(scope, id, props);
    const environment = this.environment;
    const data = environment.data;
    const prefix = resourcePrefix(environment);
    const keys = props.keys.keys;
    const network = props.network.network;
    if (environment.edge.bastion) {
      this.bastion = new SsmBastion(this, "bastion", {
        name: prefix,
        vpcId: network.vpcId,
        vpcCidrBlock: environment.vpcCidr,
        subnetId: network.privateSubnetIds[0],
        encryptionKey: keys.storage,
      });
    }
    const clientSecurityGroupIds = [props.cluster.cluster.clusterSecurityGroupId, ...(this.bastion ? [this.bastion.securityGroupId] : [])];
    const protection = {
      deletionProtection: data.deletionProtection,
      finalSnapshot: data.deletionProtection,
      preventDestroy: this.isProduction,
      logRetentionDays: environment.logRetentionDays,
    };
    const placement = { network, clientSecurityGroupIds, encryptionKey: keys.databases, logsKey: keys.logs };

    const mysqlProps = {
      ...placement,
      ...protection,
      name: `${prefix}-mysql`,
      instanceClass: data.mysqlInstanceClass,
      backupRetentionDays: data.backupRetentionDays,
    };
    this.mysql =
      data.mysqlEngine === "aurora-mysql"
        ? new AuroraMysqlCluster(this, "mysql", { ...mysqlProps, instanceCount: data.mysqlInstances })
        : new RdsMysqlInstance(this, "mysql", {
            ...mysqlProps,
            multiAz: data.mysqlInstances > 1,
            allocatedStorageGiB: data.mysqlAllocatedStorageGiB,
            // Autoscaling's default ceiling, 1000 GiB, must stay above the allocation.
            maxAllocatedStorageGiB: data.mysqlAllocatedStorageGiB < 1000 ? undefined : 65536,
          });

    this.documentDb = new DocumentDbCluster(this, "documentdb", {
      ...placement,
      ...protection,
      name: `${prefix}-docdb`,
      instanceClass: data.documentDbInstanceClass,
      instanceCount: data.documentDbInstances,
      backupRetentionDays: data.backupRetentionDays,
    });

    this.cache = new RedisCache(this, "cache", {
      ...placement,
      name: `${prefix}-cache`,
      nodeType: data.cacheNodeType,
      replicasPerNodeGroup: data.cacheReplicas,
      snapshotRetentionDays: data.backupRetentionDays,
      finalSnapshot: data.deletionProtection,
      preventDestroy: this.isProduction,
      logRetentionDays: environment.logRetentionDays,
    });

    // Alarm dimensions need the literal domain name; the construct's attribute is a reference.
    const searchDomainName = prefix.slice(0, 28);
    if (data.openSearch) {
      const highlyAvailable = this.isProduction;
      this.search = new OpenSearchDomain(this, "search", {
        ...placement,
        domainName: searchDomainName,
        instanceType: data.openSearchInstanceType,
        instanceCount: highlyAvailable ? environment.availabilityZones.length : 1,
        zoneAwareness: highlyAvailable,
        dedicatedMasters: highlyAvailable,
        preventDestroy: this.isProduction,
        logRetentionDays: environment.logRetentionDays,
      });
    }

    const bucketName = (purpose: "media" | "backups" | "access-logs") => environmentBucketName(environment, purpose);
    this.accessLogsBucket = new AccessLogsBucket(this, "access-logs", {
      bucketName: bucketName("access-logs"),
      preventDestroy: this.isProduction,
    });
    this.mediaBucket = new MediaBucket(this, "media", {
      bucketName: bucketName("media"),
      encryptionKey: keys.storage,
      allowedOrigins: [environment.hosts.lms, environment.hosts.studio, environment.hosts.mfe].map((host) => `https://${host}`),
      accessLogsBucket: this.accessLogsBucket,
      preventDestroy: this.isProduction,
    });
    this.mediaBucket.addToBucketPolicy(props.edge.media.bucketPolicyStatement(this.mediaBucket.bucketArn));
    this.backupsBucket = new BackupsBucket(this, "backups", {
      bucketName: bucketName("backups"),
      encryptionKey: keys.backup,
      accessLogsBucket: this.accessLogsBucket,
      preventDestroy: this.isProduction,
    });

    this.alerts = new AlertsTopic(this, "alerts", {
      name: `${prefix}-alerts`,
      encryptionKey: keys.logs,
      emailAddresses: environment.alertEmails,
    });
    new DataServiceAlarms(this, "alarms", {
      topic: this.alerts,
      namePrefix: prefix,
      mysql: {
        engine: this.mysql.engine,
        instanceIdentifiers: this.mysql.instanceIdentifiers,
        clusterIdentifier: this.mysql.clusterIdentifier,
      },
      documentDb: { clusterIdentifier: this.documentDb.clusterIdentifier, instanceIdentifiers: this.documentDb.instanceIdentifiers },
      cache: { replicationGroupId: this.cache.replicationGroupId, memberClusterIds: this.cache.memberClusterIds },
      search: this.search ? { domainName: searchDomainName, accountId: environment.accountId } : undefined,
    });

    this.addOutputs({
      mysql_engine: { value: this.mysql.engine, description: "mysql (RDS for MySQL) or aurora-mysql" },
      mysql_endpoint: { value: this.mysql.endpoint, description: "MySQL writer host name (Tutor MYSQL_HOST)" },
      mysql_reader_endpoint: { value: this.mysql.readerEndpoint, description: "MySQL reader host name" },
      mysql_port: { value: String(this.mysql.port), description: "MySQL port (Tutor MYSQL_PORT)" },
      mysql_master_username: { value: this.mysql.masterUsername, description: "MySQL master user (Tutor MYSQL_ROOT_USERNAME)" },
      mysql_master_secret_arn: { value: this.mysql.masterUserSecretArn, description: "Secrets Manager secret RDS manages with the master password" },
      mysql_security_group_id: { value: this.mysql.securityGroupId, description: "Security group of MySQL" },
      documentdb_endpoint: { value: this.documentDb.endpoint, description: "DocumentDB cluster endpoint (Tutor MONGODB_HOST)" },
      documentdb_reader_endpoint: { value: this.documentDb.readerEndpoint, description: "DocumentDB reader endpoint" },
      documentdb_port: { value: String(this.documentDb.port), description: "DocumentDB port (Tutor MONGODB_PORT)" },
      documentdb_master_username: { value: this.documentDb.masterUsername, description: "DocumentDB master user" },
      documentdb_master_secret_arn: { value: this.documentDb.masterUserSecretArn, description: "Secrets Manager secret DocumentDB manages with the master password" },
      documentdb_security_group_id: { value: this.documentDb.securityGroupId, description: "Security group of DocumentDB" },
      redis_primary_endpoint: { value: this.cache.primaryEndpoint, description: "Cache primary endpoint (Tutor REDIS_HOST)" },
      redis_reader_endpoint: { value: this.cache.readerEndpoint, description: "Cache reader endpoint" },
      redis_port: { value: String(this.cache.port), description: "Cache port (Tutor REDIS_PORT)" },
      redis_auth_secret_arn: { value: this.cache.authTokenSecretArn, description: "Secrets Manager secret with the cache AUTH token (Tutor REDIS_USERNAME/REDIS_PASSWORD)" },
      redis_security_group_id: { value: this.cache.securityGroupId, description: "Security group of the cache" },
      media_bucket_name: { value: this.mediaBucket.bucketName, description: "Bucket of Open edX media and uploads" },
      backups_bucket_name: { value: this.backupsBucket.bucketName, description: "Bucket of the logical dumps" },
      access_logs_bucket_name: { value: this.accessLogsBucket.bucketName, description: "Bucket of the S3 server access logs" },
      alerts_topic_arn: { value: this.alerts.topicArn, description: "SNS topic of the environment's alerts" },
      ...(this.search
        ? {
            opensearch_endpoint: { value: this.search.domainEndpoint, description: "OpenSearch domain endpoint (HTTPS, port 443)" },
            opensearch_master_role_arn: { value: this.search.masterRoleArn, description: "IAM role mapped to the OpenSearch admin" },
          }
        : {}),
    });
  }
}

import { ElasticacheParameterGroup } from "@cdktf/provider-aws/lib/elasticache-parameter-group";
import { ElasticacheReplicationGroup } from "@cdktf/provider-aws/lib/elasticache-replication-group";
import { ElasticacheSubnetGroup } from "@cdktf/provider-aws/lib/elasticache-subnet-group";
import { Annotations, Token } from "cdktf";
import { Construct } from "constructs";
import { LOG_RETENTION_DAYS } from "../../config/aws-regions";
import { ValidationError } from "../../config/validation-error";
import { KmsKey } from "../../encryption/kms-key";
import { Network } from "../../network/network";
import { ServiceSecurityGroup } from "../../network/service-security-group";
import { EncryptedLogGroup } from "../../observability/encrypted-log-group";
import { suppressRules } from "../../policy/suppressions";
import { windowProblems } from "../private/maintenance-windows";
import { AuthTokenSecret } from "../../secrets/auth-token-secret";

/** The port the cache listens on. */
export const REDIS_PORT = 6379;

/** The engines the cache runs: Valkey, or Redis OSS. */
export type CacheEngine = "valkey" | "redis";

/**
 * Engine versions the cache accepts per engine, with their parameter group family.
 */
export const CACHE_ENGINE_VERSIONS: Readonly<Record<CacheEngine, Readonly<Record<string, string>>>> = {
  valkey: { "7.2": "valkey7", "8.0": "valkey8", "8.1": "valkey8" },
  redis: { "7.0": "redis7", "7.1": "redis7" },
};

const DEFAULT_ENGINE_VERSIONS: Readonly<Record<CacheEngine, string>> = { valkey: "8.0", redis: "7.1" };

/** The logs the cache delivers to CloudWatch Logs. */
export const CACHE_LOG_TYPES = ["slow-log", "engine-log"] as const;

/** Eviction policies the engines offer (`maxmemory-policy`). */
export const MAXMEMORY_POLICIES = [
  "volatile-lru",
  "allkeys-lru",
  "volatile-lfu",
  "allkeys-lfu",
  "volatile-random",
  "allkeys-random",
  "volatile-ttl",
  "noeviction",
] as const;

/** An eviction policy (`maxmemory-policy`). */
export type MaxmemoryPolicy = (typeof MAXMEMORY_POLICIES)[number];

/** How the cache treats unencrypted connections. */
export type TransitEncryptionMode = "required" | "preferred";

/** Props of a {@link RedisCache}. */
export interface RedisCacheProps {
  /**
   * The replication group id, e.g. `openedx-production-cache`: 1-40 lowercase letters, digits and
   * single hyphens, starting with a letter. It also names the security group, subnet group,
   * parameter group, log groups and the auth token secret.
   */
  readonly name: string;
  /** The network whose isolated subnets hold the nodes. */
  readonly network: Network;
  /** Security groups allowed to connect on 6379, e.g. the EKS cluster security group. At least one. */
  readonly clientSecurityGroupIds: readonly string[];
  /** Key that encrypts the data at rest, the snapshots and the auth token secret. */
  readonly encryptionKey: KmsKey;
  /** Key of the slow-log and engine-log groups; its policy must let CloudWatch Logs use it. */
  readonly logsKey: KmsKey;
  /**
   * The engine. Valkey is the open-source (BSD) continuation of Redis OSS 7.2, wire-compatible
   * with it and priced lower on ElastiCache; Tutor's clients (django-redis, kombu) speak the same
   * protocol to both. `redis` runs Redis OSS 7, whose line ElastiCache no longer advances.
   * @default "valkey"
   */
  readonly engine?: CacheEngine;
  /**
   * The engine version: `7.2`, `8.0` or `8.1` for Valkey, `7.0` or `7.1` for Redis OSS.
   * @default - "8.0" for Valkey, "7.1" for Redis OSS
   */
  readonly engineVersion?: string;
  /**
   * Node type of the primary and every replica, e.g. `cache.t4g.small` for staging.
   * @default "cache.r7g.large"
   */
  readonly nodeType?: string;
  /**
   * Read replicas beside the primary, 0 to 5. With at least one, a replica in another availability
   * zone takes over automatically when the primary fails.
   * @default 1
   */
  readonly replicasPerNodeGroup?: number;
  /**
   * Place the replicas in other availability zones than the primary and fail over across zones.
   * Needs at least one replica.
   * @default - true when there is a replica
   */
  readonly multiAz?: boolean;
  /**
   * `required` refuses plain connections; `preferred` accepts both, only to move existing clients
   * over to TLS (synth then warns, and records the exception to the policy rule `OpenedxAws-EC2`
   * as a suppression). ElastiCache accepts `required` on an existing group only after `preferred`
   * has been applied. Tutor speaks plain `redis://` and needs the `rediss://` plugin of the hand-off
   * (cache LOCATIONs, `BROKER_URL` with `BROKER_USE_SSL`, `EVENT_BUS_REDIS_CONNECTION_URL`).
   * @default "required"
   */
  readonly transitEncryptionMode?: TransitEncryptionMode;
  /**
   * Eviction policy when memory is full. `volatile-lru` evicts only keys with an expiry: Django's
   * cache entries (DB 1) expire, Celery's queues (DB 0) do not, so a full cache never drops tasks.
   * @default "volatile-lru"
   */
  readonly maxmemoryPolicy?: MaxmemoryPolicy;
  /**
   * Days of daily snapshots kept, 1 to 35.
   * @default 7
   */
  readonly snapshotRetentionDays?: number;
  /**
   * Daily snapshot window, UTC `hh24:mi-hh24:mi`, at least 60 minutes, not overlapping the
   * maintenance window.
   * @default "04:00-05:00"
   */
  readonly snapshotWindow?: string;
  /**
   * Weekly maintenance window, UTC `ddd:hh24:mi-ddd:hh24:mi`, at least 60 minutes.
   * @default "sun:06:00-sun:07:00"
   */
  readonly maintenanceWindow?: string;
  /**
   * Retention of the slow-log and engine-log groups, in days; one of the periods CloudWatch Logs accepts.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Take a final snapshot, `<name>-final`, when the replication group is deleted.
   * @default true
   */
  readonly finalSnapshot?: boolean;
  /**
   * Refuse `terraform destroy` of the replication group (`lifecycle.prevent_destroy`).
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/**
 * An ElastiCache replication group (Valkey by default, or Redis OSS) for Open edX's Celery broker
 * (DB 0) and Django cache (DB 1), with cluster mode disabled: Tutor uses two logical databases,
 * which cluster mode does not support, and django-redis and kombu are not cluster clients.
 *
 * Defaults are production's:
 * - a primary and one replica in another availability zone, with automatic failover;
 * - data at rest encrypted with a customer-managed key, TLS required in transit;
 * - AUTH with a generated 64-character token kept in a KMS-encrypted Secrets Manager secret
 *   ({@link AuthTokenSecret}); the token is referenced, never written, in the configuration.
 *   Tutor needs `REDIS_USERNAME=default` and `REDIS_PASSWORD=<token>`, and `rediss://` URLs
 *   (see `transitEncryptionMode`). A changed token is applied with the `ROTATE` strategy, which
 *   keeps the previous token valid too, so clients can move over;
 * - slow log and engine log delivered as JSON to pre-created, KMS-encrypted, retention-bound log
 *   groups;
 * - 7 days of daily snapshots, a final snapshot and `prevent_destroy`.
 * ElastiCache is not an AWS Backup target, so the group carries no `backup` tag.
 *
 * Construct ids are API (changing one replaces the resource): `Resource` (the replication group),
 * `SecurityGroup`, `SubnetGroup`, `ParameterGroup`, `AuthToken`, `SlowLogGroup`, `EngineLogGroup`.
 *
 * @resource aws_elasticache_replication_group
 * @stateful
 * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth.html
 */
export class RedisCache extends Construct {
  /** Host name of the primary, for writes (Celery, cache). @attribute */
  readonly primaryEndpoint: string;
  /** Host name that balances reads over the replicas. @attribute */
  readonly readerEndpoint: string;
  /** The port, 6379. @attribute */
  readonly port: number;
  /** ARN of the secret holding `{"username": "default", "password": <token>}`. @attribute */
  readonly authTokenSecretArn: string;
  /** The security group clients are allowed through. @attribute */
  readonly securityGroupId: string;
  /** The literal replication group id. @attribute */
  readonly replicationGroupId: string;
  /** The replication group ARN, for IAM policies and tag-based tooling. @attribute */
  readonly replicationGroupArn: string;
  /**
   * The literal cache cluster ids of the nodes (`<name>-001`, `<name>-002`, …), the
   * `CacheClusterId` dimension of per-node CloudWatch metrics.
   * @attribute
   */
  readonly memberClusterIds: string[];
  /** The replication group resource. */
  readonly resource: ElasticacheReplicationGroup;

  constructor(scope: Construct, id: string, props: RedisCacheProps) {
    super(scope, id);
    validateProps(this, props);
    const engine = props.engine ?? "valkey";
    const engineVersion = props.engineVersion ?? DEFAULT_ENGINE_VERSIONS[engine];
    const family = CACHE_ENGINE_VERSIONS[engine][engineVersion];
    const replicas = props.replicasPerNodeGroup ?? 1;
    const nodeCount = 1 + replicas;

    const securityGroup = new ServiceSecurityGroup(this, "SecurityGroup", {
      name: props.name,
      description: `ElastiCache ${props.name}`,
      vpcId: props.network.vpcId,
      port: REDIS_PORT,
      clientSecurityGroupIds: props.clientSecurityGroupIds,
    });

    const subnetGroup = new ElasticacheSubnetGroup(this, "SubnetGroup", {
      name: props.name,
      description: `ElastiCache ${props.name}: isolated subnets`,
      subnetIds: props.network.isolatedSubnetIds,
    });

    // The family is part of the name so an engine upgrade creates the new group before the old
    // one is destroyed, instead of colliding with it.
    const parameterGroup = new ElasticacheParameterGroup(this, "ParameterGroup", {
      name: `${props.name}-${family}`,
      family,
      description: `ElastiCache ${props.name}: eviction policy`,
      parameter: [{ name: "maxmemory-policy", value: props.maxmemoryPolicy ?? "volatile-lru" }],
      lifecycle: { createBeforeDestroy: true },
    });

    const authToken = new AuthTokenSecret(this, "AuthToken", {
      secretName: `${props.name}/auth-token`,
      encryptionKey: props.encryptionKey,
    });

    // ElastiCache delivers only into log groups that exist; created here they are encrypted and
    // bounded rather than left to whoever creates them.
    const logGroups = CACHE_LOG_TYPES.map(
      (type) =>
        new EncryptedLogGroup(this, type === "slow-log" ? "SlowLogGroup" : "EngineLogGroup", {
          name: `/aws/elasticache/${props.name}/${type}`,
          key: props.logsKey,
          retentionDays: props.logRetentionDays ?? 365,
        }),
    );

    const finalSnapshot = props.finalSnapshot ?? true;
    this.resource = new ElasticacheReplicationGroup(this, "Resource", {
      replicationGroupId: props.name,
      description: `Open edX cache and Celery broker ${props.name}`,
      engine,
      engineVersion,
      nodeType: props.nodeType ?? "cache.r7g.large",
      port: REDIS_PORT,
      clusterMode: "disabled",
      numCacheClusters: nodeCount,
      automaticFailoverEnabled: replicas > 0,
      multiAzEnabled: props.multiAz ?? replicas > 0,
      parameterGroupName: parameterGroup.name,
      subnetGroupName: subnetGroup.name,
      securityGroupIds: [securityGroup.securityGroupId],
      atRestEncryptionEnabled: "true",
      kmsKeyId: props.encryptionKey.keyArn,
      transitEncryptionEnabled: true,
      transitEncryptionMode: props.transitEncryptionMode ?? "required",
      authToken: authToken.token,
      authTokenUpdateStrategy: "ROTATE",
      autoMinorVersionUpgrade: "true",
      snapshotRetentionLimit: props.snapshotRetentionDays ?? 7,
      snapshotWindow: props.snapshotWindow ?? DEFAULT_SNAPSHOT_WINDOW,
      maintenanceWindow: props.maintenanceWindow ?? DEFAULT_MAINTENANCE_WINDOW,
      finalSnapshotIdentifier: finalSnapshot ? `${props.name}-final` : undefined,
      logDeliveryConfiguration: CACHE_LOG_TYPES.map((logType, index) => ({
        logType,
        destinationType: "cloudwatch-logs",
        destination: logGroups[index].logGroupName,
        logFormat: "json",
      })),
      tags: { Name: props.name },
      lifecycle: (props.preventDestroy ?? true) ? { preventDestroy: true } : undefined,
    });

    if (props.transitEncryptionMode === "preferred") {
      Annotations.of(this).addWarning(
        `transitEncryptionMode is "preferred": ${props.name} accepts plaintext connections; set it back to "required" once every client uses rediss://`,
      );
      // The opt-out is the prop itself; recording it as a suppression keeps it auditable in the manifest.
      suppressRules(this.resource, [
        { id: "OpenedxAws-EC2[transit_encryption_mode]", reason: 'transitEncryptionMode: "preferred" was set explicitly while clients move to TLS' },
      ]);
    }

    this.primaryEndpoint = this.resource.primaryEndpointAddress;
    this.readerEndpoint = this.resource.readerEndpointAddress;
    this.port = REDIS_PORT;
    this.authTokenSecretArn = authToken.secretArn;
    this.securityGroupId = securityGroup.securityGroupId;
    this.replicationGroupId = props.name;
    this.replicationGroupArn = this.resource.arn;
    this.memberClusterIds = Array.from({ length: nodeCount }, (_, index) => `${props.name}-${String(index + 1).padStart(3, "0")}`);
  }
}

const DEFAULT_SNAPSHOT_WINDOW = "04:00-05:00";
const DEFAULT_MAINTENANCE_WINDOW = "sun:06:00-sun:07:00";
const GROUP_ID = /^[a-z](?:[a-z0-9]|-(?!-))*$/;
const NODE_TYPE = /^cache\.[a-z0-9]+\.[a-z0-9]+$/;
const ENGINES: readonly CacheEngine[] = ["valkey", "redis"];

/** Checks every prop and reports all problems in one error. */
function validateProps(scope: Construct, props: RedisCacheProps): void {
  const problems: string[] = [];
  if (!Token.isUnresolved(props.name) && (!GROUP_ID.test(props.name) || props.name.endsWith("-") || props.name.length > 40)) {
    problems.push(
      `name must be 1-40 lowercase letters, digits or single hyphens, starting with a letter and not ending with a hyphen, got "${props.name}"`,
    );
  }
  if (props.clientSecurityGroupIds.length === 0) {
    problems.push("clientSecurityGroupIds must name at least one security group allowed to connect");
  }
  const engine = props.engine ?? "valkey";
  if (!ENGINES.includes(engine)) {
    problems.push(`engine must be "valkey" or "redis", got "${engine}"`);
  } else if (props.engineVersion !== undefined && !Object.hasOwn(CACHE_ENGINE_VERSIONS[engine], props.engineVersion)) {
    const allowed = Object.keys(CACHE_ENGINE_VERSIONS[engine]).map((version) => `"${version}"`);
    problems.push(`engineVersion must be one of ${allowed.join(", ")} for engine "${engine}", got "${props.engineVersion}"`);
  }
  if (props.nodeType !== undefined && !NODE_TYPE.test(props.nodeType)) {
    problems.push(`nodeType must be an ElastiCache node type such as "cache.r7g.large" or "cache.t4g.small", got "${props.nodeType}"`);
  }
  const replicas = props.replicasPerNodeGroup;
  if (replicas !== undefined && (!Number.isInteger(replicas) || replicas < 0 || replicas > 5)) {
    problems.push(`replicasPerNodeGroup must be a whole number from 0 to 5, got ${replicas}`);
  }
  if (props.multiAz === true && replicas === 0) {
    problems.push("multiAz must not be true without a replica: set replicasPerNodeGroup to at least 1, or leave multiAz unset");
  }
  if (props.transitEncryptionMode !== undefined && !["required", "preferred"].includes(props.transitEncryptionMode)) {
    problems.push(`transitEncryptionMode must be "required" or "preferred", got "${props.transitEncryptionMode}"`);
  }
  if (props.maxmemoryPolicy !== undefined && !(MAXMEMORY_POLICIES as readonly string[]).includes(props.maxmemoryPolicy)) {
    problems.push(`maxmemoryPolicy must be one of ${MAXMEMORY_POLICIES.join(", ")}, got "${props.maxmemoryPolicy}"`);
  }
  const retention = props.snapshotRetentionDays;
  if (retention !== undefined && (!Number.isInteger(retention) || retention < 1 || retention > 35)) {
    problems.push(`snapshotRetentionDays must be a whole number of days from 1 to 35, got ${retention}`);
  }
  problems.push(
    ...windowProblems({
      dailyProp: "snapshotWindow",
      daily: props.snapshotWindow ?? DEFAULT_SNAPSHOT_WINDOW,
      minDailyMinutes: 60,
      weeklyProp: "maintenanceWindow",
      weekly: props.maintenanceWindow ?? DEFAULT_MAINTENANCE_WINDOW,
      minWeeklyMinutes: 60,
    }),
  );
  const logRetention = props.logRetentionDays;
  if (logRetention !== undefined && !(LOG_RETENTION_DAYS as readonly number[]).includes(logRetention)) {
    problems.push(`logRetentionDays must be a CloudWatch Logs retention period (${LOG_RETENTION_DAYS.join(", ")}), got ${logRetention}`);
  }
  if (problems.length > 0) {
    throw new ValidationError(problems.join("; "), scope);
  }
}

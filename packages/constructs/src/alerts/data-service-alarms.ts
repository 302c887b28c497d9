import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { ValidationError } from "../config/validation-error";
import { AlertsTopic } from "./alerts-topic";

/** The MySQL databases to watch. */
export interface MysqlAlarmTargets {
  /** `mysql` for RDS for MySQL instances, `aurora-mysql` for an Aurora MySQL cluster. */
  readonly engine: "mysql" | "aurora-mysql";
  /**
   * DB instance identifiers: the RDS instance, or every instance (writer and readers) of the Aurora
   * cluster. At least one.
   */
  readonly instanceIdentifiers: readonly string[];
  /**
   * The Aurora cluster the instances belong to, named in the alarm descriptions. Aurora only.
   * @default - the descriptions name the instances only
   */
  readonly clusterIdentifier?: string;
  /**
   * RDS read replicas (engine `mysql` only) to watch like the instances, plus replication lag and
   * stopped replication. Aurora readers are watched for lag through `instanceIdentifiers`.
   * @default - no read replicas
   */
  readonly readReplicaIdentifiers?: readonly string[];
}

/** The DocumentDB cluster to watch. */
export interface DocumentDbAlarmTargets {
  /** The cluster identifier, named in the alarm descriptions. */
  readonly clusterIdentifier: string;
  /** Every instance of the cluster, at least one. */
  readonly instanceIdentifiers: readonly string[];
}

/** The ElastiCache (Redis OSS / Valkey) replication group to watch. */
export interface CacheAlarmTargets {
  /** The replication group id, named in the alarm descriptions. */
  readonly replicationGroupId: string;
  /** The node (cache cluster) ids of the group, e.g. `openedx-production-001`, at least one. */
  readonly memberClusterIds: readonly string[];
}

/** The OpenSearch domain to watch. */
export interface SearchAlarmTargets {
  /**
   * The literal OpenSearch domain name (the `DomainName` dimension of `AWS/ES` metrics), not a
   * Terraform reference: alarm dimensions are compared as given.
   */
  readonly domainName: string;
  /** The 12-digit account of the domain; OpenSearch metrics carry it as the `ClientId` dimension. */
  readonly accountId: string;
}

/** Props of {@link DataServiceAlarms}. */
export interface DataServiceAlarmsProps {
  /** The topic every alarm notifies, on entering ALARM and on returning to OK. */
  readonly topic: AlertsTopic;
  /**
   * Start of every alarm name, e.g. `openedx-production`; alarms are named
   * `<namePrefix>-<service>-<identifier>-<metric>`. 1-100 letters, digits, `-`, `_` or `.`.
   */
  readonly namePrefix: string;
  /** @default - no MySQL alarms */
  readonly mysql?: MysqlAlarmTargets;
  /** @default - no DocumentDB alarms */
  readonly documentDb?: DocumentDbAlarmTargets;
  /** @default - no ElastiCache alarms */
  readonly cache?: CacheAlarmTargets;
  /** @default - no OpenSearch alarms */
  readonly search?: SearchAlarmTargets;
  /**
   * Alarm when the average CPU of a database instance, cache node (engine thread) or search
   * domain stays above this percentage for 15 minutes.
   * @default 80
   */
  readonly cpuUtilizationPercent?: number;
  /**
   * Alarm when the free storage of an RDS MySQL instance falls below this many bytes.
   * @default 10 GiB
   */
  readonly freeStorageBytes?: number;
  /**
   * Alarm when the free local (temporary table and log) storage of an Aurora or DocumentDB instance
   * falls below this many bytes.
   * @default 2 GiB
   */
  readonly freeLocalStorageBytes?: number;
  /**
   * Alarm when the freeable memory of a MySQL or DocumentDB instance stays below this many bytes
   * for 15 minutes.
   * @default 256 MiB
   */
  readonly freeableMemoryBytes?: number;
  /**
   * Alarm when a MySQL instance holds more connections than this for 15 minutes.
   * @default 800 - 80% of Aurora MySQL's limit on a db.r6g.large, about 60% of RDS MySQL's
   */
  readonly mysqlMaxConnections?: number;
  /**
   * Alarm when a DocumentDB instance holds more connections than this for 15 minutes.
   * @default 1360 - 80% of the limit of a db.r6g.large
   */
  readonly documentDbMaxConnections?: number;
  /**
   * Alarm when a cache node holds more client connections than this for 15 minutes, a sign of
   * leaking connection pools.
   * @default 5000
   */
  readonly cacheMaxConnections?: number;
  /**
   * Alarm when a replica lags its writer by more than this many seconds for 5 minutes (RDS
   * `ReplicaLag`, Aurora `AuroraReplicaLag`, DocumentDB `DBInstanceReplicaLag`).
   * @default 30
   */
  readonly replicaLagSeconds?: number;
  /**
   * Alarm when a cache node uses more than this percentage of its memory for 15 minutes.
   * @default 80
   */
  readonly cacheMemoryPercent?: number;
  /**
   * Alarm when a cache node evicts more keys than this in 5 minutes. The cache also holds the
   * Celery queues, whose evicted keys are lost tasks; 0 alarms on any eviction.
   * @default 100
   */
  readonly evictionsPerPeriod?: number;
  /**
   * Alarm when a node of the search domain has less free storage than this many MiB.
   * @default 20480
   */
  readonly searchFreeStorageMiB?: number;
  /**
   * Alarm when the JVM heap pressure of a search node stays at or above this percentage for
   * 3 minutes; above 92% OpenSearch blocks writes.
   * @default 85
   */
  readonly jvmMemoryPressurePercent?: number;
}

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

type Thresholds = Required<Pick<DataServiceAlarmsProps, ThresholdName>>;
type ThresholdName =
  | "cpuUtilizationPercent"
  | "freeStorageBytes"
  | "freeLocalStorageBytes"
  | "freeableMemoryBytes"
  | "mysqlMaxConnections"
  | "documentDbMaxConnections"
  | "cacheMaxConnections"
  | "replicaLagSeconds"
  | "cacheMemoryPercent"
  | "evictionsPerPeriod"
  | "searchFreeStorageMiB"
  | "jvmMemoryPressurePercent";

const DEFAULT_THRESHOLDS: Thresholds = {
  cpuUtilizationPercent: 80,
  freeStorageBytes: 10 * GIB,
  freeLocalStorageBytes: 2 * GIB,
  freeableMemoryBytes: 256 * MIB,
  mysqlMaxConnections: 800,
  documentDbMaxConnections: 1360,
  cacheMaxConnections: 5000,
  replicaLagSeconds: 30,
  cacheMemoryPercent: 80,
  evictionsPerPeriod: 100,
  searchFreeStorageMiB: 20480,
  jvmMemoryPressurePercent: 85,
};

/**
 * How an alarm treats periods without data:
 * - `missing` for gauges the service reports every minute (CPU, memory, storage, connections):
 *   a gap (an instance being replaced) keeps the last state instead of paging;
 * - `notBreaching` where silence is the healthy case: evictions are reported only when they
 *   happen, and a writer reports no replica lag of its own;
 * - `breaching` where silence itself is the failure: a search domain that stops reporting its
 *   status is as unknown as a red one.
 */
type MissingData = "missing" | "notBreaching" | "breaching";

interface AlarmSpec {
  /** Construct id, `<Service>-<identifier>-<Metric>`. */
  readonly id: string;
  /** Alarm name after the prefix, `<service>-<identifier>-<metric>`. */
  readonly name: string;
  readonly description: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly statistic: "Average" | "Minimum" | "Maximum" | "Sum";
  readonly comparison: "GreaterThanThreshold" | "GreaterThanOrEqualToThreshold" | "LessThanThreshold" | "LessThanOrEqualToThreshold";
  readonly threshold: number;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly missingData: MissingData;
}

/**
 * CloudWatch alarms on the data services of an environment, each notifying the alerts topic when
 * it fires and when it recovers. Identifiers are plain literal strings, so the alarms can be added
 * for any database, cache or domain, whichever construct made it.
 *
 * Alarms, per service (statistic, period × evaluation periods, missing data):
 * - MySQL (`AWS/RDS`, per instance): `CPUUtilization` (Average, 5 min × 3, missing),
 *   `FreeStorageSpace` for RDS or `FreeLocalStorage` for Aurora (Minimum, 5 min × 1, missing),
 *   `FreeableMemory` (Average, 5 min × 3, missing), `DatabaseConnections` (Maximum, 5 min × 3,
 *   missing); for each RDS read replica `ReplicaLag` (Maximum, 1 min × 5, missing) and
 *   `ReplicaLag` below 0, which RDS reports when replication has stopped (Minimum, 1 min × 5,
 *   missing); for each Aurora instance when there are readers, `AuroraReplicaLag` (Maximum,
 *   1 min × 5, notBreaching: the writer reports none).
 * - DocumentDB (`AWS/DocDB`, per instance): `CPUUtilization`, `FreeableMemory`,
 *   `DatabaseConnections` as for MySQL, `FreeLocalStorage` (Minimum, 5 min × 1, missing) and,
 *   with two or more instances, `DBInstanceReplicaLag` in milliseconds (Maximum, 1 min × 5,
 *   notBreaching).
 * - ElastiCache (`AWS/ElastiCache`, per node): `EngineCPUUtilization` (Average, 5 min × 3,
 *   missing), `DatabaseMemoryUsagePercentage` (Average, 5 min × 3, missing), `Evictions` (Sum,
 *   5 min × 1, notBreaching), `CurrConnections` (Maximum, 5 min × 3, missing).
 * - OpenSearch (`AWS/ES`, per domain and account): `ClusterStatus.red` (Maximum ≥ 1, 1 min × 1,
 *   breaching), `ClusterStatus.yellow` (Maximum ≥ 1, 1 min × 5, missing), `FreeStorageSpace`
 *   (Minimum, 1 min × 1, missing), `JVMMemoryPressure` (Maximum, 1 min × 3, missing),
 *   `CPUUtilization` (Average, 5 min × 3, missing).
 *
 * Construct ids are API (changing one replaces the alarm): `<Service>-<identifier>-<Metric>`,
 * e.g. `Mysql-openedx-production-CPUUtilization`, `Cache-openedx-production-001-Evictions`,
 * `Search-openedx-production-ClusterStatusRed`.
 *
 * @resource aws_cloudwatch_metric_alarm
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html
 */
export class DataServiceAlarms extends Construct {
  /** The names of every alarm, in creation order. @attribute */
  readonly alarmNames: readonly string[];
  /** The alarm resources, by construct id. */
  readonly alarms: Readonly<Record<string, CloudwatchMetricAlarm>>;

  constructor(scope: Construct, id: string, props: DataServiceAlarmsProps) {
    super(scope, id);
    validateProps(this, props);
    const thresholds: Thresholds = { ...DEFAULT_THRESHOLDS, ...definedThresholds(props) };
    const specs = [
      ...(props.mysql ? mysqlAlarms(props.mysql, thresholds) : []),
      ...(props.documentDb ? documentDbAlarms(props.documentDb, thresholds) : []),
      ...(props.cache ? cacheAlarms(props.cache, thresholds) : []),
      ...(props.search ? searchAlarms(props.search, thresholds) : []),
    ];
    const actions = [props.topic.topicArn];
    const alarms: Record<string, CloudwatchMetricAlarm> = {};
    for (const spec of specs) {
      alarms[spec.id] = new CloudwatchMetricAlarm(this, spec.id, {
        alarmName: `${props.namePrefix}-${spec.name}`,
        alarmDescription: spec.description,
        namespace: spec.namespace,
        metricName: spec.metricName,
        dimensions: { ...spec.dimensions },
        statistic: spec.statistic,
        comparisonOperator: spec.comparison,
        threshold: spec.threshold,
        period: spec.periodSeconds,
        evaluationPeriods: spec.evaluationPeriods,
        treatMissingData: spec.missingData,
        alarmActions: actions,
        okActions: actions,
      });
    }
    this.alarms = alarms;
    this.alarmNames = specs.map((spec) => `${props.namePrefix}-${spec.name}`);
  }
}

function definedThresholds(props: DataServiceAlarmsProps): Partial<Thresholds> {
  const defined: Partial<Record<ThresholdName, number>> = {};
  for (const name of Object.keys(DEFAULT_THRESHOLDS) as ThresholdName[]) {
    const value = props[name];
    if (value !== undefined) {
      defined[name] = value;
    }
  }
  return defined;
}

function mysqlAlarms(mysql: MysqlAlarmTargets, t: Thresholds): AlarmSpec[] {
  const aurora = mysql.engine === "aurora-mysql";
  const replicas = mysql.readReplicaIdentifiers ?? [];
  const of = (instance: string) => (mysql.clusterIdentifier ? `Aurora MySQL ${instance} (cluster ${mysql.clusterIdentifier})` : `MySQL ${instance}`);
  const rds = (instance: string, metricName: string) => ({
    namespace: "AWS/RDS",
    metricName,
    dimensions: { DBInstanceIdentifier: instance },
    ...ids("Mysql", "mysql", instance, metricName),
  });
  const instanceAlarms = [...mysql.instanceIdentifiers, ...replicas].flatMap((instance): AlarmSpec[] => [
    {
      ...rds(instance, "CPUUtilization"),
      description: `${of(instance)}: average CPU above ${t.cpuUtilizationPercent}% for 15 minutes`,
      ...gauge("Average", "GreaterThanThreshold", t.cpuUtilizationPercent),
    },
    aurora
      ? {
          ...rds(instance, "FreeLocalStorage"),
          description: `${of(instance)}: local storage for temporary tables and logs below ${bytes(t.freeLocalStorageBytes)}`,
          ...lowWaterMark(t.freeLocalStorageBytes),
        }
      : {
          ...rds(instance, "FreeStorageSpace"),
          description: `${of(instance)}: free storage below ${bytes(t.freeStorageBytes)}; the instance stops accepting writes when it runs out`,
          ...lowWaterMark(t.freeStorageBytes),
        },
    {
      ...rds(instance, "FreeableMemory"),
      description: `${of(instance)}: freeable memory below ${bytes(t.freeableMemoryBytes)} for 15 minutes`,
      ...gauge("Average", "LessThanThreshold", t.freeableMemoryBytes),
    },
    {
      ...rds(instance, "DatabaseConnections"),
      description: `${of(instance)}: more than ${t.mysqlMaxConnections} connections for 15 minutes`,
      ...gauge("Maximum", "GreaterThanThreshold", t.mysqlMaxConnections),
    },
  ]);
  const lagAlarms = aurora
    ? mysql.instanceIdentifiers.length > 1
      ? mysql.instanceIdentifiers.map((instance): AlarmSpec => ({
          ...rds(instance, "AuroraReplicaLag"),
          description: `${of(instance)}: as a reader, more than ${t.replicaLagSeconds} s behind the writer for 5 minutes`,
          ...lag(t.replicaLagSeconds * 1000, "notBreaching"),
        }))
      : []
    : replicas.flatMap((replica): AlarmSpec[] => [
        {
          ...rds(replica, "ReplicaLag"),
          description: `${of(replica)}: more than ${t.replicaLagSeconds} s behind its source for 5 minutes`,
          ...lag(t.replicaLagSeconds, "missing"),
        },
        {
          ...rds(replica, "ReplicaLag"),
          ...ids("Mysql", "mysql", replica, "ReplicationStopped"),
          description: `${of(replica)}: replication has stopped (ReplicaLag is -1) for 5 minutes`,
          statistic: "Minimum",
          comparison: "LessThanThreshold",
          threshold: 0,
          periodSeconds: 60,
          evaluationPeriods: 5,
          missingData: "missing",
        },
      ]);
  return [...instanceAlarms, ...lagAlarms];
}

function documentDbAlarms(documentDb: DocumentDbAlarmTargets, t: Thresholds): AlarmSpec[] {
  const of = (instance: string) => `DocumentDB ${instance} (cluster ${documentDb.clusterIdentifier})`;
  const docdb = (instance: string, metricName: string) => ({
    namespace: "AWS/DocDB",
    metricName,
    dimensions: { DBInstanceIdentifier: instance },
    ...ids("DocumentDb", "docdb", instance, metricName),
  });
  const replicated = documentDb.instanceIdentifiers.length > 1;
  return documentDb.instanceIdentifiers.flatMap((instance): AlarmSpec[] => [
    {
      ...docdb(instance, "CPUUtilization"),
      description: `${of(instance)}: average CPU above ${t.cpuUtilizationPercent}% for 15 minutes`,
      ...gauge("Average", "GreaterThanThreshold", t.cpuUtilizationPercent),
    },
    {
      ...docdb(instance, "FreeableMemory"),
      description: `${of(instance)}: freeable memory below ${bytes(t.freeableMemoryBytes)} for 15 minutes`,
      ...gauge("Average", "LessThanThreshold", t.freeableMemoryBytes),
    },
    {
      ...docdb(instance, "DatabaseConnections"),
      description: `${of(instance)}: more than ${t.documentDbMaxConnections} connections for 15 minutes`,
      ...gauge("Maximum", "GreaterThanThreshold", t.documentDbMaxConnections),
    },
    {
      ...docdb(instance, "FreeLocalStorage"),
      description: `${of(instance)}: local storage for temporary data and logs below ${bytes(t.freeLocalStorageBytes)}`,
      ...lowWaterMark(t.freeLocalStorageBytes),
    },
    ...(replicated
      ? [
          {
            ...docdb(instance, "DBInstanceReplicaLag"),
            description: `${of(instance)}: as a replica, more than ${t.replicaLagSeconds} s behind the primary for 5 minutes`,
            ...lag(t.replicaLagSeconds * 1000, "notBreaching"),
          },
        ]
      : []),
  ]);
}

function cacheAlarms(cache: CacheAlarmTargets, t: Thresholds): AlarmSpec[] {
  const of = (node: string) => `ElastiCache node ${node} (replication group ${cache.replicationGroupId})`;
  const elasticache = (node: string, metricName: string) => ({
    namespace: "AWS/ElastiCache",
    metricName,
    dimensions: { CacheClusterId: node },
    ...ids("Cache", "cache", node, metricName),
  });
  return cache.memberClusterIds.flatMap((node): AlarmSpec[] => [
    {
      ...elasticache(node, "EngineCPUUtilization"),
      description: `${of(node)}: engine thread CPU above ${t.cpuUtilizationPercent}% for 15 minutes`,
      ...gauge("Average", "GreaterThanThreshold", t.cpuUtilizationPercent),
    },
    {
      ...elasticache(node, "DatabaseMemoryUsagePercentage"),
      description: `${of(node)}: memory use above ${t.cacheMemoryPercent}% for 15 minutes`,
      ...gauge("Average", "GreaterThanThreshold", t.cacheMemoryPercent),
    },
    {
      ...elasticache(node, "Evictions"),
      description: `${of(node)}: more than ${t.evictionsPerPeriod} keys evicted in 5 minutes; evicted Celery keys are lost tasks`,
      statistic: "Sum",
      comparison: "GreaterThanThreshold",
      threshold: t.evictionsPerPeriod,
      periodSeconds: 300,
      evaluationPeriods: 1,
      missingData: "notBreaching",
    },
    {
      ...elasticache(node, "CurrConnections"),
      description: `${of(node)}: more than ${t.cacheMaxConnections} client connections for 15 minutes`,
      ...gauge("Maximum", "GreaterThanThreshold", t.cacheMaxConnections),
    },
  ]);
}

function searchAlarms(search: SearchAlarmTargets, t: Thresholds): AlarmSpec[] {
  const of = `OpenSearch domain ${search.domainName}`;
  const es = (metricName: string, slug: string) => ({
    namespace: "AWS/ES",
    metricName,
    dimensions: { DomainName: search.domainName, ClientId: search.accountId },
    ...ids("Search", "search", search.domainName, slug),
  });
  return [
    {
      ...es("ClusterStatus.red", "ClusterStatusRed"),
      description: `${of}: cluster status red, at least one primary shard is unassigned and its data unavailable`,
      statistic: "Maximum",
      comparison: "GreaterThanOrEqualToThreshold",
      threshold: 1,
      periodSeconds: 60,
      evaluationPeriods: 1,
      missingData: "breaching",
    },
    {
      ...es("ClusterStatus.yellow", "ClusterStatusYellow"),
      description: `${of}: cluster status yellow for 5 minutes, replica shards are unassigned`,
      statistic: "Maximum",
      comparison: "GreaterThanOrEqualToThreshold",
      threshold: 1,
      periodSeconds: 60,
      evaluationPeriods: 5,
      missingData: "missing",
    },
    {
      ...es("FreeStorageSpace", "FreeStorageSpace"),
      description: `${of}: a node has less than ${t.searchFreeStorageMiB} MiB of free storage`,
      statistic: "Minimum",
      comparison: "LessThanOrEqualToThreshold",
      threshold: t.searchFreeStorageMiB,
      periodSeconds: 60,
      evaluationPeriods: 1,
      missingData: "missing",
    },
    {
      ...es("JVMMemoryPressure", "JVMMemoryPressure"),
      description: `${of}: JVM memory pressure at or above ${t.jvmMemoryPressurePercent}% for 3 minutes`,
      statistic: "Maximum",
      comparison: "GreaterThanOrEqualToThreshold",
      threshold: t.jvmMemoryPressurePercent,
      periodSeconds: 60,
      evaluationPeriods: 3,
      missingData: "missing",
    },
    {
      ...es("CPUUtilization", "CPUUtilization"),
      description: `${of}: average CPU above ${t.cpuUtilizationPercent}% for 15 minutes`,
      ...gauge("Average", "GreaterThanThreshold", t.cpuUtilizationPercent),
    },
  ];
}

function ids(service: string, serviceName: string, identifier: string, metric: string): Pick<AlarmSpec, "id" | "name"> {
  return { id: `${service}-${identifier}-${metric}`, name: `${serviceName}-${identifier}-${kebab(metric)}` };
}

/** A gauge sampled every 5 minutes that must stay beyond the threshold for 15 minutes. */
function gauge(statistic: AlarmSpec["statistic"], comparison: AlarmSpec["comparison"], threshold: number) {
  return { statistic, comparison, threshold, periodSeconds: 300, evaluationPeriods: 3, missingData: "missing" } as const;
}

/** Free space that alarms as soon as its lowest sample in 5 minutes crosses the threshold. */
function lowWaterMark(threshold: number) {
  return { statistic: "Minimum", comparison: "LessThanThreshold", threshold, periodSeconds: 300, evaluationPeriods: 1, missingData: "missing" } as const;
}

/** Replication lag, sampled every minute, above the threshold for 5 minutes. */
function lag(threshold: number, missingData: MissingData) {
  return { statistic: "Maximum", comparison: "GreaterThanThreshold", threshold, periodSeconds: 60, evaluationPeriods: 5, missingData } as const;
}

function kebab(metric: string): string {
  return metric
    .replace(/\./g, "-")
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1-$2")
    .toLowerCase();
}

function bytes(value: number): string {
  if (value % GIB === 0) return `${value / GIB} GiB`;
  if (value % MIB === 0) return `${value / MIB} MiB`;
  return `${value} bytes`;
}

const NAME_PREFIX = /^[A-Za-z0-9_.-]{1,100}$/;
// RDS and DocumentDB: a letter, then letters, digits and single hyphens, not ending in a hyphen.
const DB_IDENTIFIER = /^[A-Za-z](?!.*--)[A-Za-z0-9-]{0,62}(?<!-)$/;
const CACHE_ID = /^[a-z](?!.*--)[a-z0-9-]{0,49}(?<!-)$/;
const DOMAIN_NAME = /^[a-z][a-z0-9-]{2,27}$/;
const ACCOUNT_ID = /^\d{12}$/;

const PERCENT_THRESHOLDS: readonly ThresholdName[] = ["cpuUtilizationPercent", "cacheMemoryPercent", "jvmMemoryPressurePercent"];
const COUNT_THRESHOLDS: readonly ThresholdName[] = ["mysqlMaxConnections", "documentDbMaxConnections", "cacheMaxConnections", "evictionsPerPeriod"];

function validateProps(scope: Construct, props: DataServiceAlarmsProps): void {
  const problems: string[] = [];
  const identifiers = (prop: string, values: readonly string[], pattern: RegExp, allowed: string, minimum: number) => {
    if (values.length < minimum) {
      problems.push(`${prop} must list at least ${minimum} identifier, got none`);
    }
    const seen = new Set<string>();
    for (const value of values) {
      identifier(prop, value, pattern, allowed);
      if (seen.has(value)) {
        problems.push(`${prop} must not repeat an identifier, got "${value}" twice`);
      }
      seen.add(value);
    }
  };
  // Identifiers name construct ids and alarm names, so they must be literals.
  const identifier = (prop: string, value: string, pattern: RegExp, allowed: string) => {
    if (Token.isUnresolved(value) || !pattern.test(value)) {
      problems.push(`${prop} must hold literal ${allowed}, got "${value}"`);
    }
  };
  const dbAllowed = "DB identifiers (1-63 letters, digits and single hyphens, starting with a letter, not ending with a hyphen)";

  if (!NAME_PREFIX.test(props.namePrefix)) {
    problems.push(`namePrefix must be 1-100 letters, digits, "-", "_" or ".", got "${props.namePrefix}"`);
  }
  if (!props.mysql && !props.documentDb && !props.cache && !props.search) {
    problems.push("at least one of mysql, documentDb, cache or search must be given, or there is nothing to watch");
  }
  const { mysql, documentDb, cache, search } = props;
  if (mysql) {
    if ((mysql.engine as string) !== "mysql" && (mysql.engine as string) !== "aurora-mysql") {
      problems.push(`mysql.engine must be "mysql" or "aurora-mysql", got "${mysql.engine}"`);
    }
    identifiers("mysql.instanceIdentifiers", mysql.instanceIdentifiers, DB_IDENTIFIER, dbAllowed, 1);
    identifiers("mysql.readReplicaIdentifiers", mysql.readReplicaIdentifiers ?? [], DB_IDENTIFIER, dbAllowed, 0);
    for (const replica of mysql.readReplicaIdentifiers ?? []) {
      if (mysql.instanceIdentifiers.includes(replica)) {
        problems.push(`mysql.readReplicaIdentifiers must not repeat an identifier of mysql.instanceIdentifiers, got "${replica}" in both`);
      }
    }
    if (mysql.clusterIdentifier !== undefined) {
      identifier("mysql.clusterIdentifier", mysql.clusterIdentifier, DB_IDENTIFIER, dbAllowed);
    }
    if (mysql.engine === "aurora-mysql" && mysql.readReplicaIdentifiers !== undefined) {
      problems.push("mysql.readReplicaIdentifiers applies to engine mysql only; list Aurora readers in mysql.instanceIdentifiers");
    }
    if (mysql.engine === "mysql" && mysql.clusterIdentifier !== undefined) {
      problems.push("mysql.clusterIdentifier applies to engine aurora-mysql only");
    }
  }
  if (documentDb) {
    identifier("documentDb.clusterIdentifier", documentDb.clusterIdentifier, DB_IDENTIFIER, dbAllowed);
    identifiers("documentDb.instanceIdentifiers", documentDb.instanceIdentifiers, DB_IDENTIFIER, dbAllowed, 1);
  }
  if (cache) {
    const cacheAllowed = "ElastiCache ids (1-50 lowercase letters, digits and single hyphens, starting with a letter, not ending with a hyphen)";
    identifier("cache.replicationGroupId", cache.replicationGroupId, CACHE_ID, cacheAllowed);
    identifiers("cache.memberClusterIds", cache.memberClusterIds, CACHE_ID, cacheAllowed, 1);
  }
  if (search) {
    identifier("search.domainName", search.domainName, DOMAIN_NAME, "OpenSearch domain names (3-28 lowercase letters, digits and hyphens, starting with a letter)");
    identifier("search.accountId", search.accountId, ACCOUNT_ID, "12-digit AWS account ids");
  }
  for (const name of Object.keys(DEFAULT_THRESHOLDS) as ThresholdName[]) {
    const value = props[name];
    if (value === undefined || Token.isUnresolved(value)) {
      continue;
    }
    if (COUNT_THRESHOLDS.includes(name)) {
      const minimum = name === "evictionsPerPeriod" ? 0 : 1;
      if (!Number.isInteger(value) || value < minimum) {
        problems.push(`${name} must be a whole number of at least ${minimum}, got ${value}`);
      }
    } else if (PERCENT_THRESHOLDS.includes(name)) {
      if (!Number.isFinite(value) || value <= 0 || value > 100) {
        problems.push(`${name} must be a percentage above 0 and at most 100, got ${value}`);
      }
    } else if (!Number.isFinite(value) || value <= 0) {
      problems.push(`${name} must be a positive number, got ${value}`);
    }
  }
  if (problems.length > 0) {
    throw new ValidationError(problems.join("; "), scope);
  }
}

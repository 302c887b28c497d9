import { TerraformVariable } from "cdktf";
import { describe, expect, it } from "vitest";
import { AlertsTopic } from "../../src/alerts/alerts-topic";
import { DataServiceAlarms, DataServiceAlarmsProps } from "../../src/alerts/data-service-alarms";
import { KmsKey } from "../../src/encryption/kms-key";
import { SynthesizedStack, testStack } from "../synth";

type Alarm = Record<string, unknown>;

interface Synthesized {
  readonly synth: SynthesizedStack;
  readonly alarms: DataServiceAlarms;
  readonly topicArn: string;
  /** The alarm whose construct id is `id`. */
  alarm(id: string): Alarm;
}

function synthAlarms(props: Omit<DataServiceAlarmsProps, "topic" | "namePrefix"> & { namePrefix?: string }): Synthesized {
  const stack = testStack();
  const key = new KmsKey(stack, "logs", { aliasName: "openedx/test/logs", description: "logs" });
  const topic = new AlertsTopic(stack, "topic", { name: "openedx-production-alerts", encryptionKey: key, emailAddresses: ["alerts@example.edu"] });
  const alarms = new DataServiceAlarms(stack, "alarms", { topic, namePrefix: "openedx-production", ...props });
  const synth = new SynthesizedStack(stack);
  return {
    synth,
    alarms,
    topicArn: synth.ref("aws_sns_topic", "topic/Resource", "arn"),
    alarm: (id) => synth.byPath("aws_cloudwatch_metric_alarm", `alarms/${id}`),
  };
}

function build(props: Partial<DataServiceAlarmsProps>): () => DataServiceAlarms {
  return () => {
    const stack = testStack();
    const key = new KmsKey(stack, "logs", { aliasName: "openedx/test/logs", description: "logs" });
    const topic = new AlertsTopic(stack, "topic", { name: "alerts", encryptionKey: key, emailAddresses: ["alerts@example.edu"] });
    return new DataServiceAlarms(stack, "alarms", { topic, namePrefix: "openedx-production", ...props });
  };
}

const GIB = 1024 ** 3;

describe("DataServiceAlarms for RDS MySQL", () => {
  const { synth, alarms, topicArn, alarm } = synthAlarms({
    mysql: { engine: "mysql", instanceIdentifiers: ["openedx-production"], readReplicaIdentifiers: ["openedx-production-replica"] },
  });

  it("watches CPU, storage, memory and connections of every instance, and lag of the replica", () => {
    expect(synth.resources("aws_cloudwatch_metric_alarm")).toHaveLength(10);
    expect(alarms.alarmNames).toEqual([
      "openedx-production-mysql-openedx-production-cpu-utilization",
      "openedx-production-mysql-openedx-production-free-storage-space",
      "openedx-production-mysql-openedx-production-freeable-memory",
      "openedx-production-mysql-openedx-production-database-connections",
      "openedx-production-mysql-openedx-production-replica-cpu-utilization",
      "openedx-production-mysql-openedx-production-replica-free-storage-space",
      "openedx-production-mysql-openedx-production-replica-freeable-memory",
      "openedx-production-mysql-openedx-production-replica-database-connections",
      "openedx-production-mysql-openedx-production-replica-replica-lag",
      "openedx-production-mysql-openedx-production-replica-replication-stopped",
    ]);
  });

  it("alarms on CPU above 80% for 15 minutes and notifies the topic on ALARM and OK", () => {
    expect(alarm("Mysql-openedx-production-CPUUtilization")).toMatchObject({
      alarm_name: "openedx-production-mysql-openedx-production-cpu-utilization",
      alarm_description: "MySQL openedx-production: average CPU above 80% for 15 minutes",
      namespace: "AWS/RDS",
      metric_name: "CPUUtilization",
      dimensions: { DBInstanceIdentifier: "openedx-production" },
      statistic: "Average",
      comparison_operator: "GreaterThanThreshold",
      threshold: 80,
      period: 300,
      evaluation_periods: 3,
      treat_missing_data: "missing",
      alarm_actions: [topicArn],
      ok_actions: [topicArn],
    });
  });

  it("alarms as soon as free storage falls below 10 GiB", () => {
    expect(alarm("Mysql-openedx-production-FreeStorageSpace")).toMatchObject({
      metric_name: "FreeStorageSpace",
      statistic: "Minimum",
      comparison_operator: "LessThanThreshold",
      threshold: 10 * GIB,
      period: 300,
      evaluation_periods: 1,
    });
  });

  it("alarms on freeable memory below 256 MiB and more than 800 connections", () => {
    expect(alarm("Mysql-openedx-production-FreeableMemory")).toMatchObject({ comparison_operator: "LessThanThreshold", threshold: 256 * 1024 ** 2 });
    expect(alarm("Mysql-openedx-production-DatabaseConnections")).toMatchObject({ statistic: "Maximum", comparison_operator: "GreaterThanThreshold", threshold: 800 });
  });

  it("alarms when the replica lags by more than 30 s for 5 minutes, or has stopped replicating (ReplicaLag -1)", () => {
    expect(alarm("Mysql-openedx-production-replica-ReplicaLag")).toMatchObject({
      metric_name: "ReplicaLag",
      dimensions: { DBInstanceIdentifier: "openedx-production-replica" },
      statistic: "Maximum",
      comparison_operator: "GreaterThanThreshold",
      threshold: 30,
      period: 60,
      evaluation_periods: 5,
    });
    expect(alarm("Mysql-openedx-production-replica-ReplicationStopped")).toMatchObject({
      metric_name: "ReplicaLag",
      statistic: "Minimum",
      comparison_operator: "LessThanThreshold",
      threshold: 0,
      evaluation_periods: 5,
    });
  });

  it("puts no replica-lag alarm on the source instance", () => {
    expect(() => alarm("Mysql-openedx-production-ReplicaLag")).toThrow();
  });
});

describe("DataServiceAlarms for Aurora MySQL", () => {
  const { synth, alarm } = synthAlarms({
    mysql: { engine: "aurora-mysql", clusterIdentifier: "openedx-production", instanceIdentifiers: ["openedx-production-1", "openedx-production-2"] },
  });

  it("watches local storage instead of FreeStorageSpace, which Aurora does not report", () => {
    const metrics = synth.resources("aws_cloudwatch_metric_alarm").map(([, config]) => config.metric_name);
    expect(metrics).not.toContain("FreeStorageSpace");
    expect(alarm("Mysql-openedx-production-1-FreeLocalStorage")).toMatchObject({
      alarm_description: "Aurora MySQL openedx-production-1 (cluster openedx-production): local storage for temporary tables and logs below 2 GiB",
      statistic: "Minimum",
      threshold: 2 * GIB,
    });
  });

  it("watches every instance's AuroraReplicaLag in milliseconds, treating no data as healthy since the writer reports none", () => {
    for (const instance of ["openedx-production-1", "openedx-production-2"]) {
      expect(alarm(`Mysql-${instance}-AuroraReplicaLag`)).toMatchObject({
        metric_name: "AuroraReplicaLag",
        dimensions: { DBInstanceIdentifier: instance },
        threshold: 30000,
        treat_missing_data: "notBreaching",
      });
    }
    expect(synth.resources("aws_cloudwatch_metric_alarm")).toHaveLength(10);
  });

  it("has no lag alarm for a single-instance cluster", () => {
    const single = synthAlarms({ mysql: { engine: "aurora-mysql", instanceIdentifiers: ["openedx-staging-1"] } });
    expect(single.synth.resources("aws_cloudwatch_metric_alarm").map(([, config]) => config.metric_name)).toEqual([
      "CPUUtilization",
      "FreeLocalStorage",
      "FreeableMemory",
      "DatabaseConnections",
    ]);
  });
});

describe("DataServiceAlarms for DocumentDB", () => {
  const { synth, alarm } = synthAlarms({ documentDb: { clusterIdentifier: "openedx-docdb", instanceIdentifiers: ["openedx-docdb-1", "openedx-docdb-2"] } });

  it("watches CPU, memory, connections, local storage and replica lag of every instance", () => {
    expect(synth.resources("aws_cloudwatch_metric_alarm")).toHaveLength(10);
    expect(alarm("DocumentDb-openedx-docdb-2-DatabaseConnections")).toMatchObject({
      alarm_name: "openedx-production-docdb-openedx-docdb-2-database-connections",
      alarm_description: "DocumentDB openedx-docdb-2 (cluster openedx-docdb): more than 1360 connections for 15 minutes",
      namespace: "AWS/DocDB",
      dimensions: { DBInstanceIdentifier: "openedx-docdb-2" },
      threshold: 1360,
    });
    expect(alarm("DocumentDb-openedx-docdb-1-DBInstanceReplicaLag")).toMatchObject({
      alarm_name: "openedx-production-docdb-openedx-docdb-1-db-instance-replica-lag",
      metric_name: "DBInstanceReplicaLag",
      threshold: 30000,
      treat_missing_data: "notBreaching",
    });
    expect(alarm("DocumentDb-openedx-docdb-1-FreeLocalStorage")).toMatchObject({ namespace: "AWS/DocDB", threshold: 2 * GIB });
  });

  it("has no lag alarm for a single instance", () => {
    const single = synthAlarms({ documentDb: { clusterIdentifier: "openedx-docdb", instanceIdentifiers: ["openedx-docdb-1"] } });
    expect(single.synth.resources("aws_cloudwatch_metric_alarm")).toHaveLength(4);
  });
});

describe("DataServiceAlarms for ElastiCache", () => {
  const { synth, alarm } = synthAlarms({ cache: { replicationGroupId: "openedx-production", memberClusterIds: ["openedx-production-001", "openedx-production-002"] } });

  it("watches engine CPU, memory, evictions and connections of every node", () => {
    expect(synth.resources("aws_cloudwatch_metric_alarm")).toHaveLength(8);
    expect(alarm("Cache-openedx-production-002-EngineCPUUtilization")).toMatchObject({
      alarm_name: "openedx-production-cache-openedx-production-002-engine-cpu-utilization",
      namespace: "AWS/ElastiCache",
      dimensions: { CacheClusterId: "openedx-production-002" },
      threshold: 80,
    });
    expect(alarm("Cache-openedx-production-001-DatabaseMemoryUsagePercentage")).toMatchObject({ statistic: "Average", threshold: 80 });
    expect(alarm("Cache-openedx-production-001-CurrConnections")).toMatchObject({ statistic: "Maximum", threshold: 5000 });
  });

  it("alarms on more than 100 evictions in 5 minutes, treating no data as no evictions", () => {
    expect(alarm("Cache-openedx-production-001-Evictions")).toMatchObject({
      statistic: "Sum",
      comparison_operator: "GreaterThanThreshold",
      threshold: 100,
      period: 300,
      evaluation_periods: 1,
      treat_missing_data: "notBreaching",
    });
  });
});

describe("DataServiceAlarms for OpenSearch", () => {
  const { synth, alarm } = synthAlarms({ search: { domainName: "openedx-production", accountId: "111122223333" } });
  const dimensions = { DomainName: "openedx-production", ClientId: "111122223333" };

  it("watches cluster status, storage, JVM memory pressure and CPU of the domain", () => {
    expect(synth.resources("aws_cloudwatch_metric_alarm").map(([, config]) => config.metric_name)).toEqual([
      "ClusterStatus.red",
      "ClusterStatus.yellow",
      "FreeStorageSpace",
      "JVMMemoryPressure",
      "CPUUtilization",
    ]);
    for (const [, config] of synth.resources("aws_cloudwatch_metric_alarm")) {
      expect(config).toMatchObject({ namespace: "AWS/ES", dimensions });
    }
  });

  it("alarms on a red cluster within a minute, treating a silent domain as red", () => {
    expect(alarm("Search-openedx-production-ClusterStatusRed")).toMatchObject({
      alarm_name: "openedx-production-search-openedx-production-cluster-status-red",
      statistic: "Maximum",
      comparison_operator: "GreaterThanOrEqualToThreshold",
      threshold: 1,
      period: 60,
      evaluation_periods: 1,
      treat_missing_data: "breaching",
    });
    expect(alarm("Search-openedx-production-ClusterStatusYellow")).toMatchObject({ evaluation_periods: 5, treat_missing_data: "missing" });
  });

  it("alarms on free storage at or below 20480 MiB and JVM memory pressure at or above 85%", () => {
    expect(alarm("Search-openedx-production-FreeStorageSpace")).toMatchObject({ statistic: "Minimum", comparison_operator: "LessThanOrEqualToThreshold", threshold: 20480 });
    expect(alarm("Search-openedx-production-JVMMemoryPressure")).toMatchObject({ comparison_operator: "GreaterThanOrEqualToThreshold", threshold: 85, evaluation_periods: 3 });
  });
});

describe("DataServiceAlarms thresholds", () => {
  it("uses the thresholds given", () => {
    const { alarm } = synthAlarms({
      mysql: { engine: "mysql", instanceIdentifiers: ["db"], readReplicaIdentifiers: ["db-replica"] },
      cache: { replicationGroupId: "cache", memberClusterIds: ["cache-001"] },
      search: { domainName: "search", accountId: "111122223333" },
      cpuUtilizationPercent: 90,
      freeStorageBytes: 5 * GIB,
      mysqlMaxConnections: 200,
      replicaLagSeconds: 120,
      cacheMemoryPercent: 70,
      evictionsPerPeriod: 0,
      searchFreeStorageMiB: 5120,
      jvmMemoryPressurePercent: 92,
    });
    expect(alarm("Mysql-db-CPUUtilization")).toMatchObject({ threshold: 90, alarm_description: "MySQL db: average CPU above 90% for 15 minutes" });
    expect(alarm("Mysql-db-FreeStorageSpace")).toMatchObject({ threshold: 5 * GIB });
    expect(alarm("Mysql-db-DatabaseConnections")).toMatchObject({ threshold: 200 });
    expect(alarm("Mysql-db-replica-ReplicaLag")).toMatchObject({ threshold: 120 });
    expect(alarm("Cache-cache-001-DatabaseMemoryUsagePercentage")).toMatchObject({ threshold: 70 });
    expect(alarm("Cache-cache-001-Evictions")).toMatchObject({ threshold: 0 });
    expect(alarm("Search-search-FreeStorageSpace")).toMatchObject({ threshold: 5120 });
    expect(alarm("Search-search-JVMMemoryPressure")).toMatchObject({ threshold: 92 });
  });

  it("passes the OpenedxAws policy pack together with its topic", () => {
    expect(() => synthAlarms({ cache: { replicationGroupId: "cache", memberClusterIds: ["cache-001"] } })).not.toThrow();
  });
});

describe("DataServiceAlarms validation", () => {
  const mysql = { engine: "mysql", instanceIdentifiers: ["db"] } as const;

  it("throws when nothing is to be watched", () => {
    expect(build({})).toThrow("at least one of mysql, documentDb, cache or search must be given, or there is nothing to watch (at test/alarms)");
  });

  it("throws on a bad name prefix", () => {
    expect(build({ namePrefix: "openedx production", mysql })).toThrow('namePrefix must be 1-100 letters, digits, "-", "_" or ".", got "openedx production"');
  });

  it("throws on a bad or repeated DB identifier", () => {
    expect(build({ mysql: { engine: "mysql", instanceIdentifiers: ["1db", "db", "db"] } })).toThrow(
      'mysql.instanceIdentifiers must hold literal DB identifiers (1-63 letters, digits and single hyphens, starting with a letter, not ending with a hyphen), got "1db"; mysql.instanceIdentifiers must not repeat an identifier, got "db" twice (at test/alarms)',
    );
  });

  it("throws on an empty instance list", () => {
    expect(build({ documentDb: { clusterIdentifier: "docdb", instanceIdentifiers: [] } })).toThrow("documentDb.instanceIdentifiers must list at least 1 identifier, got none");
  });

  it("throws on an identifier that is a token, since it names construct ids", () => {
    const make = () => {
      const stack = testStack();
      const key = new KmsKey(stack, "logs", { aliasName: "openedx/test/logs", description: "logs" });
      const topic = new AlertsTopic(stack, "topic", { name: "alerts", encryptionKey: key, emailAddresses: ["alerts@example.edu"] });
      const id = new TerraformVariable(stack, "id", { type: "string" }).stringValue;
      return new DataServiceAlarms(stack, "alarms", { topic, namePrefix: "p", mysql: { engine: "mysql", instanceIdentifiers: [id] } });
    };
    expect(make).toThrow(/mysql\.instanceIdentifiers must hold literal DB identifiers .*, got "\$\{TfToken\[TOKEN\.\d+\]\}"/);
  });

  it("throws when replicas are listed twice or given for Aurora, and a cluster is given for RDS", () => {
    expect(build({ mysql: { engine: "mysql", instanceIdentifiers: ["db"], readReplicaIdentifiers: ["db"], clusterIdentifier: "cluster" } })).toThrow(
      'mysql.readReplicaIdentifiers must not repeat an identifier of mysql.instanceIdentifiers, got "db" in both; mysql.clusterIdentifier applies to engine aurora-mysql only (at test/alarms)',
    );
    expect(build({ mysql: { engine: "aurora-mysql", instanceIdentifiers: ["db-1"], readReplicaIdentifiers: ["db-2"] } })).toThrow(
      "mysql.readReplicaIdentifiers applies to engine mysql only; list Aurora readers in mysql.instanceIdentifiers (at test/alarms)",
    );
  });

  it("throws on an unknown engine from untyped callers", () => {
    expect(build({ mysql: { engine: "postgres" as "mysql", instanceIdentifiers: ["db"] } })).toThrow('mysql.engine must be "mysql" or "aurora-mysql", got "postgres"');
  });

  it("throws on bad cache ids, domain name and account id", () => {
    expect(
      build({ cache: { replicationGroupId: "Cache", memberClusterIds: ["cache-001-"] }, search: { domainName: "os", accountId: "1111" } }),
    ).toThrow(
      'cache.replicationGroupId must hold literal ElastiCache ids (1-50 lowercase letters, digits and single hyphens, starting with a letter, not ending with a hyphen), got "Cache"; cache.memberClusterIds must hold literal ElastiCache ids (1-50 lowercase letters, digits and single hyphens, starting with a letter, not ending with a hyphen), got "cache-001-"; search.domainName must hold literal OpenSearch domain names (3-28 lowercase letters, digits and hyphens, starting with a letter), got "os"; search.accountId must hold literal 12-digit AWS account ids, got "1111" (at test/alarms)',
    );
  });

  it("throws on thresholds that are not positive, not whole or above 100%", () => {
    expect(
      build({
        mysql,
        cpuUtilizationPercent: 120,
        jvmMemoryPressurePercent: 0,
        freeStorageBytes: -1,
        replicaLagSeconds: Number.NaN,
        mysqlMaxConnections: 10.5,
        evictionsPerPeriod: -1,
      }),
    ).toThrow(
      "cpuUtilizationPercent must be a percentage above 0 and at most 100, got 120; freeStorageBytes must be a positive number, got -1; mysqlMaxConnections must be a whole number of at least 1, got 10.5; replicaLagSeconds must be a positive number, got NaN; evictionsPerPeriod must be a whole number of at least 0, got -1; jvmMemoryPressurePercent must be a percentage above 0 and at most 100, got 0 (at test/alarms)",
    );
  });
});

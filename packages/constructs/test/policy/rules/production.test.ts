import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DocdbCluster } from "@cdktf/provider-aws/lib/docdb-cluster";
import { DocdbClusterInstance } from "@cdktf/provider-aws/lib/docdb-cluster-instance";
import { ElasticacheReplicationGroup, ElasticacheReplicationGroupConfig } from "@cdktf/provider-aws/lib/elasticache-replication-group";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { OpensearchDomain } from "@cdktf/provider-aws/lib/opensearch-domain";
import { RdsCluster } from "@cdktf/provider-aws/lib/rds-cluster";
import { RdsClusterInstance } from "@cdktf/provider-aws/lib/rds-cluster-instance";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { TerraformCount, TerraformVariable, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { synthFailure, violationLines } from "../fixtures";
import { productionRuleStack, violatedRules } from "./rule-results";

describe("OpenedxAwsProduction-DB1: databases have deletion protection", () => {
  it("fails on an RDS instance, an Aurora cluster and a DocumentDB cluster without it", () => {
    const stack = productionRuleStack("OpenedxAwsProduction-DB1");
    new DbInstance(stack, "db", { engine: "mysql", instanceClass: "db.r6g.large" });
    new RdsCluster(stack, "aurora", { engine: "aurora-mysql", deletionProtection: false });
    new DocdbCluster(stack, "docdb", {});
    expect(violationLines(stack)).toEqual([
      "[OpenedxAwsProduction-DB1] the production database can be deleted through the API at test/db (aws_db_instance.db): deletion protection makes RDS and DocumentDB refuse a delete until it is turned off, a second step that a mistaken command or console click does not take; set deletion_protection to true",
      expect.stringMatching(/^\[OpenedxAwsProduction-DB1\] the production database can be deleted through the API at test\/aurora \(aws_rds_cluster\.aurora\): /),
      expect.stringMatching(/^\[OpenedxAwsProduction-DB1\] the production database can be deleted through the API at test\/docdb \(aws_docdb_cluster\.docdb\): /),
    ]);
  });

  it("passes with deletion protection", () => {
    const stack = productionRuleStack("OpenedxAwsProduction-DB1");
    new DbInstance(stack, "db", { engine: "mysql", instanceClass: "db.r6g.large", deletionProtection: true });
    new DocdbCluster(stack, "docdb", { deletionProtection: true });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});

describe("OpenedxAwsProduction-DB2: databases take a final snapshot", () => {
  it("fails when skip_final_snapshot is true", () => {
    const stack = productionRuleStack("OpenedxAwsProduction-DB2");
    new RdsCluster(stack, "aurora", { engine: "aurora-mysql", skipFinalSnapshot: true });
    expect(violationLines(stack)).toEqual([
      "[OpenedxAwsProduction-DB2] the production database skips its final snapshot when deleted at test/aurora (aws_rds_cluster.aurora): automated backups are deleted with the database, so the final snapshot is the last copy of the data; leave skip_final_snapshot unset or false and set final_snapshot_identifier",
    ]);
  });

  it("passes when skip_final_snapshot is unset or false, and does not apply to read replicas", () => {
    const stack = productionRuleStack("OpenedxAwsProduction-DB2");
    const source = new DbInstance(stack, "db", { engine: "mysql", instanceClass: "db.r6g.large", finalSnapshotIdentifier: "openedx-final" });
    new DbInstance(stack, "replica", { replicateSourceDb: source.identifier, instanceClass: "db.r6g.large", skipFinalSnapshot: true });
    new DocdbCluster(stack, "docdb", { skipFinalSnapshot: false, finalSnapshotIdentifier: "docdb-final" });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("reports an unresolvable skip_final_snapshot as a violation", () => {
    const stack = productionRuleStack("OpenedxAwsProduction-DB2");
    const skip = new TerraformVariable(stack, "skip", { type: "bool" });
    new DocdbCluster(stack, "docdb", { skipFinalSnapshot: skip.booleanValue });
    expect(synthFailure(stack)).toContain('[OpenedxAwsProduction-DB2] rule threw: skip_final_snapshot is the Terraform expression "${var.skip}"');
  });
});

describe("OpenedxAwsProduction-DB3: databases keep two weeks of backups", () => {
  it("fails with the 7 days every environment needs", () => {
    const stack = productionRuleStack("OpenedxAwsProduction-DB3");
    new DocdbCluster(stack, "docdb", { backupRetentionPeriod: 7 });
    expect(violationLines(stack)).toEqual([
      "[OpenedxAwsProduction-DB3] the production database keeps automated backups for fewer than 14 days at test/docdb (aws_docdb_cluster.docdb): a corruption or bad migration noticed a week later must still be restorable to before it happened; set backup_retention_period to at least 14",
    ]);
  });

  it("passes with 14 days or more", () => {
    const stack = productionRuleStack("OpenedxAwsProduction-DB3");
    new DbInstance(stack, "db", { engine: "mysql", instanceClass: "db.r6g.large", backupRetentionPeriod: 14 });
    new RdsCluster(stack, "aurora", { engine: "aurora-mysql", backupRetentionPeriod: 35 });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});

describe("OpenedxAwsProduction-DB4: databases survive the loss of an availability zone", () => {
  it("fails on a single-AZ RDS instance", () => {
    const stack = productionRuleStack("OpenedxAwsProduction-DB4");
    new DbInstance(stack, "db", { engine: "mysql", instanceClass: "db.r6g.large" });
    expect(violationLines(stack)).toEqual([
      "[OpenedxAwsProduction-DB4] the production database does not survive the loss of an availability zone at test/db (aws_db_instance.db): a single instance is down for the whole of a zone outage or a host failure; set multi_az to true on an RDS instance, and give an Aurora or DocumentDB cluster at least 2 instances in this stack so one can be promoted",
    ]);
  });

  it("fails on clusters with one instance, counting only instances of that cluster", () => {
    const stack = productionRuleStack("OpenedxAwsProduction-DB4");
    const aurora = new RdsCluster(stack, "aurora", { clusterIdentifier: "openedx", engine: "aurora-mysql" });
    new RdsClusterInstance(stack, "aurora_1", { clusterIdentifier: aurora.id, engine: "aurora-mysql", instanceClass: "db.r6g.large" });
    new RdsClusterInstance(stack, "elsewhere", { clusterIdentifier: "another-cluster", engine: "aurora-mysql", instanceClass: "db.r6g.large" });
    const docdb = new DocdbCluster(stack, "docdb", { clusterIdentifier: "openedx-docdb" });
    new DocdbClusterInstance(stack, "docdb_1", { clusterIdentifier: docdb.id, instanceClass: "db.r6g.large" });
    expect(violatedRules(stack)).toEqual(["[OpenedxAwsProduction-DB4]", "[OpenedxAwsProduction-DB4]"]);
    expect(violationLines(stack).map((line) => /at (\S+)/.exec(line)?.[1])).toEqual(["test/aurora", "test/docdb"]);
  });

  it("passes with a Multi-AZ instance and clusters of two instances, named by reference, literal identifier or count", () => {
    const stack = productionRuleStack("OpenedxAwsProduction-DB4");
    const source = new DbInstance(stack, "db", { identifier: "openedx", engine: "mysql", instanceClass: "db.r6g.large", multiAz: true });
    new DbInstance(stack, "replica", { replicateSourceDb: source.identifier, instanceClass: "db.r6g.large" });
    const aurora = new RdsCluster(stack, "aurora", { clusterIdentifier: "openedx", engine: "aurora-mysql" });
    new RdsClusterInstance(stack, "aurora_1", { clusterIdentifier: aurora.id, engine: "aurora-mysql", instanceClass: "db.r6g.large" });
    new RdsClusterInstance(stack, "aurora_2", { clusterIdentifier: "openedx", engine: "aurora-mysql", instanceClass: "db.r6g.large" });
    const docdb = new DocdbCluster(stack, "docdb", { clusterIdentifier: "openedx-docdb" });
    new DocdbClusterInstance(stack, "docdb_instances", {
      count: TerraformCount.of(2),
      clusterIdentifier: docdb.clusterIdentifier,
      instanceClass: "db.r6g.large",
    });
    new RdsCluster(stack, "multi_az_cluster", { engine: "mysql", dbClusterInstanceClass: "db.r6gd.large", storageType: "io1", allocatedStorage: 100, iops: 1000 });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("reports an instance count it cannot read as a violation", () => {
    const stack = productionRuleStack("OpenedxAwsProduction-DB4");
    const count = new TerraformVariable(stack, "instances", { type: "number" });
    const docdb = new DocdbCluster(stack, "docdb", { clusterIdentifier: "openedx-docdb" });
    new DocdbClusterInstance(stack, "docdb_instances", { count: TerraformCount.of(count.numberValue), clusterIdentifier: docdb.id, instanceClass: "db.r6g.large" });
    expect(synthFailure(stack)).toContain('[OpenedxAwsProduction-DB4] rule threw: count of aws_docdb_cluster_instance.docdb_instances is the Terraform expression "${var.instances}"');
  });
});

describe("OpenedxAwsProduction-EC1: the cache fails over across availability zones", () => {
  const group = (changes: Partial<ElasticacheReplicationGroupConfig>): ElasticacheReplicationGroupConfig => ({
    replicationGroupId: "openedx",
    description: "cache",
    nodeType: "cache.r7g.large",
    ...changes,
  });

  it("names every missing setting of a single-node group", () => {
    const stack = productionRuleStack("OpenedxAwsProduction-EC1");
    new ElasticacheReplicationGroup(stack, "cache", group({}));
    expect(violatedRules(stack)).toEqual([
      "[OpenedxAwsProduction-EC1[automatic_failover_enabled]]",
      "[OpenedxAwsProduction-EC1[multi_az_enabled]]",
      "[OpenedxAwsProduction-EC1[num_cache_clusters]]",
    ]);
    expect(violationLines(stack)[0]).toBe(
      "[OpenedxAwsProduction-EC1[automatic_failover_enabled]] the production ElastiCache replication group does not fail over across availability zones at test/cache (aws_elasticache_replication_group.cache): the Celery broker and the cache are on the path of every request; set automatic_failover_enabled and multi_az_enabled to true with num_cache_clusters of at least 2, so a replica in another zone takes over",
    );
  });

  it("passes with failover, Multi-AZ and two nodes, or one replica per shard", () => {
    const stack = productionRuleStack("OpenedxAwsProduction-EC1");
    new ElasticacheReplicationGroup(stack, "cache", group({ automaticFailoverEnabled: true, multiAzEnabled: true, numCacheClusters: 2 }));
    new ElasticacheReplicationGroup(stack, "sharded", group({ replicationGroupId: "sharded", automaticFailoverEnabled: true, multiAzEnabled: true, numNodeGroups: 2, replicasPerNodeGroup: 1 }));
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});

describe("OpenedxAwsProduction-OS1: the search domain is zone-aware with dedicated masters", () => {
  it("names each missing setting", () => {
    const stack = productionRuleStack("OpenedxAwsProduction-OS1");
    new OpensearchDomain(stack, "search", { domainName: "openedx", clusterConfig: { instanceCount: 2, zoneAwarenessEnabled: true } });
    expect(violationLines(stack)).toEqual([
      "[OpenedxAwsProduction-OS1[cluster_config.dedicated_master_enabled]] the production OpenSearch domain is not zone-aware with dedicated master nodes at test/search (aws_opensearch_domain.search): zone awareness keeps a replica of every shard in another zone, and dedicated masters keep the cluster state stable under load; set cluster_config.zone_awareness_enabled and dedicated_master_enabled to true",
    ]);
  });

  it("passes when both are on", () => {
    const stack = productionRuleStack("OpenedxAwsProduction-OS1");
    new OpensearchDomain(stack, "search", {
      domainName: "openedx",
      clusterConfig: { instanceCount: 3, zoneAwarenessEnabled: true, zoneAwarenessConfig: { availabilityZoneCount: 3 }, dedicatedMasterEnabled: true, dedicatedMasterCount: 3 },
    });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});

describe("OpenedxAwsProduction-TF1: stateful resources are protected from terraform destroy", () => {
  it("fails on every stateful type without prevent_destroy", () => {
    const stack = productionRuleStack("OpenedxAwsProduction-TF1");
    new DbInstance(stack, "db", { engine: "mysql", instanceClass: "db.r6g.large" });
    new RdsCluster(stack, "aurora", { engine: "aurora-mysql" });
    new DocdbCluster(stack, "docdb", {});
    new ElasticacheReplicationGroup(stack, "cache", { replicationGroupId: "openedx", description: "cache" });
    new OpensearchDomain(stack, "search", { domainName: "openedx" });
    new S3Bucket(stack, "bucket", { lifecycle: { preventDestroy: false } });
    new KmsKey(stack, "key", {});
    expect(violationLines(stack).map((line) => /at (\S+) \((\S+)\)/.exec(line)?.[2])).toEqual([
      "aws_db_instance.db",
      "aws_rds_cluster.aurora",
      "aws_docdb_cluster.docdb",
      "aws_elasticache_replication_group.cache",
      "aws_opensearch_domain.search",
      "aws_s3_bucket.bucket",
      "aws_kms_key.key",
    ]);
    expect(violationLines(stack)[0]).toBe(
      "[OpenedxAwsProduction-TF1] the production stateful resource can be destroyed by Terraform at test/db (aws_db_instance.db): a plan that replaces or removes a database, bucket or key destroys its data (or the means to decrypt it); set lifecycle.prevent_destroy to true (the preventDestroy prop of the constructs) so Terraform refuses such a plan",
    );
  });

  it("passes with prevent_destroy, and ignores stateless resources", () => {
    const stack = productionRuleStack("OpenedxAwsProduction-TF1");
    new S3Bucket(stack, "bucket", { lifecycle: { preventDestroy: true } });
    new RdsClusterInstance(stack, "instance", { clusterIdentifier: "openedx", engine: "aurora-mysql", instanceClass: "db.r6g.large" });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});

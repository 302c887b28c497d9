import type { DataServiceNode, SubnetNode } from "../architecture-model";
import { blockId, blocksOfType, compare, EnvironmentStacks, referencedBlocks, StackBlock } from "../synthesized-stacks";
import { record, text } from "./attribute-values";
import { distinctTiers, tiersOf } from "./network-model";

/** The databases, caches and search domains, each placed in the subnets of its subnet group. */
export function readDataServices(stacks: EnvironmentStacks, subnets: Map<string, SubnetNode>): DataServiceNode[] {
  const services: DataServiceNode[] = [];
  const placed = (block: StackBlock, groupAttribute: unknown) => {
    // A subnet group name reference leads to the group, whose subnet ids lead to the subnets.
    const direct = referencedBlocks(stacks, block.stack, groupAttribute);
    const viaGroups = direct.filter((referenced) => referenced.type.endsWith("_subnet_group")).flatMap((group) => referencedBlocks(stacks, group.stack, group.body.subnet_ids));
    const found = tiersOf([...direct, ...viaGroups], subnets);
    return { subnetTiers: distinctTiers(found), availabilityZones: [...new Set(found.map((subnet) => subnet.availabilityZone))].sort(compare) };
  };
  const instancesOf = (type: string, cluster: StackBlock) =>
    blocksOfType(stacks, type).filter((instance) => referencedBlocks(stacks, instance.stack, instance.body.cluster_identifier).some((target) => blockId(target) === blockId(cluster)));
  const counted = (classes: readonly string[]) => {
    const counts = new Map<string, number>();
    for (const name of classes) counts.set(name, (counts.get(name) ?? 0) + 1);
    return [...counts.keys()].sort(compare).map((name) => `${counts.get(name)} × ${name}`).join(", ") || "no instances";
  };

  for (const instance of blocksOfType(stacks, "aws_db_instance")) {
    services.push({
      id: blockId(instance),
      kind: "rds",
      name: text(instance.body.identifier) ?? instance.name,
      engine: `${text(instance.body.engine) ?? "?"} ${text(instance.body.engine_version) ?? ""}`.trim(),
      capacity: `${text(instance.body.instance_class) ?? "?"}${instance.body.allocated_storage !== undefined ? `, ${text(instance.body.allocated_storage)} GiB ${text(instance.body.storage_type) ?? ""}`.trimEnd() : ""}`,
      multiAz: instance.body.multi_az === true,
      ...placed(instance, instance.body.db_subnet_group_name),
    });
  }
  for (const [clusterType, instanceType, kind] of [
    ["aws_rds_cluster", "aws_rds_cluster_instance", "aurora"],
    ["aws_docdb_cluster", "aws_docdb_cluster_instance", "documentdb"],
  ] as const) {
    for (const cluster of blocksOfType(stacks, clusterType)) {
      const instances = instancesOf(instanceType, cluster);
      services.push({
        id: blockId(cluster),
        kind,
        name: text(cluster.body.cluster_identifier) ?? cluster.name,
        engine: `${text(cluster.body.engine) ?? "?"} ${text(cluster.body.engine_version) ?? ""}`.trim(),
        capacity: counted(instances.map((instance) => text(instance.body.instance_class) ?? "?")),
        multiAz: new Set(instances.map((instance) => text(instance.body.availability_zone) ?? instance.name)).size > 1,
        ...placed(cluster, cluster.body.db_subnet_group_name),
      });
    }
  }
  for (const group of blocksOfType(stacks, "aws_elasticache_replication_group")) {
    const nodes = Number(group.body.num_cache_clusters ?? 1);
    services.push({
      id: blockId(group),
      kind: "elasticache",
      name: text(group.body.replication_group_id) ?? group.name,
      engine: `${text(group.body.engine) ?? "redis"} ${text(group.body.engine_version) ?? ""}`.trim(),
      capacity: `${nodes} × ${text(group.body.node_type) ?? "?"}`,
      multiAz: group.body.multi_az_enabled === true,
      ...placed(group, group.body.subnet_group_name),
    });
  }
  for (const domain of blocksOfType(stacks, "aws_opensearch_domain")) {
    const config = record(domain.body.cluster_config);
    services.push({
      id: blockId(domain),
      kind: "opensearch",
      name: text(domain.body.domain_name) ?? domain.name,
      engine: text(domain.body.engine_version) ?? "OpenSearch",
      capacity: `${text(config.instance_count) ?? "1"} × ${text(config.instance_type) ?? "?"}`,
      multiAz: config.zone_awareness_enabled === true,
      ...placed(domain, record(domain.body.vpc_options).subnet_ids),
    });
  }
  return services.sort((a, b) => compare(a.id, b.id));
}

import { RuleCheck } from "../../policy-pack";
import { booleanAt, numberAt } from "../private/terraform-values";

/**
 * An `aws_elasticache_replication_group` fails over to a replica in another availability zone.
 * Findings: `automatic_failover_enabled` and `multi_az_enabled` (not true), and
 * `num_cache_clusters` (fewer than 2 nodes; with cluster mode, `replicas_per_node_group` of at
 * least 1 counts instead).
 */
export const elasticacheMultiAzFailover: RuleCheck = (resource) => {
  if (resource.type !== "aws_elasticache_replication_group") {
    return "not-applicable";
  }
  const flag = (key: string) => booleanAt(resource.config[key], key) === true;
  const nodes = numberAt(resource.config.num_cache_clusters, "num_cache_clusters") ?? 1;
  const replicasPerShard = numberAt(resource.config.replicas_per_node_group, "replicas_per_node_group") ?? 0;
  return [
    ...(flag("automatic_failover_enabled") ? [] : ["automatic_failover_enabled"]),
    ...(flag("multi_az_enabled") ? [] : ["multi_az_enabled"]),
    ...(nodes >= 2 || replicasPerShard >= 1 ? [] : ["num_cache_clusters"]),
  ];
};

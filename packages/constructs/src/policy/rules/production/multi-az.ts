import { RuleCheck, SynthesizedResource } from "../../policy-pack";
import { NamedBy, resourcesNaming } from "../private/named-resources";
import { isReadReplica } from "../private/read-replicas";
import { booleanAt, isSet, numberAt } from "../private/terraform-values";

const CLUSTER_INSTANCE_TYPES: Readonly<Record<string, string>> = {
  aws_rds_cluster: "aws_rds_cluster_instance",
  aws_docdb_cluster: "aws_docdb_cluster_instance",
};

/**
 * A database survives the loss of an availability zone:
 * - an `aws_db_instance` has `multi_az` true (read replicas are not applicable; their source is);
 * - an `aws_rds_cluster` is a Multi-AZ DB cluster (`db_cluster_instance_class` set, three
 *   instances by construction) or has at least 2 `aws_rds_cluster_instance` of this stack naming it;
 * - an `aws_docdb_cluster` has at least 2 `aws_docdb_cluster_instance` of this stack naming it.
 * An instance resource with a literal `count` counts that many times.
 */
export const databaseMultiAz: RuleCheck = (resource, stack) => {
  if (resource.type === "aws_db_instance") {
    if (isReadReplica(resource)) {
      return "not-applicable";
    }
    return booleanAt(resource.config.multi_az, "multi_az") === true ? "compliant" : "non-compliant";
  }
  const instanceType = CLUSTER_INSTANCE_TYPES[resource.type];
  if (instanceType === undefined) {
    return "not-applicable";
  }
  if (resource.type === "aws_rds_cluster" && isSet(resource.config.db_cluster_instance_class)) {
    return "compliant";
  }
  // An instance names its cluster in cluster_identifier: a reference to the cluster's id or
  // cluster_identifier, or its literal identifier.
  const by: NamedBy = { type: resource.type, attributes: ["id", "cluster_identifier"], nameKey: "cluster_identifier" };
  const instances = resourcesNaming(stack, instanceType, "cluster_identifier", resource, by);
  const count = instances.reduce((total, instance) => total + instanceCount(instance), 0);
  return count >= 2 ? "compliant" : "non-compliant";
};

function instanceCount(instance: SynthesizedResource): number {
  return numberAt(instance.config.count, `count of ${instance.address}`) ?? 1;
}

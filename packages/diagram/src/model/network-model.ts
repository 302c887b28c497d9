import { NAT_INSTANCE_ROLE_TAG } from "@openedx-infra/constructs";
import type { ClusterNode, NetworkNode, SubnetNode, SubnetTier } from "../architecture-model";
import { blockId, blocksOfType, compare, EnvironmentStacks, referencedBlocks, StackBlock } from "../synthesized-stacks";
import { record, records, text, texts } from "./attribute-values";

/** The tiers from the internet inwards, the order they are drawn in. */
export const SUBNET_TIERS: readonly SubnetTier[] = ["public", "private", "isolated"];

/** The VPC's subnets by diagram id, each with its tier and the NAT gateway or instance in it. */
export function readSubnets(stacks: EnvironmentStacks): Map<string, SubnetNode> {
  const natSubnets = new Map<string, SubnetNode["nat"]>();
  for (const nat of blocksOfType(stacks, "aws_nat_gateway")) {
    for (const subnet of referencedBlocks(stacks, nat.stack, nat.body.subnet_id)) natSubnets.set(blockId(subnet), "NAT gateway");
  }
  for (const networkInterface of natInstanceInterfaces(stacks)) {
    for (const subnet of referencedBlocks(stacks, networkInterface.stack, networkInterface.body.subnet_id)) natSubnets.set(blockId(subnet), "NAT instance");
  }
  const subnets = new Map<string, SubnetNode>();
  for (const subnet of blocksOfType(stacks, "aws_subnet")) {
    const id = blockId(subnet);
    subnets.set(id, {
      id,
      tier: subnetTier(subnet),
      cidr: text(subnet.body.cidr_block) ?? "?",
      availabilityZone: text(subnet.body.availability_zone) ?? "?",
      nat: natSubnets.get(id),
    });
  }
  return subnets;
}

/** The network interfaces of the NAT instances (tagged `openedx:role` = {@link NAT_INSTANCE_ROLE_TAG}), which hold their subnets. */
function natInstanceInterfaces(stacks: EnvironmentStacks): StackBlock[] {
  return blocksOfType(stacks, "aws_instance")
    .filter((instance) => record(instance.body.tags)["openedx:role"] === NAT_INSTANCE_ROLE_TAG)
    .flatMap((instance) => records(instance.body.network_interface).flatMap((attachment) => referencedBlocks(stacks, instance.stack, attachment.network_interface_id)));
}

function subnetTier(subnet: StackBlock): SubnetTier {
  const tags = record(subnet.body.tags);
  const tagged = text(tags["openedx:subnet-tier"]);
  if (tagged === "public" || tagged === "private" || tagged === "isolated") return tagged;
  // Subnets made outside the network construct: the load balancer role tags tell public from private.
  if (tags["kubernetes.io/role/elb"] !== undefined || subnet.body.map_public_ip_on_launch === true) return "public";
  return tags["kubernetes.io/role/internal-elb"] !== undefined ? "private" : "isolated";
}

/** The VPC with its AZs (sorted), gateways and endpoints. */
export function readNetwork(stacks: EnvironmentStacks, vpc: StackBlock, subnets: Map<string, SubnetNode>): NetworkNode {
  const zones = new Map<string, SubnetNode[]>();
  for (const subnet of subnets.values()) zones.set(subnet.availabilityZone, [...(zones.get(subnet.availabilityZone) ?? []), subnet]);
  const tierOrder = (subnet: SubnetNode) => SUBNET_TIERS.indexOf(subnet.tier);
  const natGateways = blocksOfType(stacks, "aws_nat_gateway").length;
  const natInstances = natInstanceInterfaces(stacks).length;
  return {
    id: blockId(vpc),
    name: text(record(vpc.body.tags).Name) ?? vpc.name,
    cidr: text(vpc.body.cidr_block) ?? "?",
    zones: [...zones.keys()].sort(compare).map((name) => ({
      name,
      subnets: (zones.get(name) ?? []).sort((a, b) => tierOrder(a) - tierOrder(b) || compare(a.cidr, b.cidr)),
    })),
    gateways: [
      ...(blocksOfType(stacks, "aws_internet_gateway").length > 0 ? ["internet gateway"] : []),
      ...(natGateways > 0 ? [`${natGateways} NAT gateway${natGateways === 1 ? "" : "s"}`] : []),
      ...(natInstances > 0 ? [`${natInstances} NAT instance${natInstances === 1 ? "" : "s"}`] : []),
      ...(blocksOfType(stacks, "aws_flow_log").length > 0 ? ["flow logs"] : []),
    ],
    endpoints: blocksOfType(stacks, "aws_vpc_endpoint")
      .map((endpoint) => (text(endpoint.body.service_name) ?? endpoint.name).replace(/^com\.amazonaws\.[a-z0-9-]+\./, ""))
      .sort(compare),
  };
}

/** The subnets among `blocks`. */
export function tiersOf(blocks: readonly StackBlock[], subnets: Map<string, SubnetNode>): SubnetNode[] {
  return blocks.map((block) => subnets.get(blockId(block))).filter((subnet): subnet is SubnetNode => subnet !== undefined);
}

/** The tiers of `subnets`, from the internet inwards. */
export function distinctTiers(subnets: readonly SubnetNode[]): SubnetTier[] {
  return SUBNET_TIERS.filter((tier) => subnets.some((subnet) => subnet.tier === tier));
}

/** The EKS cluster, if there is one. */
export function readCluster(stacks: EnvironmentStacks, subnets: Map<string, SubnetNode>): ClusterNode | undefined {
  const cluster = blocksOfType(stacks, "aws_eks_cluster")[0];
  if (!cluster) return undefined;
  const clusterSubnets = tiersOf(referencedBlocks(stacks, cluster.stack, record(cluster.body.vpc_config).subnet_ids), subnets);
  return {
    id: blockId(cluster),
    name: text(cluster.body.name) ?? cluster.name,
    version: text(cluster.body.version) ?? "?",
    nodePools: [...texts(record(cluster.body.compute_config).node_pools), ...customNodePools(stacks)],
    addons: blocksOfType(stacks, "aws_eks_addon").map((addon) => text(addon.body.addon_name) ?? addon.name).sort(compare),
    subnetTiers: distinctTiers(clusterSubnets),
  };
}

/** NodePools the platform stack adds beside the built-in ones, with the capacity types they take first. */
function customNodePools(stacks: EnvironmentStacks): string[] {
  return blocksOfType(stacks, "kubernetes_manifest")
    .map((block) => record(block.body.manifest))
    .filter((manifest) => manifest.kind === "NodePool")
    .map((manifest) => {
      const name = text(record(manifest.metadata).name) ?? "?";
      const requirements = records(record(record(record(manifest.spec).template).spec).requirements);
      const capacity = requirements.find((requirement) => requirement.key === "karpenter.sh/capacity-type");
      const capacityTypes = capacity ? texts(capacity.values) : [];
      return capacityTypes.length > 0 ? `${name} (${capacityTypes.join(" first, then ")})` : name;
    })
    .sort(compare);
}

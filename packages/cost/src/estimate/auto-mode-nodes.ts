import { InstancePrice, PriceTable } from "../prices/price-table";
import { NodeReserve, PodGroup } from "./idle-pods";

/**
 * The instance types the built-in `general-purpose` NodePool of EKS Auto Mode allows: categories
 * c, m and r, generation above 4, amd64 (no Graviton `g` families), on-demand.
 */
export function generalPurposeTypes(prices: PriceTable): [string, InstancePrice][] {
  return Object.entries(prices.ec2).filter(([type]) => {
    const match = /^([cmr])(\d+)([a-z-]*)\./.exec(type);
    return match !== null && Number(match[2]) > 4 && !match[3].includes("g");
  });
}

/** Size of the root (ephemeral) volume of an Auto Mode node: the default NodeClass's 80 GiB gp3. */
export const NODE_ROOT_VOLUME_GIB = 80;

/**
 * What a node keeps for itself, as Karpenter (which Auto Mode runs) computes it: 7.5% of memory
 * for the hypervisor, kube-reserved memory of 255 MiB + 11 MiB per pod the type can hold,
 * kube-reserved CPU of 6% of the first core, 1% of the second, 0.5% of the third and fourth and
 * 0.25% of the rest, and the kubelet's 100 MiB eviction threshold.
 */
export function allocatable(type: InstancePrice): { cpuMillicores: number; memoryMiB: number } {
  const cores = type.vcpu;
  const reservedCpu = 60 + (cores > 1 ? 10 : 0) + 5 * Math.max(0, Math.min(cores, 4) - 2) + 2.5 * Math.max(0, cores - 4);
  // Pods per node with the VPC CNI's ENI limits of these families: large 29, xlarge and 2xlarge 58, 4xlarge 234.
  const maxPods = cores <= 2 ? 29 : cores <= 8 ? 58 : 234;
  const memory = type.memoryGiB * 1024;
  return { cpuMillicores: cores * 1000 - reservedCpu, memoryMiB: memory * 0.925 - (255 + 11 * maxPods) - 100 };
}

/** The cheapest way to run the idle pods on nodes of one type. */
export interface NodeChoice {
  readonly instanceType: string;
  readonly count: number;
  readonly price: InstancePrice;
  /** EC2 + Auto Mode fee + root volume of one node, USD per hour. */
  readonly nodeHourly: number;
}

/**
 * Finds the cheapest number × type of nodes that holds every pod (first-fit decreasing, each node
 * keeping room for the per-node DaemonSets, no node holding two pods of a group spread over
 * nodes), among the types of the table the NodePool allows.
 * Returns `undefined` when no type of the table can hold the largest pod.
 */
export function cheapestNodes(pods: readonly PodGroup[], perNode: NodeReserve, prices: PriceTable): NodeChoice | undefined {
  const singles = pods.flatMap((pod) => Array.from({ length: pod.replicas }, () => pod)).sort((a, b) => b.memoryMiB - a.memoryMiB || b.cpuMillicores - a.cpuMillicores);
  const rootVolumeHourly = (NODE_ROOT_VOLUME_GIB * (prices.ebsGbMonth.gp3 ?? 0)) / 730;
  let best: NodeChoice | undefined;
  for (const [instanceType, price] of generalPurposeTypes(prices)) {
    const room = allocatable(price);
    const capacity = { cpu: room.cpuMillicores - perNode.cpuMillicores, memory: room.memoryMiB - perNode.memoryMiB };
    const count = binPack(singles, capacity);
    if (count === undefined) continue;
    const nodeHourly = price.hourly + price.autoModeFeeHourly + rootVolumeHourly;
    if (best === undefined || count * nodeHourly < best.count * best.nodeHourly - 1e-9) best = { instanceType, count: Math.max(count, 1), price, nodeHourly };
  }
  return best;
}

/** Nodes first-fit decreasing needs for `pods`, or `undefined` when one pod fits no node. */
function binPack(pods: readonly PodGroup[], capacity: { cpu: number; memory: number }): number | undefined {
  const nodes: { cpu: number; memory: number; spread: Set<string> }[] = [];
  for (const pod of pods) {
    if (pod.cpuMillicores > capacity.cpu || pod.memoryMiB > capacity.memory) return undefined;
    let node = nodes.find((candidate) => candidate.cpu >= pod.cpuMillicores && candidate.memory >= pod.memoryMiB && !(pod.spreadOverNodes === true && candidate.spread.has(pod.name)));
    if (node === undefined) {
      node = { ...capacity, spread: new Set() };
      nodes.push(node);
    }
    node.cpu -= pod.cpuMillicores;
    node.memory -= pod.memoryMiB;
    if (pod.spreadOverNodes === true) node.spread.add(pod.name);
  }
  return Math.max(nodes.length, 1);
}

import { TutorResources } from "@openedx-infra/constructs";
import { priceTableFor } from "../prices";
import { PriceTable } from "../prices/price-table";
import { highestSpotPrice, SpotPrices } from "../prices/spot-prices";
import { allocatable, cheapestNodes, NODE_ROOT_VOLUME_GIB } from "./auto-mode-nodes";
import { priceAwsResources } from "./aws-resources";
import { CostLine, UnknownPrice, UsageBasedItem } from "./cost-line";
import { idleWorkload, PodGroup } from "./idle-pods";
import { pricePlatformResources } from "./platform-resources";
import { resourcesOf, StackDocument, stackRegion } from "./stack-document";

/** The NodePools of a stack (Auto Mode `karpenter.sh` manifests) that allow Spot capacity. */
function spotNodePools(stack: StackDocument): { stack: string; name: string }[] {
  return resourcesOf(stack, "kubernetes_manifest").flatMap(([, body]) => {
    const manifest = body.manifest as { kind?: string; metadata?: { name?: string }; spec?: { template?: { spec?: { requirements?: { key: string; values?: string[] }[] } } } } | undefined;
    if (manifest?.kind !== "NodePool") return [];
    const capacity = manifest.spec?.template?.spec?.requirements?.find((requirement) => requirement.key === "karpenter.sh/capacity-type");
    return capacity?.values?.includes("spot") ? [{ stack: stack.name, name: String(manifest.metadata?.name) }] : [];
  });
}

/** The idle estimate of one environment. */
export interface Estimate {
  readonly environment: string;
  readonly region: string;
  /** The price table's source note and date. */
  readonly prices: Pick<PriceTable, "source" | "asOf">;
  readonly lines: readonly CostLine[];
  /** Sum of the lines, USD per hour (unknown prices excluded). */
  readonly hourly: number;
  /** The idle pods the nodes are sized for. */
  readonly pods: readonly PodGroup[];
  readonly usageBased: readonly UsageBasedItem[];
  readonly unknown: readonly UnknownPrice[];
  /** What the figures rest on, printed with them. */
  readonly assumptions: readonly string[];
  /** Things that make the total incomplete or uncertain. */
  readonly warnings: readonly string[];
  /** The `--spot-prices` file the Spot node line is priced from, when one was given and used. */
  readonly spotPrices?: { readonly file: string; readonly newest: string };
}

/** What the estimate needs besides the stacks. */
export interface EstimateInput {
  readonly environment: string;
  /** The requests the Tutor hand-off gives the LMS, Studio and workers for this environment. */
  readonly tutorResources: TutorResources;
  /**
   * The Spot prices of the user's account (`--spot-prices`), for the nodes of a Spot NodePool.
   * @default - none: Spot nodes are counted at the on-demand price, an upper bound
   */
  readonly spotPrices?: SpotPrices;
  /**
   * The availability zones the environment's nodes may launch in; a Spot node is priced at the
   * highest Spot price among them.
   * @default - none: no Spot price can be used
   */
  readonly availabilityZones?: readonly string[];
  /**
   * The Tutor hand-off spreads the replicas of the LMS, Studio and their workers over nodes
   * (`TutorInputs.spreadReplicas`, production): no two of one Deployment share a node.
   * @default false
   */
  readonly spreadTutorReplicas?: boolean;
}

/**
 * Estimates the hourly cost of an idle environment from its synthesized stacks: every resource
 * with a fixed hourly or monthly fee, and the Auto Mode nodes the idle pods need. Refuses a region
 * without a price table; an unknown instance type is reported and left out of the total.
 */
export function estimateEnvironment(stacks: readonly StackDocument[], input: EstimateInput): Estimate {
  const region = stacks.map(stackRegion).find((value) => value !== undefined);
  if (region === undefined) throw new Error(`the stacks of environment "${input.environment}" name no AWS provider region`);
  const prices = priceTableFor(region);

  const aws = priceAwsResources(stacks, prices);
  const platform = pricePlatformResources(stacks, prices);
  const workload = idleWorkload(stacks, input.tutorResources, input.spreadTutorReplicas ?? false);
  const lines: CostLine[] = [...aws.lines, ...platform.lines];
  const warnings: string[] = [];

  let spotPricesUsed: Estimate["spotPrices"];
  const cluster = stacks.find((stack) => resourcesOf(stack, "aws_eks_cluster").length > 0);
  if (cluster !== undefined && workload.pods.length > 0) {
    const [clusterName] = resourcesOf(cluster, "aws_eks_cluster")[0];
    const choice = cheapestNodes(workload.pods, workload.perNode, prices);
    if (choice === undefined) {
      warnings.push(`no instance type of the ${region} table holds the largest idle pod: the nodes are not in the total`);
    } else {
      const spotPools = stacks.flatMap((stack) => spotNodePools(stack));
      const pool = spotPools[0]?.name ?? "general-purpose";
      const address = `aws_eks_cluster.${clusterName} (${pool} NodePool)`;
      const count = choice.count;
      let purchase = spotPools.length > 0 ? "Spot first, counted at the on-demand price" : "on-demand";
      let ec2Hourly = choice.price.hourly;
      if (spotPools.length > 0) {
        const quote = input.spotPrices === undefined ? undefined : highestSpotPrice(input.spotPrices, choice.instanceType, input.availabilityZones ?? []);
        if (quote !== undefined && "hourly" in quote && input.spotPrices !== undefined) {
          ec2Hourly = quote.hourly;
          spotPricesUsed = { file: input.spotPrices.file, newest: input.spotPrices.newest };
          purchase = `Spot at $${quote.hourly.toFixed(4)}/hour (${quote.zone}, the dearest of ${quote.zones.join(", ")}) from your --spot-prices file (newest price ${input.spotPrices.newest})`;
          warnings.push(
            `${spotPools[0].stack}: NodePool ${pool} is priced at the Spot price of ${input.spotPrices.newest} from your --spot-prices file ${input.spotPrices.file}; Spot prices change by the hour, and when AWS offers no Spot capacity the node runs on-demand: $${(count * choice.price.hourly).toFixed(4)}/hour instead of $${(count * ec2Hourly).toFixed(4)}`,
          );
        } else {
          const missing =
            quote === undefined || !("missingZones" in quote)
              ? ""
              : quote.missingZones.length === 0
                ? " (no availability zone of the environment to look your --spot-prices file up in)"
                : ` (your --spot-prices file has no ${choice.instanceType} price in ${quote.missingZones.join(", ")})`;
          warnings.push(
            `${spotPools[0].stack}: NodePool ${pool} runs its nodes as Spot when offered; Spot prices vary by the hour and the table holds none, so the on-demand price is counted: an upper bound of the node line${missing}`,
          );
        }
      }
      const room = allocatable(choice.price);
      const quantity = `${count} × ${choice.instanceType}`;
      lines.push(
        { stack: cluster.name, address, what: `Auto Mode node EC2 ${choice.instanceType} (${choice.price.vcpu} vCPU, ${choice.price.memoryGiB} GiB; ${Math.round(room.cpuMillicores)}m / ${Math.round(room.memoryMiB)} MiB allocatable), ${purchase}`, category: "Auto Mode nodes", quantity, hourly: count * ec2Hourly },
        { stack: cluster.name, address, what: "EKS Auto Mode management fee", category: "Auto Mode nodes", quantity, hourly: count * choice.price.autoModeFeeHourly },
        { stack: cluster.name, address, what: `node root volume (${NODE_ROOT_VOLUME_GIB} GiB gp3)`, category: "Auto Mode nodes", quantity: `${count} × ${NODE_ROOT_VOLUME_GIB} GiB`, hourly: (count * NODE_ROOT_VOLUME_GIB * (prices.ebsGbMonth.gp3 ?? 0)) / 730 },
      );
    }
  }

  const unknown = [...aws.unknown, ...platform.unknown];
  for (const item of unknown) warnings.push(`unknown price: ${item.type} in ${item.region} (${item.stack} ${item.address}) — excluded from the total`);
  warnings.push(...aws.notes, ...platform.notes, ...workload.notes);

  const requested = workload.pods.reduce((sum, pod) => ({ cpu: sum.cpu + pod.replicas * pod.cpuMillicores, memory: sum.memory + pod.replicas * pod.memoryMiB }), { cpu: 0, memory: 0 });
  const assumptions = [
    "Idle means no traffic: every resource billed by the hour or month is counted; requests, data transfer, log ingestion, CloudFront, NAT data processing, load balancer LCUs and backup growth are listed as usage-based and not counted.",
    "A month is 730 hours; prices are on-demand, before any Savings Plan, reservation, free tier or credit.",
    `Auto Mode nodes are sized for the idle pods at their minimum replicas (${(requested.cpu / 1000).toFixed(2)} vCPU, ${(requested.memory / 1024).toFixed(2)} GiB requested), plus ${workload.perNode.description} on every node; the cheapest node count × type of the table that the built-in general-purpose NodePool allows (c/m/r, generation > 4, amd64, on-demand) is taken.`,
    "Node allocatable follows Karpenter's overhead: 7.5% of memory for the hypervisor, 255 MiB + 11 MiB per pod kube-reserved, 100 MiB eviction threshold, 6%/1%/0.5%/0.25% of the cores kube-reserved CPU; each node adds the Auto Mode management fee (12% of its on-demand price) and an 80 GiB gp3 root volume.",
    ...(spotPricesUsed === undefined
      ? []
      : [
          "A Spot node is the type sized for on-demand above, priced at the highest current Spot price of the environment's availability zones in your --spot-prices file (Karpenter may launch it in any of them); its Auto Mode fee stays 12% of the on-demand price: EKS publishes one Auto Mode fee per instance type, with no Spot rate.",
        ]),
    "Tutor's lms, cms and workers request what the Tutor hand-off sets for the tier; caddy, mfe and Meilisearch take the namespace's LimitRange default requests; the nightly logical-dump CronJob is not idle.",
    input.spreadTutorReplicas === true
      ? "The Tutor hand-off spreads the replicas of lms, cms, lms-worker and cms-worker over nodes (required) and zones (preferred), so no two replicas of one of them share a node; every other pod is packed as tightly as Auto Mode may pack it. The node count is a floor: Karpenter may launch more, or other types, than this packing needs."
      : "Pods are packed as tightly as Auto Mode may pack them: nothing forces replicas of one Deployment onto separate nodes or zones, so the node count is a floor.",
    "Every managed database, cache and search instance runs all month (none is stopped); RDS Multi-AZ doubles the instance and storage price.",
  ];
  const hourly = lines.reduce((sum, line) => sum + line.hourly, 0);
  return {
    environment: input.environment,
    region,
    prices: { source: prices.source, asOf: prices.asOf },
    lines,
    hourly,
    pods: workload.pods,
    usageBased: [...aws.usageBased, ...platform.usageBased, ...workload.notIdle],
    unknown,
    assumptions,
    warnings,
    ...(spotPricesUsed === undefined ? {} : { spotPrices: spotPricesUsed }),
  };
}

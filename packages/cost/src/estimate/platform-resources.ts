import { PriceTable } from "../prices/price-table";
import { emptyPriced, HOURS_PER_MONTH, PricedResources } from "./cost-line";
import { ResourceBody, resourcesOf, StackDocument } from "./stack-document";

/** Tutor's PersistentVolumeClaims once its data services are external: Meilisearch's 5Gi (RWO). */
const TUTOR_VOLUME_CLAIMS = [{ name: "openedx/meilisearch", gib: 5 }] as const;

/**
 * Prices what the in-cluster objects make AWS create: the network load balancer Auto Mode makes
 * for a `LoadBalancer` Service of a helm release (one per AZ of the subnets it lands in, each with
 * a public IPv4 address when internet-facing), and the EBS volumes of Tutor's claims on the
 * default StorageClass.
 */
export function pricePlatformResources(stacks: readonly StackDocument[], prices: PriceTable): PricedResources {
  const result = emptyPriced();
  const publicSubnets = stacks.flatMap((stack) => resourcesOf(stack, "aws_subnet")).filter(([, body]) => block(body.tags)["kubernetes.io/role/elb"] === "1").length;
  const privateSubnets = stacks.flatMap((stack) => resourcesOf(stack, "aws_subnet")).filter(([, body]) => block(body.tags)["kubernetes.io/role/internal-elb"] === "1").length;

  for (const stack of stacks) {
    for (const [name, body] of resourcesOf(stack, "helm_release")) {
      const values = (Array.isArray(body.values) ? body.values : []).map((text) => JSON.parse(String(text)) as ResourceBody);
      for (const service of values.flatMap(findLoadBalancerServices)) {
        const annotations = block(service.annotations);
        const internetFacing = annotations["service.beta.kubernetes.io/aws-load-balancer-scheme"] === "internet-facing";
        const listed = annotations["service.beta.kubernetes.io/aws-load-balancer-subnets"];
        const zones = typeof listed === "string" ? listed.split(",").length : internetFacing ? publicSubnets : privateSubnets;
        const address = `helm_release.${name} (Service type LoadBalancer)`;
        result.lines.push({ stack: stack.name, address, what: `network load balancer (${internetFacing ? "internet-facing" : "internal"}, Auto Mode)`, category: "load balancer", quantity: `1 over ${zones} AZ`, hourly: prices.elb.nlbHour });
        if (internetFacing) {
          result.lines.push({ stack: stack.name, address, what: "public IPv4 addresses of the load balancer", category: "public IPv4 addresses", quantity: `${zones}`, hourly: zones * prices.vpc.publicIpv4Hour });
        }
        result.usageBased.push({ stack: stack.name, address, what: "load balancer capacity units (LCU) and data processed" });
      }
    }
    for (const [name, body] of resourcesOf(stack, "kubernetes_storage_class_v1")) {
      const volumeType = String(block(body.parameters).type ?? "gp3");
      const gbMonth = prices.ebsGbMonth[volumeType];
      for (const claim of TUTOR_VOLUME_CLAIMS) {
        const address = `kubernetes_storage_class_v1.${name} (claim ${claim.name})`;
        if (gbMonth === undefined) result.unknown.push({ stack: stack.name, address, type: `EBS ${volumeType}`, region: prices.region });
        else result.lines.push({ stack: stack.name, address, what: `EBS volume ${volumeType} of Tutor's ${claim.name} claim`, category: "volumes", quantity: `${claim.gib} GiB`, hourly: (claim.gib * gbMonth) / HOURS_PER_MONTH });
      }
    }
  }
  return result;
}

/** Every `{ type: "LoadBalancer" }` object in a helm values document, however deep. */
function findLoadBalancerServices(value: unknown): ResourceBody[] {
  if (value === null || typeof value !== "object") return [];
  if (Array.isArray(value)) return value.flatMap(findLoadBalancerServices);
  const record = value as ResourceBody;
  const here = record.type === "LoadBalancer" ? [record] : [];
  return [...here, ...Object.values(record).flatMap(findLoadBalancerServices)];
}

function block(value: unknown): Readonly<Record<string, unknown>> {
  if (Array.isArray(value)) return (value[0] ?? {}) as ResourceBody;
  return (value ?? {}) as ResourceBody;
}

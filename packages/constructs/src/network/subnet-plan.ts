import { cidrSize, formatIpv4Cidr, parseIpv4Cidr } from "./cidr";

/** The three subnet tiers of the network: internet-facing, workloads, and data. */
export type SubnetTier = "public" | "private" | "isolated";

/** Prefix lengths of each tier's subnets (one subnet per tier and availability zone). */
export interface SubnetPrefixLengths {
  /** Prefix of the public subnets, which hold only NAT gateways and load balancer nodes (e.g. 24). */
  readonly public: number;
  /** Prefix of the private subnets, where EKS gives every node and pod a VPC address (e.g. 19). */
  readonly private: number;
  /** Prefix of the isolated subnets of the data services, a few addresses per zone (e.g. 22). */
  readonly isolated: number;
}

/** One subnet of the plan. */
export interface PlannedSubnet {
  /** The tier, which decides the subnet's route table: internet gateway, NAT gateway, or none. */
  readonly tier: SubnetTier;
  /** The availability zone the subnet is created in, e.g. `eu-west-1a`. */
  readonly availabilityZone: string;
  /** The subnet's IPv4 block inside the VPC block, e.g. `10.40.0.0/19`. */
  readonly cidrBlock: string;
}

/** Subnets of each tier, in the order of the availability zones. */
export type SubnetPlan = Readonly<Record<SubnetTier, readonly PlannedSubnet[]>>;

/**
 * The default prefix lengths for a VPC: private subnets get the most room, because EKS gives every
 * pod a VPC address; data subnets need a handful of addresses per AZ; public subnets only hold NAT
 * gateways and load balancer nodes. With these offsets six AZs always fit.
 */
export function defaultSubnetPrefixLengths(vpcPrefixLength: number): SubnetPrefixLengths {
  return { private: vpcPrefixLength + 3, isolated: vpcPrefixLength + 6, public: vpcPrefixLength + 8 };
}

/**
 * Lays out one subnet per tier and AZ inside the VPC block, largest blocks first so every block
 * stays aligned. Throws a plain `Error` describing the shortfall when the subnets do not fit; the
 * configuration schema turns it into a field-level message.
 */
export function planSubnets(vpcCidr: string, availabilityZones: readonly string[], prefixLengths: SubnetPrefixLengths): SubnetPlan {
  const vpc = parseIpv4Cidr(vpcCidr);
  if (!vpc) throw new Error(`"${vpcCidr}" is not an IPv4 CIDR block`);
  const tiers = (Object.keys(prefixLengths) as SubnetTier[]).sort((a, b) => prefixLengths[a] - prefixLengths[b]);
  for (const tier of tiers) {
    if (prefixLengths[tier] < vpc.prefixLength) {
      throw new Error(`${tier} subnets of /${prefixLengths[tier]} are larger than the VPC block ${vpcCidr}`);
    }
  }
  const needed = tiers.reduce((sum, tier) => sum + cidrSize(prefixLengths[tier]) * availabilityZones.length, 0);
  const available = cidrSize(vpc.prefixLength);
  if (needed > available) {
    const layout = tiers.map((tier) => `${availabilityZones.length} x /${prefixLengths[tier]} ${tier}`).join(", ");
    throw new Error(`subnets (${layout}) need ${needed} addresses but the VPC block ${vpcCidr} has ${available}`);
  }
  let next = vpc.network;
  const plan: Record<SubnetTier, PlannedSubnet[]> = { public: [], private: [], isolated: [] };
  for (const tier of tiers) {
    for (const availabilityZone of availabilityZones) {
      plan[tier].push({ tier, availabilityZone, cidrBlock: formatIpv4Cidr({ network: next, prefixLength: prefixLengths[tier] }) });
      next += cidrSize(prefixLengths[tier]);
    }
  }
  return plan;
}

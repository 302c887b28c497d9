/** Hours in the month the monthly figures use (AWS's own convention: 730 = 8760 / 12). */
export const HOURS_PER_MONTH = 730;

/** What a line is counted under, for totals and for the production-versus-staging breakdown. */
export type CostCategory =
  | "EKS control plane"
  | "Auto Mode nodes"
  | "NAT"
  | "public IPv4 addresses"
  | "load balancer"
  | "VPC endpoints"
  | "MySQL"
  | "DocumentDB"
  | "cache"
  | "search"
  | "volumes"
  | "KMS keys"
  | "Secrets Manager"
  | "WAF"
  | "Route 53"
  | "CloudWatch alarms"
  | "other instances";

/** One priced resource (or group of identical resources) of an idle environment. */
export interface CostLine {
  /** The stack the resource is in, e.g. `staging-network`. */
  readonly stack: string;
  /** The Terraform address (`<type>.<name>`), or what the cost is derived from. */
  readonly address: string;
  /** What is charged, e.g. `NAT gateway (hour)`. */
  readonly what: string;
  readonly category: CostCategory;
  /** How many of the priced unit, e.g. `2 AZ` or `100 GB gp3`. */
  readonly quantity: string;
  /** USD per hour. */
  readonly hourly: number;
}

/** A resource whose cost depends on traffic or growth, so it is not in the idle estimate. */
export interface UsageBasedItem {
  readonly stack: string;
  readonly address: string;
  /** What is charged by use, e.g. `requests and data transfer out`. */
  readonly what: string;
}

/** A resource the table has no price for: reported, and left out of the total. */
export interface UnknownPrice {
  readonly stack: string;
  readonly address: string;
  /** The instance type or class without a price. */
  readonly type: string;
  readonly region: string;
}

/** Everything the pricing of a set of stacks produced. */
export interface PricedResources {
  readonly lines: CostLine[];
  readonly usageBased: UsageBasedItem[];
  readonly unknown: UnknownPrice[];
  /** Things the reader must know to trust the figures (e.g. a count the stacks cannot tell). */
  readonly notes: string[];
}

/** An empty result to fill. */
export function emptyPriced(): PricedResources {
  return { lines: [], usageBased: [], unknown: [], notes: [] };
}

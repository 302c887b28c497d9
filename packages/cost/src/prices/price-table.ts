/** Hourly on-demand price and size of an EC2 instance type Auto Mode may launch. */
export interface InstancePrice {
  /** vCPUs of the type. */
  readonly vcpu: number;
  /** Memory of the type, in GiB. */
  readonly memoryGiB: number;
  /** On-demand Linux price, USD per hour. */
  readonly hourly: number;
  /** EKS Auto Mode management fee for an instance of this type, USD per hour. */
  readonly autoModeFeeHourly: number;
}

/**
 * The bundled prices of one region: what the estimate multiplies quantities by. Every figure is
 * USD; `Hour` prices are per hour, `Month` prices per month (the estimate divides them by 730).
 * A type missing from a map is unknown: it is reported, never guessed.
 */
export interface PriceTable {
  /** The region these prices are for, e.g. `eu-west-1`. */
  readonly region: string;
  /** Where the prices come from and how they were obtained: printed with every estimate. */
  readonly source: string;
  /** The date the prices were compiled (ISO `YYYY-MM-DD`): printed with every estimate. */
  readonly asOf: string;
  /** EKS control plane per cluster: standard support, and the extended-support rate. */
  readonly eks: { readonly clusterHour: number; readonly extendedSupportClusterHour: number };
  /** EC2 instance types of the c, m and r families, by type name. */
  readonly ec2: Readonly<Record<string, InstancePrice>>;
  /**
   * On-demand Linux hours of the instance types launched outside Auto Mode (the NAT instance and
   * the bastion, both Graviton), by type name.
   */
  readonly instancesOutsideAutoMode: Readonly<Record<string, number>>;
  /** EBS volumes per GB-month, by volume type. */
  readonly ebsGbMonth: Readonly<Record<string, number>>;
  /** NAT gateway, public IPv4 address and interface endpoint (per AZ) hours. */
  readonly vpc: { readonly natGatewayHour: number; readonly publicIpv4Hour: number; readonly interfaceEndpointAzHour: number };
  /** Network and application load balancer hours (LCUs are usage-based). */
  readonly elb: { readonly nlbHour: number; readonly albHour: number };
  /** RDS for MySQL single-AZ instance hours by class; Multi-AZ is twice the price. */
  readonly rdsMysql: Readonly<Record<string, number>>;
  /** Aurora MySQL (standard storage) instance hours by class. */
  readonly auroraMysql: Readonly<Record<string, number>>;
  /** RDS single-AZ storage per GB-month by storage type; Multi-AZ is twice the price. */
  readonly rdsStorageGbMonth: Readonly<Record<string, number>>;
  /** DocumentDB (standard storage) instance hours by class. */
  readonly documentDb: Readonly<Record<string, number>>;
  /** ElastiCache node hours by node type, per engine (`valkey`, `redis`). */
  readonly elastiCache: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** OpenSearch instance hours by type, and its EBS gp3 storage per GB-month. */
  readonly openSearch: { readonly instances: Readonly<Record<string, number>>; readonly gp3GbMonth: number };
  /** Fixed monthly fees: KMS key, Secrets Manager secret, WAF web ACL and rule, hosted zone, alarm. */
  readonly monthly: {
    readonly kmsKey: number;
    readonly secret: number;
    readonly wafWebAcl: number;
    readonly wafRule: number;
    readonly hostedZone: number;
    readonly alarm: number;
  };
}

/** The sizes of the c, m and r families the tables list, and their multiple of the `large` price. */
const SIZES: readonly (readonly [size: string, vcpu: number])[] = [
  ["large", 2],
  ["xlarge", 4],
  ["2xlarge", 8],
  ["4xlarge", 16],
];

/** GiB of memory per vCPU in each instance category. */
const MEMORY_PER_VCPU: Readonly<Record<string, number>> = { c: 2, m: 4, r: 8 };

/**
 * EKS Auto Mode's management fee as a share of the instance's on-demand price: the per-type fees
 * of the EKS pricing page are 12% of the type's on-demand rate, whatever the purchase option.
 */
export const AUTO_MODE_FEE_RATIO = 0.12;

/**
 * Expands the `large` on-demand price of each family into its sizes. Within a family, EC2 prices
 * scale exactly with the size (an `xlarge` is twice a `large`), so one published figure per family
 * gives every size without inventing any.
 */
export function instanceFamilies(largeHourlyByFamily: Readonly<Record<string, number>>): Record<string, InstancePrice> {
  const types: Record<string, InstancePrice> = {};
  for (const [family, largeHourly] of Object.entries(largeHourlyByFamily)) {
    const memoryPerVcpu = MEMORY_PER_VCPU[family[0]];
    for (const [size, vcpu] of SIZES) {
      const hourly = round((largeHourly * vcpu) / 2);
      types[`${family}.${size}`] = { vcpu, memoryGiB: vcpu * memoryPerVcpu, hourly, autoModeFeeHourly: round(hourly * AUTO_MODE_FEE_RATIO) };
    }
  }
  return types;
}

/** Rounds to six decimals, below any published price's precision. */
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

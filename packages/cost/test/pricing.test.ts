import { NON_PRODUCTION_TUTOR_RESOURCES } from "@openedx-infra/constructs";
import { describe, expect, it } from "vitest";
import { allocatable, cheapestNodes, generalPurposeTypes } from "../src/estimate/auto-mode-nodes";
import { priceAwsResources } from "../src/estimate/aws-resources";
import { HOURS_PER_MONTH } from "../src/estimate/cost-line";
import { estimateEnvironment } from "../src/estimate/estimate";
import { priceTableFor, UnknownRegionError } from "../src/prices";
import { EU_WEST_1 } from "../src/prices/eu-west-1";
import { stack } from "./stacks";

const prices = EU_WEST_1;
const sum = (lines: readonly { hourly: number }[]) => lines.reduce((total, line) => total + line.hourly, 0);
const mysql = (multiAz: boolean) => ({ engine: "mysql", instance_class: "db.t4g.medium", multi_az: multiAz, allocated_storage: 100, storage_type: "gp3" });

describe("pricing of AWS resources", () => {
  it("prices a Multi-AZ RDS instance, instance and storage, at twice its single-AZ price", () => {
    const single = priceAwsResources([stack("data", { aws_db_instance: { db: mysql(false) } })], prices);
    const multi = priceAwsResources([stack("data", { aws_db_instance: { db: mysql(true) } })], prices);
    expect(sum(single.lines)).toBeCloseTo(prices.rdsMysql["db.t4g.medium"] + (100 * prices.rdsStorageGbMonth.gp3) / HOURS_PER_MONTH, 10);
    expect(sum(multi.lines)).toBeCloseTo(2 * sum(single.lines), 10);
    expect(multi.lines.map((line) => line.what)).toEqual(["RDS for MySQL db.t4g.medium, Multi-AZ", "RDS storage gp3, Multi-AZ"]);
  });

  it("charges a NAT gateway and its public IPv4 address per zone", () => {
    const zones = ["a", "b", "c"];
    const network = stack("network", {
      aws_nat_gateway: Object.fromEntries(zones.map((zone) => [`nat-${zone}`, { connectivity_type: "public" }])),
      aws_eip: Object.fromEntries(zones.map((zone) => [`eip-${zone}`, { domain: "vpc" }])),
    });
    const priced = priceAwsResources([network], prices);
    expect(sum(priced.lines.filter((line) => line.category === "NAT"))).toBeCloseTo(3 * prices.vpc.natGatewayHour, 10);
    expect(sum(priced.lines.filter((line) => line.category === "public IPv4 addresses"))).toBeCloseTo(3 * prices.vpc.publicIpv4Hour, 10);
    expect(priced.usageBased.filter((item) => item.what === "NAT gateway data processing")).toHaveLength(3);
  });

  it("charges an interface endpoint per subnet and a gateway endpoint nothing", () => {
    const network = stack("network", {
      aws_vpc_endpoint: {
        sts: { vpc_endpoint_type: "Interface", service_name: "com.amazonaws.eu-west-1.sts", subnet_ids: ["a", "b"] },
        s3: { vpc_endpoint_type: "Gateway", service_name: "com.amazonaws.eu-west-1.s3" },
      },
    });
    const priced = priceAwsResources([network], prices);
    expect(priced.lines).toEqual([expect.objectContaining({ what: "interface endpoint sts", quantity: "2 AZ", hourly: 2 * prices.vpc.interfaceEndpointAzHour })]);
  });

  it("charges a cache for its primary and every replica, and DocumentDB per instance", () => {
    const data = stack("data", {
      aws_elasticache_replication_group: { cache: { engine: "valkey", node_type: "cache.r7g.large", num_cache_clusters: 2 } },
      aws_docdb_cluster_instance: { one: { instance_class: "db.r6g.large" }, two: { instance_class: "db.r6g.large" } },
    });
    const priced = priceAwsResources([data], prices);
    expect(sum(priced.lines.filter((line) => line.category === "cache"))).toBeCloseTo(2 * prices.elastiCache.valkey["cache.r7g.large"], 10);
    expect(sum(priced.lines.filter((line) => line.category === "DocumentDB"))).toBeCloseTo(2 * prices.documentDb["db.r6g.large"], 10);
  });

  it("counts the fixed monthly fees: keys, secrets (managed master passwords included), WAF rules, zones, alarms", () => {
    const edge = stack("edge", {
      aws_kms_key: { one: {}, two: {} },
      aws_secretsmanager_secret: { smtp: {} },
      aws_db_instance: { db: { ...mysql(false), manage_master_user_password: true } },
      aws_wafv2_web_acl: { waf: { rule: [{}, {}, {}] } },
      aws_route53_zone: { zone: {} },
      aws_cloudwatch_metric_alarm: { a: {}, b: {} },
    });
    const monthlyOf = (category: string) => sum(priceAwsResources([edge], prices).lines.filter((line) => line.category === category)) * HOURS_PER_MONTH;
    expect(monthlyOf("KMS keys")).toBeCloseTo(2, 10);
    expect(monthlyOf("Secrets Manager")).toBeCloseTo(0.8, 10);
    expect(monthlyOf("WAF")).toBeCloseTo(5 + 3, 10);
    expect(monthlyOf("Route 53")).toBeCloseTo(0.5, 10);
    expect(monthlyOf("CloudWatch alarms")).toBeCloseTo(0.2, 10);
  });

  it("charges OpenSearch for its data and master nodes and their EBS, Aurora per instance", () => {
    const search = stack("data", {
      aws_opensearch_domain: {
        search: {
          cluster_config: { instance_type: "t3.medium.search", instance_count: 2, dedicated_master_enabled: true, dedicated_master_type: "t3.medium.search", dedicated_master_count: 3 },
          ebs_options: { ebs_enabled: true, volume_size: 20 },
        },
      },
      aws_rds_cluster_instance: { one: { instance_class: "db.r6g.large" }, two: { instance_class: "db.r6g.large" } },
    });
    const priced = priceAwsResources([search], prices);
    const searchHourly = prices.openSearch.instances["t3.medium.search"];
    expect(sum(priced.lines.filter((line) => line.category === "search"))).toBeCloseTo(5 * searchHourly + (40 * prices.openSearch.gp3GbMonth) / HOURS_PER_MONTH, 10);
    expect(sum(priced.lines.filter((line) => line.category === "MySQL"))).toBeCloseTo(2 * prices.auroraMysql["db.r6g.large"], 10);
  });

  it("lists CloudFront, buckets and logs as usage-based rather than dropping them", () => {
    const edge = stack("edge", { aws_cloudfront_distribution: { site: {} }, aws_s3_bucket: { media: {} }, aws_cloudwatch_log_group: { logs: {} } });
    const priced = priceAwsResources([edge], prices);
    expect(priced.lines).toEqual([]);
    expect(priced.usageBased.map((item) => item.address)).toEqual(["aws_cloudfront_distribution.site", "aws_s3_bucket.media", "aws_cloudwatch_log_group.logs"]);
  });
});

describe("unknown prices and regions", () => {
  it("reports an instance class the table does not have and leaves it out of the total", () => {
    const data = stack("staging-data", {
      aws_db_instance: { db: { ...mysql(false), instance_class: "db.x9.huge" } },
      aws_nat_gateway: { nat: {} },
    });
    const estimate = estimateEnvironment([data], { environment: "staging", tutorResources: NON_PRODUCTION_TUTOR_RESOURCES });
    expect(estimate.unknown).toEqual([{ stack: "staging-data", address: "aws_db_instance.db", type: "mysql db.x9.huge", region: "eu-west-1" }]);
    expect(estimate.warnings).toContain("unknown price: mysql db.x9.huge in eu-west-1 (staging-data aws_db_instance.db) — excluded from the total");
    expect(estimate.lines.map((line) => line.what)).toEqual(["NAT gateway", "RDS storage gp3, single-AZ"]);
    expect(estimate.hourly).toBeCloseTo(sum(estimate.lines), 10);
  });

  it("refuses a region without a price table, naming the regions that have one", () => {
    expect(() => priceTableFor("ap-south-2")).toThrow(new UnknownRegionError('no price table for region "ap-south-2": the bundled tables cover eu-west-1, us-east-1'));
    expect(() => estimateEnvironment([stack("x-network", { aws_nat_gateway: { nat: {} } }, "sa-east-1")], { environment: "x", tutorResources: NON_PRODUCTION_TUTOR_RESOURCES })).toThrow(
      'no price table for region "sa-east-1": the bundled tables cover eu-west-1, us-east-1',
    );
  });

  it("prints its source and date with every table", () => {
    for (const region of ["eu-west-1", "us-east-1"]) {
      const table = priceTableFor(region);
      expect(table.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(table.source).toContain("verify with the AWS Pricing Calculator");
    }
  });
});

describe("Auto Mode nodes", () => {
  it("allows only the c, m and r families above generation 4 on amd64", () => {
    const types = generalPurposeTypes(prices).map(([type]) => type);
    expect(types).toContain("m6a.large");
    expect(types.every((type) => /^[cmr]([5-9])[a-z]*\./.test(type) && !/^[cmr]\dg/.test(type))).toBe(true);
  });

  it("keeps Karpenter's overhead out of a node's allocatable", () => {
    // m6a.large: 8 GiB × 92.5% − (255 + 11 × 29) MiB − 100 MiB; 2000m − 60m − 10m.
    expect(allocatable(prices.ec2["m6a.large"])).toEqual({ cpuMillicores: 1930, memoryMiB: 8192 * 0.925 - 574 - 100 });
  });

  it("takes the cheapest node count × type that holds every pod and the per-node DaemonSets, fee and root volume included", () => {
    const pod = { source: "test", name: "app", replicas: 3, cpuMillicores: 500, memoryMiB: 2048 };
    const choice = cheapestNodes([pod], { cpuMillicores: 300, memoryMiB: 153, description: "test" }, prices);
    // 3 × (500m, 2 GiB) fit an 8 GiB, 2-vCPU node, whose cheapest type in eu-west-1 is the m5a.large.
    expect(choice).toMatchObject({ instanceType: "m5a.large", count: 1 });
    expect(choice?.nodeHourly).toBeCloseTo(0.096 + 0.096 * 0.12 + (80 * prices.ebsGbMonth.gp3) / HOURS_PER_MONTH, 10);
    // A fourth pod no longer fits its 6750 MiB; one m5a.xlarge is cheaper than two m5a.large, and
    // the r5a.large's 16 GiB come with too little CPU.
    const bigger = cheapestNodes([{ ...pod, replicas: 4 }], { cpuMillicores: 300, memoryMiB: 153, description: "test" }, prices);
    expect(bigger).toMatchObject({ instanceType: "m5a.xlarge", count: 1 });
  });

  it("puts the replicas of a group spread over nodes on distinct nodes, and packs the other pods beside them", () => {
    const reserve = { cpuMillicores: 300, memoryMiB: 153, description: "test" };
    const web = { source: "test", name: "openedx/lms", replicas: 2, cpuMillicores: 250, memoryMiB: 512 };
    // Two small replicas share one node when nothing spreads them...
    expect(cheapestNodes([web], reserve, prices)).toMatchObject({ count: 1 });
    // ...and need one node each when they are spread, a third replica a third node.
    expect(cheapestNodes([{ ...web, spreadOverNodes: true }], reserve, prices)).toMatchObject({ count: 2 });
    expect(cheapestNodes([{ ...web, replicas: 3, spreadOverNodes: true }], reserve, prices)).toMatchObject({ count: 3 });
    // Another spread Deployment's replicas and unspread pods share those nodes.
    const worker = { ...web, name: "openedx/lms-worker", spreadOverNodes: true };
    const caddy = { source: "test", name: "openedx/caddy", replicas: 1, cpuMillicores: 100, memoryMiB: 256 };
    expect(cheapestNodes([{ ...web, spreadOverNodes: true }, worker, caddy], reserve, prices)).toMatchObject({ count: 2 });
  });
});

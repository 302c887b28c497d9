import { instanceFamilies, PriceTable } from "./price-table";

/**
 * US East (N. Virginia). On-demand Linux prices as the AWS public pricing pages list them; see
 * `source` for how they were compiled and what to check before relying on them.
 */
export const US_EAST_1: PriceTable = {
  region: "us-east-1",
  source:
    "AWS public pricing pages (EC2 on-demand Linux, EKS, VPC, Elastic Load Balancing, EBS, RDS for MySQL, Aurora, DocumentDB, " +
    "ElastiCache, OpenSearch, KMS, Secrets Manager, WAF, Route 53, CloudWatch), on-demand, USD, US East (N. Virginia); compiled by " +
    "hand from stored copies and the published per-family rates, not fetched from the Price List API (no network here): verify with " +
    "the AWS Pricing Calculator before relying on a figure",
  asOf: "2026-12-03",
  eks: { clusterHour: 0.1, extendedSupportClusterHour: 0.6 },
  ec2: instanceFamilies({
    c5: 0.085,
    c5a: 0.077,
    c6a: 0.0765,
    c6i: 0.085,
    c7a: 0.10264,
    c7i: 0.08925,
    m5: 0.096,
    m5a: 0.086,
    m6a: 0.0864,
    m6i: 0.096,
    m7a: 0.11592,
    m7i: 0.1008,
    r5: 0.126,
    r5a: 0.113,
    r6a: 0.1134,
    r6i: 0.126,
    r7a: 0.15216,
    r7i: 0.1323,
  }),
  instancesOutsideAutoMode: { "t4g.nano": 0.0042, "t4g.micro": 0.0084, "t4g.small": 0.0168 },
  ebsGbMonth: { gp3: 0.08, gp2: 0.1 },
  vpc: { natGatewayHour: 0.045, publicIpv4Hour: 0.005, interfaceEndpointAzHour: 0.01 },
  elb: { nlbHour: 0.0225, albHour: 0.0225 },
  rdsMysql: {
    "db.t3.micro": 0.017,
    "db.t3.small": 0.034,
    "db.t3.medium": 0.068,
    "db.t4g.micro": 0.016,
    "db.t4g.small": 0.032,
    "db.t4g.medium": 0.065,
    "db.t4g.large": 0.129,
    "db.m6g.large": 0.152,
    "db.r6g.large": 0.225,
    "db.r7g.large": 0.239,
  },
  auroraMysql: { "db.t4g.medium": 0.073, "db.r6g.large": 0.26, "db.r7g.large": 0.276 },
  rdsStorageGbMonth: { gp3: 0.115, gp2: 0.115 },
  documentDb: { "db.t3.medium": 0.078, "db.t4g.medium": 0.073, "db.r5.large": 0.277, "db.r6g.large": 0.249 },
  elastiCache: {
    redis: { "cache.t4g.micro": 0.016, "cache.t4g.small": 0.032, "cache.t4g.medium": 0.065, "cache.r6g.large": 0.206, "cache.r7g.large": 0.219 },
    // Valkey node-based clusters are priced 20% below Redis OSS.
    valkey: { "cache.t4g.micro": 0.0128, "cache.t4g.small": 0.0256, "cache.t4g.medium": 0.052, "cache.r6g.large": 0.1648, "cache.r7g.large": 0.1752 },
  },
  openSearch: { instances: { "t3.medium.search": 0.073 }, gp3GbMonth: 0.122 },
  monthly: { kmsKey: 1, secret: 0.4, wafWebAcl: 5, wafRule: 1, hostedZone: 0.5, alarm: 0.1 },
};

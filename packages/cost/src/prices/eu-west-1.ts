import { instanceFamilies, PriceTable } from "./price-table";

/**
 * Europe (Ireland). On-demand Linux prices as the AWS public pricing pages list them; see `source`
 * for how they were compiled and what to check before relying on them.
 */
export const EU_WEST_1: PriceTable = {
  region: "eu-west-1",
  source:
    "AWS public pricing pages (EC2 on-demand Linux, EKS, VPC, Elastic Load Balancing, EBS, RDS for MySQL, Aurora, DocumentDB, " +
    "ElastiCache, OpenSearch, KMS, Secrets Manager, WAF, Route 53, CloudWatch), on-demand, USD, Europe (Ireland); compiled by hand " +
    "from stored copies and the published per-family rates, not fetched from the Price List API (no network here): verify with the " +
    "AWS Pricing Calculator before relying on a figure",
  asOf: "2026-12-03",
  eks: { clusterHour: 0.1, extendedSupportClusterHour: 0.6 },
  ec2: instanceFamilies({
    c5: 0.096,
    c5a: 0.087,
    c6a: 0.0864,
    c6i: 0.096,
    c7i: 0.1008,
    m5: 0.107,
    m5a: 0.096,
    m6a: 0.0963,
    m6i: 0.107,
    m7i: 0.1124,
    r5: 0.141,
    r5a: 0.126,
    r6a: 0.1269,
    r6i: 0.141,
    r7i: 0.1481,
  }),
  instancesOutsideAutoMode: { "t4g.nano": 0.0046, "t4g.micro": 0.0092, "t4g.small": 0.0184 },
  ebsGbMonth: { gp3: 0.088, gp2: 0.11 },
  vpc: { natGatewayHour: 0.048, publicIpv4Hour: 0.005, interfaceEndpointAzHour: 0.011 },
  elb: { nlbHour: 0.0252, albHour: 0.0252 },
  rdsMysql: {
    "db.t3.micro": 0.018,
    "db.t3.small": 0.036,
    "db.t3.medium": 0.072,
    "db.t4g.micro": 0.018,
    "db.t4g.small": 0.036,
    "db.t4g.medium": 0.072,
    "db.t4g.large": 0.144,
    "db.m6g.large": 0.17,
    "db.r6g.large": 0.252,
    "db.r7g.large": 0.268,
  },
  auroraMysql: { "db.t4g.medium": 0.08, "db.r6g.large": 0.29, "db.r7g.large": 0.308 },
  rdsStorageGbMonth: { gp3: 0.127, gp2: 0.127 },
  documentDb: { "db.t3.medium": 0.085, "db.t4g.medium": 0.08, "db.r5.large": 0.304, "db.r6g.large": 0.274 },
  elastiCache: {
    redis: { "cache.t4g.micro": 0.0176, "cache.t4g.small": 0.035, "cache.t4g.medium": 0.07, "cache.r6g.large": 0.229, "cache.r7g.large": 0.24 },
    // Valkey node-based clusters are priced 20% below Redis OSS.
    valkey: { "cache.t4g.micro": 0.01408, "cache.t4g.small": 0.028, "cache.t4g.medium": 0.056, "cache.r6g.large": 0.1832, "cache.r7g.large": 0.192 },
  },
  openSearch: { instances: { "t3.medium.search": 0.08 }, gp3GbMonth: 0.146 },
  monthly: { kmsKey: 1, secret: 0.4, wafWebAcl: 5, wafRule: 1, hostedZone: 0.5, alarm: 0.1 },
};

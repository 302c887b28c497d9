import { NAT_INSTANCE_ROLE_TAG } from "@openedx-infra/constructs";
import { PriceTable } from "../prices/price-table";
import { CostLine, emptyPriced, HOURS_PER_MONTH, PricedResources } from "./cost-line";
import { ResourceBody, resourcesOf, StackDocument } from "./stack-document";

/**
 * Resource types charged only by use (requests, data, ingestion, growth): listed beside the
 * estimate, never silently dropped.
 */
const USAGE_BASED: Readonly<Record<string, string>> = {
  aws_cloudfront_distribution: "CloudFront requests and data transfer out (no fixed fee)",
  aws_s3_bucket: "S3 storage, requests and replication",
  aws_cloudwatch_log_group: "CloudWatch Logs ingestion and storage",
  aws_flow_log: "VPC flow log ingestion",
  aws_ecr_repository: "ECR image storage",
  aws_sesv2_email_identity: "SES messages sent",
  aws_sns_topic: "SNS notifications",
  aws_backup_plan: "AWS Backup recovery-point storage and its growth",
  aws_docdb_cluster: "DocumentDB storage, I/O and backup storage beyond the free allowance",
  aws_rds_cluster: "Aurora storage, I/O and backup storage beyond the free allowance",
  aws_elasticache_replication_group: "ElastiCache snapshot storage beyond the free one",
  aws_cloudwatch_log_delivery: "CloudFront and WAF log delivery",
  aws_wafv2_web_acl: "WAF requests inspected",
  aws_route53_zone: "Route 53 DNS queries",
  aws_kms_key: "KMS API requests",
  aws_secretsmanager_secret: "Secrets Manager API calls",
  aws_nat_gateway: "NAT gateway data processing",
  aws_db_instance: "RDS backup storage beyond the allocated size, Performance Insights beyond the free tier",
};

/** Prices the AWS resources of the stacks that do not depend on the cluster's pods. */
export function priceAwsResources(stacks: readonly StackDocument[], prices: PriceTable): PricedResources {
  const result = emptyPriced();
  const monthly = (value: number) => value / HOURS_PER_MONTH;
  const add = (line: CostLine) => result.lines.push(line);
  const unknown = (stack: StackDocument, address: string, type: string) => result.unknown.push({ stack: stack.name, address, type, region: prices.region });

  for (const stack of stacks) {
    for (const [type, what] of Object.entries(USAGE_BASED)) {
      for (const [name] of resourcesOf(stack, type)) result.usageBased.push({ stack: stack.name, address: `${type}.${name}`, what });
    }

    for (const [name, body] of resourcesOf(stack, "aws_eks_cluster")) {
      const support = (body.upgrade_policy as ResourceBody | undefined)?.support_type;
      const extended = support === "EXTENDED";
      add({
        stack: stack.name,
        address: `aws_eks_cluster.${name}`,
        what: `EKS control plane, Kubernetes ${String(body.version)} (${extended ? "extended support allowed: standard rate until it ends" : "standard support"})`,
        category: "EKS control plane",
        quantity: "1 cluster",
        hourly: prices.eks.clusterHour,
      });
      if (extended) result.notes.push(`${stack.name}: the cluster allows extended support, billed at $${prices.eks.extendedSupportClusterHour}/hour once the version leaves standard support`);
    }

    for (const [name] of resourcesOf(stack, "aws_nat_gateway")) {
      add({ stack: stack.name, address: `aws_nat_gateway.${name}`, what: "NAT gateway", category: "NAT", quantity: "1", hourly: prices.vpc.natGatewayHour });
    }
    for (const [name] of resourcesOf(stack, "aws_eip")) {
      add({ stack: stack.name, address: `aws_eip.${name}`, what: "public IPv4 address (Elastic IP)", category: "public IPv4 addresses", quantity: "1", hourly: prices.vpc.publicIpv4Hour });
    }

    for (const [name, body] of resourcesOf(stack, "aws_vpc_endpoint")) {
      const service = String(body.service_name ?? name).split(".").slice(3).join(".") || String(body.service_name);
      if (body.vpc_endpoint_type === "Interface") {
        const zones = Array.isArray(body.subnet_ids) ? body.subnet_ids.length : 0;
        add({
          stack: stack.name,
          address: `aws_vpc_endpoint.${name}`,
          what: `interface endpoint ${service}`,
          category: "VPC endpoints",
          quantity: `${zones} AZ`,
          hourly: zones * prices.vpc.interfaceEndpointAzHour,
        });
      }
      // Gateway endpoints (S3, DynamoDB) have no charge.
    }

    for (const [name, body] of resourcesOf(stack, "aws_db_instance")) {
      const address = `aws_db_instance.${name}`;
      const instanceClass = String(body.instance_class);
      const copies = body.multi_az === true ? 2 : 1;
      const layout = copies === 2 ? "Multi-AZ" : "single-AZ";
      const classHourly = prices.rdsMysql[instanceClass];
      if (body.engine !== "mysql" || classHourly === undefined) {
        unknown(stack, address, `${String(body.engine)} ${instanceClass}`);
      } else {
        add({ stack: stack.name, address, what: `RDS for MySQL ${instanceClass}, ${layout}`, category: "MySQL", quantity: `${copies} instance${copies === 2 ? "s" : ""}`, hourly: classHourly * copies });
      }
      const storageType = String(body.storage_type ?? "gp2");
      const gb = Number(body.allocated_storage ?? 0);
      const gbMonth = prices.rdsStorageGbMonth[storageType];
      if (gbMonth === undefined) unknown(stack, address, `RDS storage ${storageType}`);
      else add({ stack: stack.name, address, what: `RDS storage ${storageType}, ${layout}`, category: "MySQL", quantity: `${gb} GB × ${copies}`, hourly: monthly(gb * gbMonth * copies) });
    }

    for (const [name, body] of resourcesOf(stack, "aws_rds_cluster_instance")) {
      const address = `aws_rds_cluster_instance.${name}`;
      const instanceClass = String(body.instance_class);
      const hourly = prices.auroraMysql[instanceClass];
      if (hourly === undefined) unknown(stack, address, `Aurora ${instanceClass}`);
      else add({ stack: stack.name, address, what: `Aurora MySQL ${instanceClass}`, category: "MySQL", quantity: "1 instance", hourly });
    }

    for (const [name, body] of resourcesOf(stack, "aws_docdb_cluster_instance")) {
      const address = `aws_docdb_cluster_instance.${name}`;
      const instanceClass = String(body.instance_class);
      const hourly = prices.documentDb[instanceClass];
      if (hourly === undefined) unknown(stack, address, `DocumentDB ${instanceClass}`);
      else add({ stack: stack.name, address, what: `DocumentDB ${instanceClass}`, category: "DocumentDB", quantity: "1 instance", hourly });
    }

    for (const [name, body] of resourcesOf(stack, "aws_elasticache_replication_group")) {
      const address = `aws_elasticache_replication_group.${name}`;
      const nodeType = String(body.node_type);
      const engine = String(body.engine ?? "redis");
      const groups = Number(body.num_node_groups ?? 1);
      const nodes = body.num_cache_clusters !== undefined ? Number(body.num_cache_clusters) : groups * (1 + Number(body.replicas_per_node_group ?? 0));
      const hourly = prices.elastiCache[engine]?.[nodeType];
      if (hourly === undefined) unknown(stack, address, `ElastiCache ${engine} ${nodeType}`);
      else add({ stack: stack.name, address, what: `ElastiCache ${engine} ${nodeType} (primary + ${nodes - 1} replica${nodes === 2 ? "" : "s"})`, category: "cache", quantity: `${nodes} node${nodes === 1 ? "" : "s"}`, hourly: hourly * nodes });
    }

    for (const [name, body] of resourcesOf(stack, "aws_opensearch_domain")) {
      const address = `aws_opensearch_domain.${name}`;
      const cluster = firstBlock(body.cluster_config);
      const dataType = String(cluster.instance_type);
      const dataCount = Number(cluster.instance_count ?? 1);
      const dataHourly = prices.openSearch.instances[dataType];
      if (dataHourly === undefined) unknown(stack, address, `OpenSearch ${dataType}`);
      else add({ stack: stack.name, address, what: `OpenSearch data nodes ${dataType}`, category: "search", quantity: `${dataCount}`, hourly: dataHourly * dataCount });
      if (cluster.dedicated_master_enabled === true) {
        const masterType = String(cluster.dedicated_master_type);
        const masterCount = Number(cluster.dedicated_master_count ?? 3);
        const masterHourly = prices.openSearch.instances[masterType];
        if (masterHourly === undefined) unknown(stack, address, `OpenSearch ${masterType}`);
        else add({ stack: stack.name, address, what: `OpenSearch master nodes ${masterType}`, category: "search", quantity: `${masterCount}`, hourly: masterHourly * masterCount });
      }
      const ebs = firstBlock(body.ebs_options);
      if (ebs.ebs_enabled !== false && ebs.volume_size !== undefined) {
        const gb = Number(ebs.volume_size) * dataCount;
        add({ stack: stack.name, address, what: "OpenSearch EBS gp3", category: "search", quantity: `${gb} GB`, hourly: monthly(gb * prices.openSearch.gp3GbMonth) });
      }
    }

    for (const [name, body] of resourcesOf(stack, "aws_ebs_volume")) {
      const address = `aws_ebs_volume.${name}`;
      const volumeType = String(body.type ?? "gp3");
      const gbMonth = prices.ebsGbMonth[volumeType];
      if (gbMonth === undefined) unknown(stack, address, `EBS ${volumeType}`);
      else add({ stack: stack.name, address, what: `EBS volume ${volumeType}`, category: "volumes", quantity: `${Number(body.size)} GB`, hourly: monthly(Number(body.size) * gbMonth) });
    }

    for (const [name, body] of resourcesOf(stack, "aws_instance")) {
      // Instances outside Auto Mode (NAT instances, the bastion): only the types of the table are known.
      const address = `aws_instance.${name}`;
      const instanceType = String(body.instance_type);
      const natInstance = (body.tags as ResourceBody | undefined)?.["openedx:role"] === NAT_INSTANCE_ROLE_TAG;
      const category = natInstance ? "NAT" : "other instances";
      const hourly = prices.instancesOutsideAutoMode[instanceType] ?? prices.ec2[instanceType]?.hourly;
      if (hourly === undefined) unknown(stack, address, instanceType);
      else add({ stack: stack.name, address, what: `${natInstance ? "NAT instance " : ""}EC2 ${instanceType}`, category, quantity: "1", hourly });
      if (natInstance) {
        result.usageBased.push({ stack: stack.name, address, what: "NAT instance data transfer out, and CPU credits if it bursts above its baseline for long" });
      }
      for (const volume of launchTemplateVolumes(stack, body)) {
        const gbMonth = prices.ebsGbMonth[volume.type];
        if (gbMonth === undefined) unknown(stack, volume.address, `EBS ${volume.type}`);
        else add({ stack: stack.name, address: volume.address, what: `root volume of ${address} (EBS ${volume.type})`, category, quantity: `${volume.sizeGb} GB`, hourly: monthly(volume.sizeGb * gbMonth) });
      }
    }

    countedMonthly(stack, "aws_kms_key", "KMS customer-managed key", "KMS keys", prices.monthly.kmsKey, add);
    const secrets = resourcesOf(stack, "aws_secretsmanager_secret").length;
    // RDS and DocumentDB keep a managed master password in a Secrets Manager secret of their own.
    const managed = [...resourcesOf(stack, "aws_db_instance"), ...resourcesOf(stack, "aws_docdb_cluster"), ...resourcesOf(stack, "aws_rds_cluster")].filter(
      ([, body]) => body.manage_master_user_password === true,
    ).length;
    if (secrets + managed > 0) {
      add({
        stack: stack.name,
        address: "aws_secretsmanager_secret" + (managed > 0 ? " + managed master passwords" : ""),
        what: "Secrets Manager secret",
        category: "Secrets Manager",
        quantity: `${secrets + managed}`,
        hourly: monthly((secrets + managed) * prices.monthly.secret),
      });
    }
    for (const [name, body] of resourcesOf(stack, "aws_wafv2_web_acl")) {
      const rules = Array.isArray(body.rule) ? body.rule.length : 0;
      add({ stack: stack.name, address: `aws_wafv2_web_acl.${name}`, what: "WAF web ACL", category: "WAF", quantity: "1", hourly: monthly(prices.monthly.wafWebAcl) });
      add({ stack: stack.name, address: `aws_wafv2_web_acl.${name}`, what: "WAF rules and managed rule groups", category: "WAF", quantity: `${rules}`, hourly: monthly(rules * prices.monthly.wafRule) });
    }
    countedMonthly(stack, "aws_route53_zone", "Route 53 hosted zone", "Route 53", prices.monthly.hostedZone, add);
    countedMonthly(stack, "aws_cloudwatch_metric_alarm", "CloudWatch alarm (standard resolution)", "CloudWatch alarms", prices.monthly.alarm, add);
  }
  return result;
}

/** One line for all resources of `type` in the stack, at a fixed monthly fee each. */
function countedMonthly(stack: StackDocument, type: string, what: string, category: CostLine["category"], monthlyFee: number, add: (line: CostLine) => void): void {
  const count = resourcesOf(stack, type).length;
  if (count > 0) add({ stack: stack.name, address: type, what, category, quantity: `${count}`, hourly: (count * monthlyFee) / HOURS_PER_MONTH });
}

interface LaunchTemplateVolume {
  readonly address: string;
  readonly type: string;
  readonly sizeGb: number;
}

/**
 * The EBS volumes with a size an instance's launch template of this stack gives it (`launch_template.id`
 * as `${aws_launch_template.<name>.id}`). Volumes without a size take the image's and are not counted.
 */
function launchTemplateVolumes(stack: StackDocument, instance: ResourceBody): LaunchTemplateVolume[] {
  const reference = /^\$\{aws_launch_template\.([^.]+)\.id\}$/.exec(String(firstBlock(instance.launch_template).id ?? ""));
  const template = reference ? stack.json.resource?.aws_launch_template?.[reference[1]] : undefined;
  if (!reference || !template) return [];
  const mappings = Array.isArray(template.block_device_mappings) ? (template.block_device_mappings as ResourceBody[]) : [];
  return mappings
    .map((mapping) => firstBlock(mapping.ebs))
    .filter((ebs) => ebs.volume_size !== undefined)
    .map((ebs) => ({ address: `aws_launch_template.${reference[1]}`, type: String(ebs.volume_type ?? "gp3"), sizeGb: Number(ebs.volume_size) }));
}

/** A nested block as synthesized: an object, or a one-element list of it. */
function firstBlock(value: unknown): ResourceBody {
  if (Array.isArray(value)) return (value[0] ?? {}) as ResourceBody;
  return (value ?? {}) as ResourceBody;
}

import { blockAt, blockId, blocksOfType, compare, EnvironmentStacks, referencedBlocks, StackBlock, TerraformBlock } from "./synthesized-stacks";

/** A subnet tier, named as the network construct tags it (`openedx:subnet-tier`). */
export type SubnetTier = "public" | "private" | "isolated";

/** The tiers from the internet inwards, the order they are drawn in. */
export const SUBNET_TIERS: readonly SubnetTier[] = ["public", "private", "isolated"];

/** One subnet of the VPC. */
export interface SubnetNode {
  /** Diagram id (`<stack>/aws_subnet.<name>`). */
  readonly id: string;
  /** The tier, from the `openedx:subnet-tier` tag. */
  readonly tier: SubnetTier;
  /** The IPv4 range, e.g. `10.40.0.0/19`. */
  readonly cidr: string;
  /** Its availability zone. */
  readonly availabilityZone: string;
  /** Whether a NAT gateway sits in it. */
  readonly hasNatGateway: boolean;
}

/** One availability zone with its subnets, public first. */
export interface ZoneNode {
  /** e.g. `eu-west-1a`. */
  readonly name: string;
  /** Its subnets in tier order. */
  readonly subnets: readonly SubnetNode[];
}

/** The VPC and what it holds at the network level. */
export interface NetworkNode {
  /** Diagram id of the VPC. */
  readonly id: string;
  /** The `Name` tag. */
  readonly name: string;
  /** The VPC's IPv4 range. */
  readonly cidr: string;
  /** The availability zones, sorted. */
  readonly zones: readonly ZoneNode[];
  /** The internet and NAT gateways and flow logs the VPC has, as short phrases. */
  readonly gateways: readonly string[];
  /** Short service names of the VPC endpoints (`s3`, `ecr.api`, ...), sorted. */
  readonly endpoints: readonly string[];
}

/** The EKS cluster. */
export interface ClusterNode {
  /** Diagram id. */
  readonly id: string;
  /** The cluster name. */
  readonly name: string;
  /** The Kubernetes version. */
  readonly version: string;
  /** Auto Mode node pools (empty without Auto Mode). */
  readonly nodePools: readonly string[];
  /** EKS add-ons by name, sorted. */
  readonly addons: readonly string[];
  /** The tiers of the subnets it runs in. */
  readonly subnetTiers: readonly SubnetTier[];
}

/** What kind of managed data service a node is, from its Terraform type. */
export type DataServiceKind = "rds" | "aurora" | "documentdb" | "elasticache" | "opensearch";

/** A database, cache or search domain. */
export interface DataServiceNode {
  /** Diagram id. */
  readonly id: string;
  /** Which service. */
  readonly kind: DataServiceKind;
  /** Its identifier (instance, cluster, replication group or domain name). */
  readonly name: string;
  /** Engine and version, e.g. `mysql 8.4`. */
  readonly engine: string;
  /** Instance classes with counts, e.g. `2 × db.r6g.large`. */
  readonly capacity: string;
  /** Whether it spans availability zones (Multi-AZ, replicas in several AZs or zone awareness). */
  readonly multiAz: boolean;
  /** The tiers of the subnets of its subnet group (or VPC options). */
  readonly subnetTiers: readonly SubnetTier[];
  /** The availability zones of those subnets. */
  readonly availabilityZones: readonly string[];
}

/** A CloudFront distribution. */
export interface DistributionNode {
  /** Diagram id. */
  readonly id: string;
  /** Its comment, which names it. */
  readonly name: string;
  /** The host names it answers. */
  readonly aliases: readonly string[];
  /** The origin domain names. */
  readonly originDomains: readonly string[];
}

/** A labelled box for a resource without structure of its own (zone, certificate, WAF, bucket, ...). */
export interface PlainNode {
  /** Diagram id. */
  readonly id: string;
  /** The headline, e.g. the bucket name. */
  readonly name: string;
  /** Further lines. */
  readonly details: readonly string[];
}

/** The edge stack's resources: the parts in front of the region. */
export interface EdgeNodes {
  /** Route 53 hosted zones with the alias records they hold. */
  readonly zones: readonly PlainNode[];
  /** CloudFront distributions. */
  readonly distributions: readonly DistributionNode[];
  /** WAF web ACLs. */
  readonly webAcls: readonly PlainNode[];
  /** ACM certificates in us-east-1, for CloudFront. */
  readonly globalCertificates: readonly PlainNode[];
  /** ACM certificates in the environment's region, for the load balancer. */
  readonly regionalCertificates: readonly PlainNode[];
}

/** The in-cluster objects of the platform stack. */
export interface PlatformNodes {
  /** Helm releases other than the ingress controller. */
  readonly helmReleases: readonly PlainNode[];
  /** The helm release whose service is a cloud load balancer, if any. */
  readonly ingressController?: PlainNode;
  /** The load balancer that release asks for. */
  readonly loadBalancer?: PlainNode;
  /** The Route 53 record CloudFront uses as the origin, aliased to the load balancer. */
  readonly originRecord?: PlainNode;
  /** The Ingress objects, one node listing each with its host. */
  readonly ingresses?: PlainNode;
  /** The Open edX deployments behind the ingresses, with their autoscaling ranges. */
  readonly services?: PlainNode;
  /** Cron jobs (the logical dump). */
  readonly cronJobs: readonly PlainNode[];
}

/** The AWS Backup vault and its plans. */
export interface BackupNodes {
  /** The vault. */
  readonly vault: PlainNode;
  /** The plans that target it, with their rules. */
  readonly plans: readonly PlainNode[];
  /** The `key=value` tag that selects resources for backup. */
  readonly selectionTags: readonly string[];
}

/** How a link is drawn: the request path solid, data paths dashed, configuration dotted. */
export type LinkKind = "request" | "data" | "config";

/** An arrow between two nodes. */
export interface Link {
  /** Diagram id of the tail. */
  readonly from: string;
  /** Diagram id of the head. */
  readonly to: string;
  /** The arrow's label. */
  readonly label: string;
  /** How it is drawn. */
  readonly kind: LinkKind;
}

/** Everything the diagram shows, read from an environment's synthesized stacks. */
export interface ArchitectureModel {
  /** The environment name. */
  readonly environment: string;
  /** The region of the network stack's provider. */
  readonly region: string;
  /** The browser (the start of the request path). */
  readonly browser: PlainNode;
  /** CloudFront, WAF, DNS and certificates. */
  readonly edge: EdgeNodes;
  /** The VPC. */
  readonly network: NetworkNode;
  /** The EKS cluster, if the environment has one. */
  readonly cluster?: ClusterNode;
  /** The platform stack's objects. */
  readonly platform: PlatformNodes;
  /** Databases, caches and search domains, sorted by id. */
  readonly dataServices: readonly DataServiceNode[];
  /** S3 buckets, sorted by id. */
  readonly buckets: readonly PlainNode[];
  /** The backup vault and plan, if any. */
  readonly backup?: BackupNodes;
  /** The request path from the browser to the Open edX services, in order. */
  readonly requestPath: readonly Link[];
  /** Arrows from workloads to data and from data to the vault. */
  readonly dataPaths: readonly Link[];
  /** Arrows for attachments (WAF, certificates, DNS). */
  readonly configLinks: readonly Link[];
}

/** Builds the model of an environment from its stacks; fails when the stacks have no VPC. */
export function buildArchitectureModel(stacks: EnvironmentStacks): ArchitectureModel {
  const vpc = blocksOfType(stacks, "aws_vpc")[0];
  if (!vpc) throw new Error(`the stacks of environment "${stacks.environment}" (${[...stacks.stacks.keys()].join(", ")}) hold no aws_vpc: nothing to draw`);
  const subnets = readSubnets(stacks);
  const network = readNetwork(stacks, vpc, subnets);
  const cluster = readCluster(stacks, subnets);
  const dataServices = readDataServices(stacks, subnets);
  const edge = readEdge(stacks);
  const buckets = readBuckets(stacks);
  const backup = readBackup(stacks);
  const platform = readPlatform(stacks, subnets);
  const browser: PlainNode = { id: "browser", name: "Browser", details: ["learners, authors"] };

  const requestPath = readRequestPath(stacks, browser, edge, platform, buckets);
  const dataPaths = readDataPaths(stacks, platform, dataServices, buckets, backup);
  const configLinks = readConfigLinks(stacks, edge, platform);
  return {
    environment: stacks.environment,
    region: providerRegion(stacks, vpc.stack),
    browser,
    edge,
    network,
    cluster,
    platform,
    dataServices,
    buckets,
    backup,
    requestPath,
    dataPaths,
    configLinks,
  };
}

function readSubnets(stacks: EnvironmentStacks): Map<string, SubnetNode> {
  const natSubnets = new Set(blocksOfType(stacks, "aws_nat_gateway").flatMap((nat) => referencedBlocks(stacks, nat.stack, nat.body.subnet_id).map(blockId)));
  const subnets = new Map<string, SubnetNode>();
  for (const subnet of blocksOfType(stacks, "aws_subnet")) {
    const id = blockId(subnet);
    subnets.set(id, {
      id,
      tier: subnetTier(subnet),
      cidr: text(subnet.body.cidr_block) ?? "?",
      availabilityZone: text(subnet.body.availability_zone) ?? "?",
      hasNatGateway: natSubnets.has(id),
    });
  }
  return subnets;
}

function subnetTier(subnet: StackBlock): SubnetTier {
  const tags = record(subnet.body.tags);
  const tagged = text(tags["openedx:subnet-tier"]);
  if (tagged === "public" || tagged === "private" || tagged === "isolated") return tagged;
  // Subnets made outside the network construct: the load balancer role tags tell public from private.
  if (tags["kubernetes.io/role/elb"] !== undefined || subnet.body.map_public_ip_on_launch === true) return "public";
  return tags["kubernetes.io/role/internal-elb"] !== undefined ? "private" : "isolated";
}

function readNetwork(stacks: EnvironmentStacks, vpc: StackBlock, subnets: Map<string, SubnetNode>): NetworkNode {
  const zones = new Map<string, SubnetNode[]>();
  for (const subnet of subnets.values()) zones.set(subnet.availabilityZone, [...(zones.get(subnet.availabilityZone) ?? []), subnet]);
  const tierOrder = (subnet: SubnetNode) => SUBNET_TIERS.indexOf(subnet.tier);
  return {
    id: blockId(vpc),
    name: text(record(vpc.body.tags).Name) ?? vpc.name,
    cidr: text(vpc.body.cidr_block) ?? "?",
    zones: [...zones.keys()].sort(compare).map((name) => ({
      name,
      subnets: (zones.get(name) ?? []).sort((a, b) => tierOrder(a) - tierOrder(b) || compare(a.cidr, b.cidr)),
    })),
    gateways: [
      ...(blocksOfType(stacks, "aws_internet_gateway").length > 0 ? ["internet gateway"] : []),
      ...(() => {
        const nat = blocksOfType(stacks, "aws_nat_gateway").length;
        return nat > 0 ? [`${nat} NAT gateway${nat === 1 ? "" : "s"}`] : [];
      })(),
      ...(blocksOfType(stacks, "aws_flow_log").length > 0 ? ["flow logs"] : []),
    ],
    endpoints: blocksOfType(stacks, "aws_vpc_endpoint")
      .map((endpoint) => (text(endpoint.body.service_name) ?? endpoint.name).replace(/^com\.amazonaws\.[a-z0-9-]+\./, ""))
      .sort(compare),
  };
}

function tiersOf(blocks: readonly StackBlock[], subnets: Map<string, SubnetNode>): SubnetNode[] {
  return blocks.map((block) => subnets.get(blockId(block))).filter((subnet): subnet is SubnetNode => subnet !== undefined);
}

function distinctTiers(subnets: readonly SubnetNode[]): SubnetTier[] {
  return SUBNET_TIERS.filter((tier) => subnets.some((subnet) => subnet.tier === tier));
}

function readCluster(stacks: EnvironmentStacks, subnets: Map<string, SubnetNode>): ClusterNode | undefined {
  const cluster = blocksOfType(stacks, "aws_eks_cluster")[0];
  if (!cluster) return undefined;
  const clusterSubnets = tiersOf(referencedBlocks(stacks, cluster.stack, record(cluster.body.vpc_config).subnet_ids), subnets);
  return {
    id: blockId(cluster),
    name: text(cluster.body.name) ?? cluster.name,
    version: text(cluster.body.version) ?? "?",
    nodePools: texts(record(cluster.body.compute_config).node_pools),
    addons: blocksOfType(stacks, "aws_eks_addon").map((addon) => text(addon.body.addon_name) ?? addon.name).sort(compare),
    subnetTiers: distinctTiers(clusterSubnets),
  };
}

function readDataServices(stacks: EnvironmentStacks, subnets: Map<string, SubnetNode>): DataServiceNode[] {
  const services: DataServiceNode[] = [];
  const placed = (block: StackBlock, groupAttribute: unknown) => {
    // A subnet group name reference leads to the group, whose subnet ids lead to the subnets.
    const direct = referencedBlocks(stacks, block.stack, groupAttribute);
    const viaGroups = direct.filter((referenced) => referenced.type.endsWith("_subnet_group")).flatMap((group) => referencedBlocks(stacks, group.stack, group.body.subnet_ids));
    const found = tiersOf([...direct, ...viaGroups], subnets);
    return { subnetTiers: distinctTiers(found), availabilityZones: [...new Set(found.map((subnet) => subnet.availabilityZone))].sort(compare) };
  };
  const instancesOf = (type: string, cluster: StackBlock) =>
    blocksOfType(stacks, type).filter((instance) => referencedBlocks(stacks, instance.stack, instance.body.cluster_identifier).some((target) => blockId(target) === blockId(cluster)));
  const counted = (classes: readonly string[]) => {
    const counts = new Map<string, number>();
    for (const name of classes) counts.set(name, (counts.get(name) ?? 0) + 1);
    return [...counts.keys()].sort(compare).map((name) => `${counts.get(name)} × ${name}`).join(", ") || "no instances";
  };

  for (const instance of blocksOfType(stacks, "aws_db_instance")) {
    services.push({
      id: blockId(instance),
      kind: "rds",
      name: text(instance.body.identifier) ?? instance.name,
      engine: `${text(instance.body.engine) ?? "?"} ${text(instance.body.engine_version) ?? ""}`.trim(),
      capacity: `${text(instance.body.instance_class) ?? "?"}${instance.body.allocated_storage !== undefined ? `, ${text(instance.body.allocated_storage)} GiB ${text(instance.body.storage_type) ?? ""}`.trimEnd() : ""}`,
      multiAz: instance.body.multi_az === true,
      ...placed(instance, instance.body.db_subnet_group_name),
    });
  }
  for (const [clusterType, instanceType, kind] of [
    ["aws_rds_cluster", "aws_rds_cluster_instance", "aurora"],
    ["aws_docdb_cluster", "aws_docdb_cluster_instance", "documentdb"],
  ] as const) {
    for (const cluster of blocksOfType(stacks, clusterType)) {
      const instances = instancesOf(instanceType, cluster);
      services.push({
        id: blockId(cluster),
        kind,
        name: text(cluster.body.cluster_identifier) ?? cluster.name,
        engine: `${text(cluster.body.engine) ?? "?"} ${text(cluster.body.engine_version) ?? ""}`.trim(),
        capacity: counted(instances.map((instance) => text(instance.body.instance_class) ?? "?")),
        multiAz: new Set(instances.map((instance) => text(instance.body.availability_zone) ?? instance.name)).size > 1,
        ...placed(cluster, cluster.body.db_subnet_group_name),
      });
    }
  }
  for (const group of blocksOfType(stacks, "aws_elasticache_replication_group")) {
    const nodes = Number(group.body.num_cache_clusters ?? 1);
    services.push({
      id: blockId(group),
      kind: "elasticache",
      name: text(group.body.replication_group_id) ?? group.name,
      engine: `${text(group.body.engine) ?? "redis"} ${text(group.body.engine_version) ?? ""}`.trim(),
      capacity: `${nodes} × ${text(group.body.node_type) ?? "?"}`,
      multiAz: group.body.multi_az_enabled === true,
      ...placed(group, group.body.subnet_group_name),
    });
  }
  for (const domain of blocksOfType(stacks, "aws_opensearch_domain")) {
    const config = record(domain.body.cluster_config);
    services.push({
      id: blockId(domain),
      kind: "opensearch",
      name: text(domain.body.domain_name) ?? domain.name,
      engine: text(domain.body.engine_version) ?? "OpenSearch",
      capacity: `${text(config.instance_count) ?? "1"} × ${text(config.instance_type) ?? "?"}`,
      multiAz: config.zone_awareness_enabled === true,
      ...placed(domain, record(domain.body.vpc_options).subnet_ids),
    });
  }
  return services.sort((a, b) => compare(a.id, b.id));
}

function readEdge(stacks: EnvironmentStacks): EdgeNodes {
  const distributions = blocksOfType(stacks, "aws_cloudfront_distribution").map((distribution) => ({
    id: blockId(distribution),
    name: text(distribution.body.comment) ?? distribution.name,
    aliases: texts(distribution.body.aliases),
    originDomains: records(distribution.body.origin).map((origin) => text(origin.domain_name) ?? "?"),
  }));
  const aliasRecords = blocksOfType(stacks, "aws_route53_record").filter((entry) => entry.body.alias !== undefined && text(entry.body.type) === "A");
  const zones = blocksOfType(stacks, "aws_route53_zone").map((zone) => {
    const inZone = aliasRecords.filter((entry) => referencedBlocks(stacks, entry.stack, entry.body.zone_id).some((target) => blockId(target) === blockId(zone)));
    return plain(zone, text(zone.body.name) ?? zone.name, [`${inZone.length} alias records (A/AAAA)`]);
  });
  const webAcls = blocksOfType(stacks, "aws_wafv2_web_acl").map((acl) => {
    const rules = records(acl.body.rule).map((rule) => text(rule.name) ?? "?");
    const managed = rules.filter((rule) => rule.startsWith("AWSManagedRules")).length;
    const scope = `${text(acl.body.scope) ?? "REGIONAL"} scope in ${providerRegion(stacks, acl.stack, text(acl.body.provider))}`;
    return plain(acl, text(acl.body.name) ?? acl.name, [scope, `${managed} AWS managed rule groups`, ...rules.filter((rule) => !rule.startsWith("AWSManagedRules"))]);
  });
  const certificates = blocksOfType(stacks, "aws_acm_certificate").map((certificate) => ({
    certificate,
    node: plain(certificate, text(certificate.body.domain_name) ?? certificate.name, texts(certificate.body.subject_alternative_names)),
  }));
  const isGlobal = (block: StackBlock) => providerRegion(stacks, block.stack, text(block.body.provider)) === "us-east-1";
  return {
    zones,
    distributions,
    webAcls,
    globalCertificates: certificates.filter(({ certificate }) => isGlobal(certificate)).map(({ node }) => node),
    regionalCertificates: certificates.filter(({ certificate }) => !isGlobal(certificate)).map(({ node }) => node),
  };
}

function readBuckets(stacks: EnvironmentStacks): PlainNode[] {
  const configuring = (type: string, bucket: StackBlock) =>
    blocksOfType(stacks, type).filter((configuration) => referencedBlocks(stacks, configuration.stack, configuration.body.bucket).some((target) => blockId(target) === blockId(bucket)));
  return blocksOfType(stacks, "aws_s3_bucket").map((bucket) => {
    const algorithms = configuring("aws_s3_bucket_server_side_encryption_configuration", bucket).flatMap((configuration) =>
      records(configuration.body.rule).map((rule) => text(record(rule.apply_server_side_encryption_by_default).sse_algorithm)),
    );
    const encryption = algorithms.includes("aws:kms") || algorithms.includes("aws:kms:dsse") ? "SSE-KMS" : algorithms.includes("AES256") ? "SSE-S3" : "default encryption";
    const versioned = configuring("aws_s3_bucket_versioning", bucket).some((configuration) => text(record(configuration.body.versioning_configuration).status) === "Enabled");
    const lifecycle = configuring("aws_s3_bucket_lifecycle_configuration", bucket).length > 0;
    return plain(bucket, text(bucket.body.bucket) ?? bucket.name, [[encryption, versioned ? "versioned" : "unversioned", ...(lifecycle ? ["lifecycle rules"] : [])].join(", ")]);
  });
}

function readBackup(stacks: EnvironmentStacks): BackupNodes | undefined {
  const vault = blocksOfType(stacks, "aws_backup_vault")[0];
  if (!vault) return undefined;
  const locked = blocksOfType(stacks, "aws_backup_vault_lock_configuration").length > 0;
  const plans = blocksOfType(stacks, "aws_backup_plan").map((plan) =>
    plain(
      plan,
      `plan ${text(plan.body.name) ?? plan.name}`,
      records(plan.body.rule).map((rule) => `${text(rule.rule_name) ?? "?"}: keep ${text(record(rule.lifecycle).delete_after) ?? "?"} days${rule.enable_continuous_backup === true ? ", point-in-time" : ""}`),
    ),
  );
  const selectionTags = blocksOfType(stacks, "aws_backup_selection")
    .flatMap((selection) => records(selection.body.selection_tag).map((tag) => `${text(tag.key)}=${text(tag.value)}`))
    .sort(compare);
  return {
    vault: plain(vault, text(vault.body.name) ?? vault.name, [locked ? "vault lock" : "no vault lock", "KMS backup key"]),
    plans,
    selectionTags,
  };
}

function readPlatform(stacks: EnvironmentStacks, subnets: Map<string, SubnetNode>): PlatformNodes {
  const releases = blocksOfType(stacks, "helm_release");
  const balancerOf = (release: StackBlock) => findLoadBalancerService(texts(release.body.values).map(parseJson));
  const controller = releases.find((release) => balancerOf(release) !== undefined);
  const helmNode = (release: StackBlock) =>
    plain(release, text(release.body.name) ?? release.name, [`helm ${text(release.body.chart) ?? "?"} ${text(release.body.version) ?? ""}`.trimEnd(), `namespace ${text(release.body.namespace) ?? "default"}`]);

  let loadBalancer: PlainNode | undefined;
  if (controller) {
    const service = balancerOf(controller) ?? {};
    const annotations = record(service.annotations);
    const balancerClass = text(service.loadBalancerClass) ?? "";
    const kind = balancerClass.endsWith("/nlb") || text(annotations["service.beta.kubernetes.io/aws-load-balancer-type"]) === "nlb" ? "Network Load Balancer" : "Load balancer";
    const scheme = text(annotations["service.beta.kubernetes.io/aws-load-balancer-scheme"]) ?? "internal";
    // The load balancer controller places a balancer in the subnets tagged for its scheme.
    const roleTag = scheme === "internet-facing" ? "kubernetes.io/role/elb" : "kubernetes.io/role/internal-elb";
    const placement = tiersOf(
      blocksOfType(stacks, "aws_subnet").filter((subnet) => record(subnet.body.tags)[roleTag] !== undefined),
      subnets,
    );
    const tlsPorts = text(annotations["service.beta.kubernetes.io/aws-load-balancer-ssl-ports"]);
    loadBalancer = {
      id: `${blockId(controller)}/load-balancer`,
      name: kind,
      details: [
        `${scheme}${tlsPorts ? `, TLS :${tlsPorts}` : ""}`,
        `${distinctTiers(placement).join(", ") || "untagged"} subnets (${new Set(placement.map((subnet) => subnet.availabilityZone)).size} AZs)`,
      ],
    };
  }

  const originRecord = blocksOfType(stacks, "aws_route53_record").find((entry) =>
    referencedBlocks(stacks, entry.stack, record(entry.body.alias).name).some((target) => target.type === "kubernetes_service_v1"),
  );
  const ingresses = blocksOfType(stacks, "kubernetes_ingress_v1");
  const rules = ingresses.flatMap((ingress) => records(record(ingress.body.spec).rule).map((rule) => ({ ingress, rule })));
  const backends = [
    ...new Set(
      rules.flatMap(({ rule }) => records(record(rule.http).path).map((path) => text(record(record(record(path.backend).service)).name) ?? "?")),
    ),
  ].sort(compare);
  const autoscalers = blocksOfType(stacks, "kubernetes_horizontal_pod_autoscaler_v2")
    .map((hpa) => {
      const spec = record(hpa.body.spec);
      const target = text(record(spec.scale_target_ref).name) ?? hpa.name;
      return { target, line: `${target}: ${text(spec.min_replicas) ?? "1"}–${text(spec.max_replicas) ?? "?"} pods (HPA)` };
    })
    .sort((a, b) => compare(a.target, b.target))
    .map(({ line }) => line);
  const namespace = ingresses.map((ingress) => text(record(ingress.body.metadata).namespace)).find((name) => name !== undefined) ?? "default";
  return {
    helmReleases: releases.filter((release) => release !== controller).map(helmNode),
    ingressController: controller ? helmNode(controller) : undefined,
    loadBalancer,
    originRecord: originRecord ? plain(originRecord, text(originRecord.body.name) ?? originRecord.name, [`Route 53 ${text(originRecord.body.type) ?? "A"} alias`]) : undefined,
    ingresses:
      ingresses.length > 0
        ? {
            id: `${ingresses[0].stack}/kubernetes_ingress_v1`,
            name: `${ingresses.length} Ingresses`,
            details: rules.map(({ ingress, rule }) => `${text(record(ingress.body.metadata).name) ?? ingress.name}: ${text(rule.host) ?? "*"}`).sort(compare),
          }
        : undefined,
    services:
      ingresses.length > 0 || autoscalers.length > 0
        ? { id: `${(ingresses[0] ?? releases[0])?.stack ?? "platform"}/tutor-services`, name: `Tutor services (namespace ${namespace})`, details: [...backends.map((name) => `${name} (ingress backend)`), ...autoscalers] }
        : undefined,
    cronJobs: blocksOfType(stacks, "kubernetes_cron_job_v1").map((job) =>
      plain(job, `CronJob ${text(record(job.body.metadata).name) ?? job.name}`, [`schedule ${text(record(job.body.spec).schedule) ?? "?"}`]),
    ),
  };
}

function findLoadBalancerService(values: readonly unknown[]): Record<string, unknown> | undefined {
  for (const value of values) {
    if (value === null || typeof value !== "object") continue;
    const object = value as Record<string, unknown>;
    if (object.type === "LoadBalancer") return object;
    const found = findLoadBalancerService(Object.keys(object).sort(compare).map((key) => object[key]));
    if (found) return found;
  }
  return undefined;
}

function readRequestPath(stacks: EnvironmentStacks, browser: PlainNode, edge: EdgeNodes, platform: PlatformNodes, buckets: readonly PlainNode[]): Link[] {
  const links: Link[] = [];
  const originHost = platform.originRecord?.name;
  const site = edge.distributions.find((distribution) => originHost !== undefined && distribution.originDomains.includes(originHost));
  const viewerLabel = (distribution: DistributionNode) => {
    const policy = text(record(bodyOf(stacks, distribution.id).default_cache_behavior).viewer_protocol_policy);
    return policy === "allow-all" ? "HTTP(S)" : "HTTPS";
  };
  if (site) {
    links.push({ from: browser.id, to: site.id, label: viewerLabel(site), kind: "request" });
    const origin = records(bodyOf(stacks, site.id).origin).find((candidate) => text(candidate.domain_name) === originHost) ?? {};
    const originProtocol = text(record(origin.custom_origin_config).origin_protocol_policy) === "https-only" ? "HTTPS" : "HTTP(S)";
    const headers = records(origin.custom_header).map((header) => text(header.name) ?? "?");
    const controllerService = platform.ingressController ? findLoadBalancerService(texts(bodyOf(stacks, platform.ingressController.id).values).map(parseJson)) : undefined;
    const annotations = record(controllerService?.annotations);
    const backendProtocol = text(annotations["service.beta.kubernetes.io/aws-load-balancer-backend-protocol"]);
    const proxyProtocol = annotations["service.beta.kubernetes.io/aws-load-balancer-proxy-protocol"] !== undefined;
    const ingressSpecs = blocksOfType(stacks, "kubernetes_ingress_v1").map((ingress) => record(ingress.body.spec));
    const ingressClasses = [...new Set(ingressSpecs.map((spec) => text(spec.ingress_class_name) ?? "default"))].sort(compare);
    const ports = [
      ...new Set(
        ingressSpecs.flatMap((spec) =>
          records(spec.rule).flatMap((rule) => records(record(rule.http).path).map((path) => text(record(record(record(path.backend).service).port).number) ?? "?")),
        ),
      ),
    ].sort(compare);
    const hops: [PlainNode | undefined, string][] = [
      [platform.loadBalancer, `${originProtocol} ${originHost}${headers.length > 0 ? ` + ${headers.join(", ")}` : ""}`],
      [platform.ingressController, `${backendProtocol === "ssl" || backendProtocol === "https" ? "TLS" : "TCP"}${proxyProtocol ? ", PROXY protocol" : ""}`],
      [platform.ingresses, `ingress class ${ingressClasses.join(", ")}`],
      [platform.services, `HTTP :${ports.join(", :")}`],
    ];
    let previous: string = site.id;
    for (const [node, label] of hops) {
      if (!node) continue;
      links.push({ from: previous, to: node.id, label, kind: "request" });
      previous = node.id;
    }
  }
  // Distributions whose origin is a bucket serve it straight from S3.
  for (const distribution of edge.distributions.filter((candidate) => candidate !== site)) {
    const bucket = buckets.find((candidate) => distribution.originDomains.some((domain) => domain.startsWith(`${candidate.name}.s3.`)));
    links.push({ from: browser.id, to: distribution.id, label: viewerLabel(distribution), kind: "request" });
    const originAccess = records(bodyOf(stacks, distribution.id).origin).some((origin) => origin.origin_access_control_id !== undefined);
    if (bucket) links.push({ from: distribution.id, to: bucket.id, label: originAccess ? "origin access control" : "S3 origin", kind: "request" });
  }
  return links;
}

function bodyOf(stacks: EnvironmentStacks, id: string): TerraformBlock {
  const [stack, address] = splitId(id);
  return blockAt(stacks, stack, address)?.body ?? {};
}

function readDataPaths(
  stacks: EnvironmentStacks,
  platform: PlatformNodes,
  dataServices: readonly DataServiceNode[],
  buckets: readonly PlainNode[],
  backup: BackupNodes | undefined,
): Link[] {
  const links: Link[] = [];
  const services = platform.services;
  // A data service's ingress rule that admits the cluster security group lets every pod connect.
  if (services) {
    for (const rule of blocksOfType(stacks, "aws_vpc_security_group_ingress_rule")) {
      const admitsCluster = referencedBlocks(stacks, rule.stack, rule.body.referenced_security_group_id).some((target) => target.type === "aws_eks_cluster");
      if (!admitsCluster) continue;
      const group = referencedBlocks(stacks, rule.stack, rule.body.security_group_id).map(blockId);
      for (const service of dataServices.filter((candidate) => ownsSecurityGroup(stacks, candidate, group))) {
        links.push({ from: services.id, to: service.id, label: `TLS :${text(rule.body.from_port) ?? "?"}`, kind: "data" });
      }
    }
  }
  // Pod Identity roles: what each service account's policy names is what its pods reach.
  for (const association of blocksOfType(stacks, "aws_eks_pod_identity_association")) {
    const workload = workloadOf(stacks, platform, text(association.body.namespace) ?? "", text(association.body.service_account) ?? "");
    if (!workload) continue;
    const roles = referencedBlocks(stacks, association.stack, association.body.role_arn).map(blockId);
    const policies = blocksOfType(stacks, "aws_iam_role_policy").filter((policy) => referencedBlocks(stacks, policy.stack, policy.body.role).some((target) => roles.includes(blockId(target))));
    const reached = policies.flatMap((policy) => referencedBlocks(stacks, policy.stack, policy.body.policy));
    for (const bucket of buckets.filter((candidate) => reached.some((target) => blockId(target) === candidate.id))) {
      links.push({ from: workload, to: bucket.id, label: workload === services?.id ? "S3 API (Pod Identity)" : "dumps (Pod Identity)", kind: "data" });
    }
    for (const service of dataServices.filter((candidate) => reached.some((target) => blockId(target) === candidate.id))) {
      if (workload !== services?.id) links.push({ from: workload, to: service.id, label: "logical dump", kind: "data" });
    }
  }
  if (backup) {
    const [key, value] = (backup.selectionTags[0] ?? "=").split("=");
    const tagged = [...dataServices.map((service) => service.id), ...buckets.map((bucket) => bucket.id)].filter((id) => {
      const [stack, address] = splitId(id);
      return text(record(blockAt(stacks, stack, address)?.body.tags)[key]) === value;
    });
    for (const id of tagged.sort(compare)) links.push({ from: id, to: backup.vault.id, label: "backup", kind: "data" });
    for (const plan of backup.plans) links.push({ from: plan.id, to: backup.vault.id, label: "recovery points", kind: "config" });
  }
  return dedupe(links);
}

function readConfigLinks(stacks: EnvironmentStacks, edge: EdgeNodes, platform: PlatformNodes): Link[] {
  const links: Link[] = [];
  for (const distribution of edge.distributions) {
    const [stack, address] = splitId(distribution.id);
    const body = blockAt(stacks, stack, address)?.body ?? {};
    for (const target of referencedBlocks(stacks, stack, body.web_acl_id)) links.push({ from: blockId(target), to: distribution.id, label: "filters", kind: "config" });
    const certificateIds = referencedBlocks(stacks, stack, body.viewer_certificate).flatMap((validation) =>
      validation.type === "aws_acm_certificate_validation" ? referencedBlocks(stacks, validation.stack, validation.body.certificate_arn) : [validation],
    );
    for (const certificate of certificateIds.filter((target) => target.type === "aws_acm_certificate")) links.push({ from: blockId(certificate), to: distribution.id, label: "TLS", kind: "config" });
  }
  for (const zone of edge.zones) {
    const aliases = blocksOfType(stacks, "aws_route53_record").filter((entry) => referencedBlocks(stacks, entry.stack, entry.body.zone_id).some((target) => blockId(target) === zone.id));
    const targets = new Set(aliases.flatMap((entry) => referencedBlocks(stacks, entry.stack, record(entry.body.alias).name).map(blockId)));
    for (const distribution of edge.distributions.filter((candidate) => targets.has(candidate.id))) links.push({ from: zone.id, to: distribution.id, label: "alias", kind: "config" });
    if (platform.originRecord && aliases.some((entry) => blockId(entry) === platform.originRecord?.id) && platform.loadBalancer) {
      links.push({ from: zone.id, to: platform.loadBalancer.id, label: "origin alias", kind: "config" });
    }
  }
  if (platform.loadBalancer && platform.ingressController) {
    const [stack, address] = splitId(platform.ingressController.id);
    const values = blockAt(stacks, stack, address)?.body.values;
    for (const validation of referencedBlocks(stacks, stack, values).filter((target) => target.type === "aws_acm_certificate_validation")) {
      for (const certificate of referencedBlocks(stacks, validation.stack, validation.body.certificate_arn)) {
        links.push({ from: blockId(certificate), to: platform.loadBalancer.id, label: "TLS", kind: "config" });
      }
    }
  }
  return dedupe(links);
}

function workloadOf(stacks: EnvironmentStacks, platform: PlatformNodes, namespace: string, serviceAccount: string): string | undefined {
  for (const job of blocksOfType(stacks, "kubernetes_cron_job_v1")) {
    const jobNamespace = text(record(job.body.metadata).namespace);
    const podSpec = record(record(record(record(record(job.body.spec).job_template).spec).template).spec);
    if (jobNamespace === namespace && text(podSpec.service_account_name) === serviceAccount) return blockId(job);
  }
  const release = platform.helmReleases.find((node) => node.details.includes(`namespace ${namespace}`));
  if (release) return release.id;
  return platform.services?.name.endsWith(`(namespace ${namespace})`) ? platform.services.id : undefined;
}

function ownsSecurityGroup(stacks: EnvironmentStacks, service: DataServiceNode, groups: readonly string[]): boolean {
  const [stack, address] = splitId(service.id);
  const body = blockAt(stacks, stack, address)?.body ?? {};
  const attached = referencedBlocks(stacks, stack, [body.vpc_security_group_ids, body.security_group_ids, record(body.vpc_options).security_group_ids]).map(blockId);
  return attached.some((id) => groups.includes(id));
}

function providerRegion(stacks: EnvironmentStacks, stack: string, provider?: string): string {
  const alias = provider?.startsWith("aws.") ? provider.slice("aws.".length) : undefined;
  const configurations = stacks.stacks.get(stack)?.provider?.aws ?? [];
  const configuration = configurations.find((candidate) => (alias === undefined ? candidate.alias === undefined : candidate.alias === alias));
  return text(configuration?.region) ?? "?";
}

function plain(block: StackBlock, name: string, details: readonly string[]): PlainNode {
  return { id: blockId(block), name, details };
}

function splitId(id: string): [string, string] {
  const slash = id.indexOf("/");
  return [id.slice(0, slash), id.slice(slash + 1)];
}

function dedupe(links: readonly Link[]): Link[] {
  const seen = new Set<string>();
  return links.filter((link) => {
    const key = `${link.from}->${link.to}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function parseJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : undefined;
}

function texts(value: unknown): string[] {
  return Array.isArray(value) ? value.map(text).filter((item): item is string => item !== undefined) : [];
}

function record(value: unknown): TerraformBlock {
  if (Array.isArray(value)) return record(value[0]);
  return value !== null && typeof value === "object" ? (value as TerraformBlock) : {};
}

function records(value: unknown): TerraformBlock[] {
  if (Array.isArray(value)) return value.map(record);
  return value !== null && typeof value === "object" ? [value as TerraformBlock] : [];
}

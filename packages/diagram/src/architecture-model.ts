import { providerRegion } from "./model/attribute-values";
import { readDataServices } from "./model/data-services-model";
import { readEdge } from "./model/edge-model";
import { readCluster, readNetwork, readSubnets } from "./model/network-model";
import { readConfigLinks, readDataPaths, readRequestPath } from "./model/paths-model";
import { readPlatform } from "./model/platform-model";
import { readBackup, readBuckets } from "./model/storage-model";
import { blocksOfType, EnvironmentStacks } from "./synthesized-stacks";

/** A subnet tier, named as the network construct tags it (`openedx:subnet-tier`). */
export type SubnetTier = "public" | "private" | "isolated";

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
  /** What translates the private subnets' traffic from here, if anything: a NAT gateway or a NAT instance. */
  readonly nat?: "NAT gateway" | "NAT instance";
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
  /** The namespaces the platform stack creates, with what confines their pods. */
  readonly namespaces: readonly PlainNode[];
  /** Storage classes by name, the default one marked. */
  readonly storageClasses: readonly string[];
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

import { z } from "zod";
import { parseIpv4Cidr } from "../network/cidr";
import { defaultSubnetPrefixLengths, planSubnets, SubnetPlan, SubnetPrefixLengths } from "../network/subnet-plan";
import { stateBucketName, stateKeyAliasArn } from "../state/state-naming";
import { AWS_REGIONS, KUBERNETES_VERSIONS, LOG_RETENTION_DAYS } from "./aws-regions";
import { ConfigurationError, ConfigurationProblem } from "./configuration-error";

/** How an environment is run: production is highly available and protected; the rest is cheaper. */
export type EnvironmentTier = "production" | "non-production";

/** How many NAT gateways (or NAT instances) the network gets. */
export type NatGatewayLayout = "one-per-az" | "single";

/**
 * What translates the private subnets' outbound traffic: AWS's managed NAT gateway, or a small
 * EC2 NAT instance (see `NatInstance`) at about a tenth of its hourly price.
 */
export type NatProvider = "gateway" | "instance";

/** Which EC2 purchase option the cluster's Auto Mode nodes use. */
export type NodeCapacity = "on-demand" | "spot";

/**
 * Cost and capacity choices of an environment. Everything here has a tier-based default, so a
 * staging environment is cheap and a production one is highly available without extra settings.
 */
export interface EnvironmentSizingInput {
  /**
   * NAT gateways: one per availability zone survives the loss of a zone; a single one is cheaper.
   * Production must use `one-per-az`.
   * @default "one-per-az" in production, "single" otherwise
   */
  readonly natGateways?: NatGatewayLayout;
  /**
   * `instance` replaces each NAT gateway of the layout with a `t4g.nano` NAT instance: $0.0056/hour
   * with its volume in eu-west-1 instead of $0.048, and no per-GB processing fee, for one self-run
   * instance that a reboot or replacement takes offline for a minute or two, with a nano's
   * bandwidth. Its start-up script and the trade-offs are on `NatInstance`. Production must use
   * `gateway`.
   * @default "gateway"
   */
  readonly natProvider?: NatProvider;
  /**
   * Interface VPC endpoints (ECR, STS, CloudWatch Logs, Secrets Manager, EKS Auth) keep that
   * traffic off the NAT gateways; each costs about $7/month per AZ.
   * @default true
   */
  readonly interfaceEndpoints?: boolean;
  /**
   * `spot` adds an Auto Mode NodePool that launches Spot instances of the general-purpose types
   * and falls back to on-demand when none is available; Auto Mode prefers it to the built-in pool.
   * Spot nodes can be reclaimed with two minutes' notice, so production must stay `on-demand`.
   * @default "on-demand"
   */
  readonly nodeCapacity?: NodeCapacity;
}

/** Which MySQL service holds Open edX's relational data. */
export type MysqlEngine = "rds-mysql" | "aurora-mysql";

/**
 * The managed data services of an environment. Every field has a tier-based default: production
 * is highly available and protected, the rest is small and cheap.
 */
export interface DataServicesInput {
  /**
   * RDS for MySQL 8.4 (the version Tutor v21/v22 asks for) or Aurora MySQL 3 (MySQL 8.0
   * compatible, the Flux/EKS seed's choice).
   * @default "rds-mysql"
   */
  readonly mysqlEngine?: MysqlEngine;
  /** @default "db.r7g.large" in production, "db.t4g.medium" otherwise */
  readonly mysqlInstanceClass?: string;
  /**
   * MySQL instances: for RDS, 2 means a Multi-AZ standby; for Aurora, the number of instances
   * spread over the zones. Production needs at least 2.
   * @default 2 in production, 1 otherwise
   */
  readonly mysqlInstances?: number;
  /**
   * Storage RDS for MySQL allocates at creation, in GiB of gp3: 20 to 65535 (RDS allows 20 to
   * 65536; storage autoscaling needs room above the allocation, and grows the volume up to 1000
   * GiB, or up to 65536 GiB from an allocation of 1000 or more). Below 400 GiB, gp3 gives MySQL the same baseline 3000
   * IOPS and 125 MiB/s whatever the size, so a smaller volume costs no speed, only headroom. RDS
   * cannot shrink a volume: a smaller value applies to a new instance. At least 100 in
   * production, because autoscaling waits for free space under 10% and then at least six hours
   * between growths, which a bulk import into a small volume can outrun. Aurora allocates no
   * storage (its cluster volume grows by itself): setting this with `mysqlEngine:
   * "aurora-mysql"` is refused.
   * @default 100
   */
  readonly mysqlAllocatedStorageGiB?: number;
  /** @default "db.r6g.large" in production, "db.t4g.medium" otherwise */
  readonly documentDbInstanceClass?: string;
  /**
   * DocumentDB instances spread over the zones; production needs at least 2.
   * @default 2 in production, 1 otherwise
   */
  readonly documentDbInstances?: number;
  /** @default "cache.r7g.large" in production, "cache.t4g.small" otherwise */
  readonly cacheNodeType?: string;
  /**
   * Cache replicas of the primary (automatic failover needs one); production needs at least 1.
   * @default 1 in production, 0 otherwise
   */
  readonly cacheReplicas?: number;
  /**
   * An OpenSearch domain, for course-discovery or teams that want it; Tutor 19 and later search
   * with Meilisearch in the cluster.
   * @default false
   */
  readonly openSearch?: boolean;
  /** @default "r7g.large.search" in production, "t3.medium.search" otherwise */
  readonly openSearchInstanceType?: string;
  /**
   * Automated backup retention of MySQL and DocumentDB, and cache snapshot retention, in days:
   * 7 to 35, and at least 14 in production.
   * @default 14 in production, 7 otherwise
   */
  readonly backupRetentionDays?: number;
  /**
   * Deletion protection and final snapshots of the databases; production must keep them.
   * @default true in production, false otherwise
   */
  readonly deletionProtection?: boolean;
}

/** How learners reach the environment: DNS delegation, the WAF, and operator access. */
export interface EdgeInput {
  /**
   * Hosted zone id of the parent domain (e.g. the zone of `example.edu` for `courses.example.edu`).
   * @default - no parent zone: delegate by hand with the `name_servers` output
   */
  readonly parentHostedZoneId?: string;
  /**
   * Create the NS delegation in the parent zone; only possible when the parent zone is in the
   * environment's account.
   * @default false
   */
  readonly delegateFromParentZone?: boolean;
  /**
   * Requests per client IP per five minutes above which the WAF blocks the client.
   * @default 2000
   */
  readonly wafRequestsPerFiveMinutesPerIp?: number;
  /**
   * An SSM Session Manager bastion (no SSH, no public IP) for maintenance access to the data services.
   * @default false
   */
  readonly bastion?: boolean;
}

/** Optional in-cluster components. */
export interface PlatformInput {
  /**
   * kube-prometheus-stack (Prometheus, Alertmanager, Grafana) in the `monitoring` namespace.
   * @default false
   */
  readonly prometheus?: boolean;
  /**
   * A Git repository Flux CD keeps the cluster in sync with (https:// or ssh://).
   * @default - no Flux
   */
  readonly gitopsRepositoryUrl?: string;
  /** @default "main" */
  readonly gitopsBranch?: string;
  /** @default "./clusters/<environment name>" */
  readonly gitopsPath?: string;
}

/** AWS Backup of the environment's stateful resources (every resource tagged `backup = openedx`). */
export interface BackupInput {
  /**
   * Days the daily (and continuous, point-in-time) recovery points are kept: 1 to 35, and 35 in
   * production.
   * @default 35 in production, 7 otherwise
   */
  readonly dailyRetentionDays?: number;
  /**
   * Days the weekly recovery points are kept, 1 to 3650.
   * @default 90
   */
  readonly weeklyRetentionDays?: number;
  /**
   * Days the monthly recovery points are kept, 1 to 3650.
   * @default 365
   */
  readonly monthlyRetentionDays?: number;
  /**
   * A second region the daily recovery points are copied to, in a vault and key of their own.
   * @default - no cross-region copies
   */
  readonly copyRegion?: string;
  /**
   * Days after which the production vault lock can no longer be changed or removed (compliance
   * mode): at least 3, AWS's minimum.
   * @default 3
   */
  readonly vaultLockChangeableForDays?: number;
}

/** The host names an environment serves, derived from its domain as Tutor names them. */
export interface EnvironmentHosts {
  /** The LMS, `<domain>` (Tutor `LMS_HOST`). */
  readonly lms: string;
  /** Studio, `studio.<domain>` (Tutor `CMS_HOST`). */
  readonly studio: string;
  /** The micro-frontends, `apps.<domain>` (Tutor `MFE_HOST`). */
  readonly mfe: string;
  /** Meilisearch's public URL host, `meilisearch.<domain>` (Tutor `MEILISEARCH_HOST`). */
  readonly meilisearch: string;
  /** The media CDN, `media.<domain>`. */
  readonly media: string;
  /** The host CloudFront reaches the ingress load balancer through, `origin.<domain>`. */
  readonly origin: string;
}

/** Where the environment's Terraform state lives. Created by `apps/bootstrap`. */
export interface RemoteStateInput {
  /**
   * The state bucket.
   * @default - `openedx-infra-state-<accountId>-<region>`, the bucket `apps/bootstrap` creates
   */
  readonly bucket?: string;
  /**
   * KMS key (key ARN or alias ARN) that encrypts state objects.
   * @default - the alias ARN of the key `apps/bootstrap` creates (`alias/openedx-infra-state`)
   */
  readonly kmsKeyArn?: string;
}

/** Prefix lengths of the subnets of each tier, one subnet per tier and availability zone. */
export interface SubnetPrefixLengthsInput {
  /** @default VPC prefix + 8 (a /24 in a /16) */
  readonly public?: number;
  /** @default VPC prefix + 3 (a /19 in a /16) */
  readonly private?: number;
  /** @default VPC prefix + 6 (a /22 in a /16) */
  readonly isolated?: number;
}

/** The environment configuration as written by a user, before validation and defaults. */
export interface EnvironmentConfigInput {
  /** Environment name: 2–20 lowercase letters and digits, starting with a letter (e.g. `production`). */
  readonly name: string;
  /** `production` turns on high availability and protection requirements. */
  readonly tier: EnvironmentTier;
  /** The 12-digit AWS account the environment is deployed to. */
  readonly accountId: string;
  /** A commercial AWS region, e.g. `eu-west-1`. */
  readonly region: string;
  /** Availability zones of the region to spread over: at least 2, and 3 in production. */
  readonly availabilityZones: readonly string[];
  /** The VPC's IPv4 block, a /16 to /20. */
  readonly vpcCidr: string;
  /** @default - derived from the VPC prefix, see {@link SubnetPrefixLengthsInput} */
  readonly subnetPrefixLengths?: SubnetPrefixLengthsInput;
  /** The environment's DNS domain, a bare host name such as `courses.example.edu`. */
  readonly domain: string;
  /** The EKS Kubernetes version, e.g. `1.33`. */
  readonly kubernetesVersion: string;
  /** IAM roles that get cluster-admin access to Kubernetes (access entries). At least one. */
  readonly clusterAdminRoleArns: readonly string[];
  /**
   * CIDRs allowed to reach the public Kubernetes API endpoint. Empty keeps the endpoint private.
   * @default - none: the API endpoint is private
   */
  readonly clusterEndpointPublicAccessCidrs?: readonly string[];
  /** Addresses that receive the environment's alerts. At least one. */
  readonly alertEmails: readonly string[];
  /**
   * Tags applied to every resource (as provider default tags).
   * @default - only the tags the constructs add (`openedx:environment`, `openedx:managed-by`)
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * CloudWatch Logs retention for flow logs and control-plane logs, in days.
   * @default 365 in production, 90 otherwise
   */
  readonly logRetentionDays?: number;
  /** @default - tier-based, see {@link EnvironmentSizingInput} */
  readonly sizing?: EnvironmentSizingInput;
  /** @default - tier-based, see {@link DataServicesInput} */
  readonly data?: DataServicesInput;
  /** @default - see {@link EdgeInput} */
  readonly edge?: EdgeInput;
  /** @default - see {@link PlatformInput} */
  readonly platform?: PlatformInput;
  /** @default - the bucket and key of `apps/bootstrap` */
  readonly remoteState?: RemoteStateInput;
  /** @default - tier-based, see {@link BackupInput} */
  readonly backup?: BackupInput;
}

/** A validated environment configuration with every default applied. */
export interface EnvironmentConfig {
  /**
   * Environment name, e.g. `production`: the first part of every stack id
   * (`<name>-<component>`), of the state key `<name>/<component>.tfstate`, and of resource names
   * such as `openedx-<name>-alerts`.
   */
  readonly name: string;
  /** Whether production's availability and protection minimums were enforced and its defaults applied. */
  readonly tier: EnvironmentTier;
  /** The 12-digit AWS account; every stack's provider refuses to run against any other. */
  readonly accountId: string;
  /** The region every stack's default AWS provider deploys to. */
  readonly region: string;
  /** The availability zones subnets, NAT gateways and data-service instances spread over, in the given order. */
  readonly availabilityZones: readonly string[];
  /** The VPC's IPv4 block, a /16 to /20 with no host bits set. */
  readonly vpcCidr: string;
  /** Prefix length of each tier's subnets: the input's, or the defaults derived from the VPC prefix. */
  readonly subnetPrefixLengths: SubnetPrefixLengths;
  /** The subnets of every tier, computed from the VPC block and the prefix lengths. */
  readonly subnets: SubnetPlan;
  /**
   * The environment's DNS domain: the hosted zone the edge stack creates, the LMS host, and the
   * parent of every other host in {@link EnvironmentConfig.hosts}.
   */
  readonly domain: string;
  /** The EKS Kubernetes version of the cluster, one EKS currently supports (e.g. `1.33`). */
  readonly kubernetesVersion: string;
  /** IAM roles of the environment's account that get cluster-admin EKS access entries. */
  readonly clusterAdminRoleArns: readonly string[];
  /** CIDRs allowed to reach the public Kubernetes API endpoint; empty means the endpoint is private only. */
  readonly clusterEndpointPublicAccessCidrs: readonly string[];
  /** Addresses subscribed by e-mail to the environment's alerts topic (each must confirm once). */
  readonly alertEmails: readonly string[];
  /**
   * The user's tags, applied as provider default tags; each stack adds `openedx:environment`,
   * `openedx:component` and `openedx:managed-by`.
   */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * CloudWatch Logs retention in days of every log group the environment creates (flow,
   * control-plane, container, data-service, WAF and CloudFront logs), one of the values CloudWatch
   * accepts: 365 in production and 90 otherwise unless configured.
   */
  readonly logRetentionDays: number;
  /** NAT layout and provider, interface endpoints and node capacity, with the tier defaults of {@link EnvironmentSizingInput} applied. */
  readonly sizing: Required<EnvironmentSizingInput>;
  /** Engines, sizes, counts and protection of the data services, with the tier defaults of {@link DataServicesInput} applied. */
  readonly data: Required<DataServicesInput>;
  /**
   * DNS delegation, WAF rate limit and bastion, with the defaults of {@link EdgeInput} applied;
   * `parentHostedZoneId` stays absent when none was given.
   */
  readonly edge: Required<Omit<EdgeInput, "parentHostedZoneId">> & Pick<EdgeInput, "parentHostedZoneId">;
  /**
   * In-cluster options, with the defaults of {@link PlatformInput} applied; `gitopsRepositoryUrl`
   * stays absent when Flux is not wanted.
   */
  readonly platform: Required<Omit<PlatformInput, "gitopsRepositoryUrl">> & Pick<PlatformInput, "gitopsRepositoryUrl">;
  /** The host names the environment serves. */
  readonly hosts: EnvironmentHosts;
  /**
   * The S3 bucket and KMS key of every stack's backend: the configured ones, or the names
   * `apps/bootstrap` gives them for this account and region.
   */
  readonly remoteState: Required<RemoteStateInput>;
  /**
   * AWS Backup retention, copy region and vault lock, with the tier defaults of
   * {@link BackupInput} applied; `copyRegion` stays absent when no cross-region copy is wanted.
   */
  readonly backup: Required<Omit<BackupInput, "copyRegion">> & Pick<BackupInput, "copyRegion">;
}

const cidr = (allowed: string, minPrefix = 0, maxPrefix = 32) =>
  z.string().superRefine((value, ctx) => {
    const parsed = parseIpv4Cidr(value);
    if (!parsed || parsed.prefixLength < minPrefix || parsed.prefixLength > maxPrefix) {
      ctx.addIssue({ code: "custom", message: `must be ${allowed}` });
    }
  });

const DOMAIN_PATTERN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const TAG_KEY_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;

const schema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9]{1,19}$/, "must be 2-20 lowercase letters and digits, starting with a letter"),
    tier: z.enum(["production", "non-production"], { error: 'must be "production" or "non-production"' }),
    accountId: z.string().regex(/^\d{12}$/, "must be a 12-digit AWS account id, e.g. \"123456789012\""),
    region: z.enum(AWS_REGIONS, { error: `must be a commercial AWS region (${AWS_REGIONS.join(", ")})` }),
    availabilityZones: z.array(z.string()),
    vpcCidr: cidr('an IPv4 CIDR block a.b.c.d/n with a prefix length of 16 to 20 and no host bits set, e.g. "10.40.0.0/16"', 16, 20),
    subnetPrefixLengths: z
      .object({
        public: z.number().int().min(16).max(28).optional(),
        private: z.number().int().min(16).max(28).optional(),
        isolated: z.number().int().min(16).max(28).optional(),
      })
      .strict()
      .optional(),
    domain: z
      .string()
      .regex(DOMAIN_PATTERN, 'must be a bare lowercase DNS name such as "courses.example.edu", without scheme, port, path or trailing dot'),
    kubernetesVersion: z.enum(KUBERNETES_VERSIONS, { error: `must be a Kubernetes version EKS supports (${KUBERNETES_VERSIONS.join(", ")})` }),
    clusterAdminRoleArns: z
      .array(z.string().regex(/^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, 'must be an IAM role ARN "arn:aws:iam::<12-digit account>:role/<name>"'))
      .min(1, "must name at least one IAM role: the cluster grants no implicit admin to its creator"),
    clusterEndpointPublicAccessCidrs: z.array(cidr('an IPv4 CIDR block a.b.c.d/n, e.g. "203.0.113.0/24"')).default([]),
    alertEmails: z
      .array(z.string().regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, "must be an e-mail address"))
      .min(1, "must list at least one e-mail address for alerts"),
    tags: z
      .record(z.string(), z.string().max(256, "tag values must be at most 256 characters"))
      .default({}),
    logRetentionDays: z
      .number()
      .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), `must be a CloudWatch Logs retention (${LOG_RETENTION_DAYS.join(", ")})`)
      .optional(),
    sizing: z
      .object({
        natGateways: z.enum(["one-per-az", "single"], { error: 'must be "one-per-az" or "single"' }).optional(),
        natProvider: z.enum(["gateway", "instance"], { error: 'must be "gateway" or "instance"' }).optional(),
        interfaceEndpoints: z.boolean().optional(),
        nodeCapacity: z.enum(["on-demand", "spot"], { error: 'must be "on-demand" or "spot"' }).optional(),
      })
      .strict()
      .default({}),
    data: z
      .object({
        mysqlEngine: z.enum(["rds-mysql", "aurora-mysql"], { error: 'must be "rds-mysql" or "aurora-mysql"' }).optional(),
        mysqlInstanceClass: z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, 'must be an RDS instance class such as "db.r7g.large"').optional(),
        mysqlInstances: z.number().int().min(1, "must be at least 1").max(15, "must be at most 15").optional(),
        mysqlAllocatedStorageGiB: z
          .number()
          .int("must be a whole number of GiB from 20 to 65535 (RDS for MySQL gp3 storage is 20 to 65536 GiB, and storage autoscaling needs room above it)")
          .min(20, "must be a whole number of GiB from 20 to 65535 (RDS for MySQL gp3 storage is 20 to 65536 GiB, and storage autoscaling needs room above it)")
          .max(65535, "must be a whole number of GiB from 20 to 65535 (RDS for MySQL gp3 storage is 20 to 65536 GiB, and storage autoscaling needs room above it)")
          .optional(),
        documentDbInstanceClass: z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, 'must be a DocumentDB instance class such as "db.r6g.large"').optional(),
        documentDbInstances: z.number().int().min(1, "must be at least 1").max(16, "must be at most 16").optional(),
        cacheNodeType: z.string().regex(/^cache\.[a-z0-9]+\.[a-z0-9]+$/, 'must be an ElastiCache node type such as "cache.r7g.large"').optional(),
        cacheReplicas: z.number().int().min(0, "must be 0 to 5").max(5, "must be 0 to 5").optional(),
        openSearch: z.boolean().optional(),
        openSearchInstanceType: z.string().regex(/^[a-z0-9]+\.[a-z0-9]+\.search$/, 'must be an OpenSearch instance type such as "r7g.large.search"').optional(),
        backupRetentionDays: z.number().int().min(7, "must be 7 to 35 days").max(35, "must be 7 to 35 days").optional(),
        deletionProtection: z.boolean().optional(),
      })
      .strict()
      .default({}),
    edge: z
      .object({
        parentHostedZoneId: z.string().regex(/^Z[A-Z0-9]{1,32}$/, 'must be a Route53 hosted zone id such as "Z0123456789ABCDEFGHIJ"').optional(),
        delegateFromParentZone: z.boolean().optional(),
        wafRequestsPerFiveMinutesPerIp: z.number().int().min(100, "must be 100 to 2000000").max(2000000, "must be 100 to 2000000").optional(),
        bastion: z.boolean().optional(),
      })
      .strict()
      .default({}),
    platform: z
      .object({
        prometheus: z.boolean().optional(),
        gitopsRepositoryUrl: z.string().regex(/^(https|ssh):\/\/\S+$/, "must be an https:// or ssh:// Git URL").optional(),
        gitopsBranch: z.string().regex(/^[\w./-]+$/, "must be a Git branch name").optional(),
        gitopsPath: z.string().regex(/^\.\/[\w./-]*$/, 'must be a path inside the repository starting with "./"').optional(),
      })
      .strict()
      .default({}),
    remoteState: z
      .object({
        bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be an S3 bucket name (3-63 lowercase letters, digits, dots and hyphens)").optional(),
        kmsKeyArn: z
          .string()
          .regex(/^arn:aws:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+$/, 'must be a KMS key or alias ARN "arn:aws:kms:<region>:<account>:key/<id>" or ":alias/<name>"')
          .optional(),
      })
      .strict()
      .default({}),
    backup: z
      .object({
        dailyRetentionDays: z
          .number()
          .int("must be a whole number of days")
          .min(1, "must be 1 to 35 days: AWS keeps continuous backups at most 35 days")
          .max(35, "must be 1 to 35 days: AWS keeps continuous backups at most 35 days")
          .optional(),
        weeklyRetentionDays: z.number().int("must be a whole number of days").min(1, "must be 1 to 3650 days").max(3650, "must be 1 to 3650 days").optional(),
        monthlyRetentionDays: z.number().int("must be a whole number of days").min(1, "must be 1 to 3650 days").max(3650, "must be 1 to 3650 days").optional(),
        copyRegion: z.enum(AWS_REGIONS, { error: `must be a commercial AWS region (${AWS_REGIONS.join(", ")})` }).optional(),
        vaultLockChangeableForDays: z
          .number()
          .int("must be a whole number of days")
          .min(3, "must be at least 3 days, AWS's minimum cooling-off period")
          .max(36500, "must be at most 36500 days")
          .optional(),
      })
      .strict()
      .default({}),
  })
  .strict()
  .superRefine((config, ctx) => {
    for (const key of Object.keys(config.tags)) {
      if (!TAG_KEY_PATTERN.test(key) || key.startsWith("aws:")) {
        ctx.addIssue({
          code: "custom",
          path: ["tags"],
          message: `tag key "${key}" must be 1-128 letters, digits, spaces or _.:/=+-@ and must not start with the reserved prefix aws:`,
        });
      }
    }
    const minimumZones = config.tier === "production" ? 3 : 2;
    if (config.availabilityZones.length < minimumZones) {
      ctx.addIssue({
        code: "custom",
        path: ["availabilityZones"],
        message: `must list at least ${minimumZones} availability zones for a ${config.tier} environment`,
      });
    }
    const seen = new Set<string>();
    config.availabilityZones.forEach((zone, index) => {
      if (!new RegExp(`^${config.region}[a-z]$`).test(zone)) {
        ctx.addIssue({
          code: "custom",
          path: ["availabilityZones", index],
          message: `must be an availability zone of region ${config.region} (${config.region}a, ${config.region}b, ...)`,
        });
      } else if (seen.has(zone)) {
        ctx.addIssue({ code: "custom", path: ["availabilityZones", index], message: "must not repeat an availability zone" });
      }
      seen.add(zone);
    });
    if (config.data.mysqlEngine === "aurora-mysql" && config.data.mysqlAllocatedStorageGiB !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["data", "mysqlAllocatedStorageGiB"],
        message: 'applies only to mysqlEngine "rds-mysql": Aurora allocates no storage, its cluster volume grows with the data; leave it out',
      });
    }
    if (config.tier === "production") {
      const productionMinimums: [keyof DataServicesInput, number, string][] = [
        ["backupRetentionDays", 14, "must be at least 14 days in production, so two weeks of point-in-time recovery survive"],
        ["mysqlInstances", 2, "must be at least 2 in production, so MySQL survives the loss of an availability zone"],
        [
          "mysqlAllocatedStorageGiB",
          100,
          "must be at least 100 GiB in production: storage autoscaling grows the volume at most every six hours, which a bulk import into a smaller one can outrun",
        ],
        ["documentDbInstances", 2, "must be at least 2 in production, so DocumentDB survives the loss of an availability zone"],
        ["cacheReplicas", 1, "must be at least 1 in production, so the cache fails over automatically"],
      ];
      for (const [field, minimum, message] of productionMinimums) {
        const value = config.data[field];
        if (typeof value === "number" && value < minimum) ctx.addIssue({ code: "custom", path: ["data", field], message });
      }
      if (config.data.deletionProtection === false) {
        ctx.addIssue({
          code: "custom",
          path: ["data", "deletionProtection"],
          message: "must stay true in production: deletion protection and final snapshots are what stand between a mistaken destroy and lost learner records",
        });
      }
    }
    if (config.tier === "production" && config.backup.dailyRetentionDays !== undefined && config.backup.dailyRetentionDays < 35) {
      ctx.addIssue({
        code: "custom",
        path: ["backup", "dailyRetentionDays"],
        message: "must be 35 days in production, so five weeks of learner records can be restored to any point in time",
      });
    }
    if (config.backup.copyRegion !== undefined && config.backup.copyRegion === config.region) {
      ctx.addIssue({
        code: "custom",
        path: ["backup", "copyRegion"],
        message: `must differ from the environment's region ${config.region}: a copy in the same region does not survive its loss`,
      });
    }
    if (config.edge.delegateFromParentZone && config.edge.parentHostedZoneId === undefined) {
      ctx.addIssue({ code: "custom", path: ["edge", "delegateFromParentZone"], message: "needs edge.parentHostedZoneId, the zone to create the NS delegation in" });
    }
    if (config.tier === "production" && config.sizing.natGateways === "single") {
      ctx.addIssue({
        code: "custom",
        path: ["sizing", "natGateways"],
        message: 'must be "one-per-az" in production: a single NAT gateway takes every zone offline with its own',
      });
    }
    if (config.tier === "production" && config.sizing.natProvider === "instance") {
      ctx.addIssue({
        code: "custom",
        path: ["sizing", "natProvider"],
        message:
          'must be "gateway" in production: a NAT instance is one self-run EC2 instance whose reboot, replacement or bandwidth limit stops the egress of the subnets routed to it',
      });
    }
    if (config.tier === "production" && config.sizing.nodeCapacity === "spot") {
      ctx.addIssue({
        code: "custom",
        path: ["sizing", "nodeCapacity"],
        message: 'must be "on-demand" in production: Spot nodes can be reclaimed with two minutes\' notice, taking the pods on them down at once',
      });
    }
    config.clusterAdminRoleArns.forEach((arn, index) => {
      const account = /^arn:aws:iam::(\d{12}):/.exec(arn)?.[1];
      // An invalid accountId is already reported; comparing against it would only add noise.
      if (account !== undefined && /^\d{12}$/.test(config.accountId) && account !== config.accountId) {
        ctx.addIssue({
          code: "custom",
          path: ["clusterAdminRoleArns", index],
          message: `must be a role of the environment's account ${config.accountId}`,
        });
      }
    });
  });

/**
 * Validates an environment configuration and applies every default. Throws a
 * {@link ConfigurationError} that names each bad field, its value and what is allowed; call it
 * before creating any construct so that a bad configuration writes nothing.
 */
export function defineEnvironment(input: EnvironmentConfigInput): EnvironmentConfig {
  const environmentName = typeof input?.name === "string" && input.name !== "" ? input.name : "<unnamed>";
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigurationError(environmentName, parsed.error.issues.flatMap((issue) => toProblems(input, issue)));
  }
  const config = parsed.data;
  const vpcPrefix = Number(config.vpcCidr.split("/")[1]);
  const subnetPrefixLengths: SubnetPrefixLengths = { ...defaultSubnetPrefixLengths(vpcPrefix), ...config.subnetPrefixLengths };
  let subnets: SubnetPlan;
  try {
    subnets = planSubnets(config.vpcCidr, config.availabilityZones, subnetPrefixLengths);
  } catch (error) {
    const message = `must hold every subnet: ${(error as Error).message}; use a larger VPC block, longer subnetPrefixLengths or fewer availability zones`;
    throw new ConfigurationError(environmentName, [{ field: "vpcCidr", message, value: config.vpcCidr }]);
  }
  const production = config.tier === "production";
  return {
    ...config,
    subnetPrefixLengths,
    subnets,
    logRetentionDays: config.logRetentionDays ?? (production ? 365 : 90),
    sizing: {
      natGateways: config.sizing.natGateways ?? (production ? "one-per-az" : "single"),
      natProvider: config.sizing.natProvider ?? "gateway",
      interfaceEndpoints: config.sizing.interfaceEndpoints ?? true,
      nodeCapacity: config.sizing.nodeCapacity ?? "on-demand",
    },
    data: {
      mysqlEngine: config.data.mysqlEngine ?? "rds-mysql",
      mysqlInstanceClass: config.data.mysqlInstanceClass ?? (production ? "db.r7g.large" : "db.t4g.medium"),
      mysqlInstances: config.data.mysqlInstances ?? (production ? 2 : 1),
      mysqlAllocatedStorageGiB: config.data.mysqlAllocatedStorageGiB ?? 100,
      documentDbInstanceClass: config.data.documentDbInstanceClass ?? (production ? "db.r6g.large" : "db.t4g.medium"),
      documentDbInstances: config.data.documentDbInstances ?? (production ? 2 : 1),
      cacheNodeType: config.data.cacheNodeType ?? (production ? "cache.r7g.large" : "cache.t4g.small"),
      cacheReplicas: config.data.cacheReplicas ?? (production ? 1 : 0),
      openSearch: config.data.openSearch ?? false,
      openSearchInstanceType: config.data.openSearchInstanceType ?? (production ? "r7g.large.search" : "t3.medium.search"),
      backupRetentionDays: config.data.backupRetentionDays ?? (production ? 14 : 7),
      deletionProtection: config.data.deletionProtection ?? production,
    },
    edge: {
      parentHostedZoneId: config.edge.parentHostedZoneId,
      delegateFromParentZone: config.edge.delegateFromParentZone ?? false,
      wafRequestsPerFiveMinutesPerIp: config.edge.wafRequestsPerFiveMinutesPerIp ?? 2000,
      bastion: config.edge.bastion ?? false,
    },
    platform: {
      prometheus: config.platform.prometheus ?? false,
      gitopsRepositoryUrl: config.platform.gitopsRepositoryUrl,
      gitopsBranch: config.platform.gitopsBranch ?? "main",
      gitopsPath: config.platform.gitopsPath ?? `./clusters/${config.name}`,
    },
    hosts: {
      lms: config.domain,
      studio: `studio.${config.domain}`,
      mfe: `apps.${config.domain}`,
      meilisearch: `meilisearch.${config.domain}`,
      media: `media.${config.domain}`,
      origin: `origin.${config.domain}`,
    },
    remoteState: {
      bucket: config.remoteState.bucket ?? stateBucketName(config.accountId, config.region),
      kmsKeyArn: config.remoteState.kmsKeyArn ?? stateKeyAliasArn(config.accountId, config.region),
    },
    backup: {
      dailyRetentionDays: config.backup.dailyRetentionDays ?? (production ? 35 : 7),
      weeklyRetentionDays: config.backup.weeklyRetentionDays ?? 90,
      monthlyRetentionDays: config.backup.monthlyRetentionDays ?? 365,
      copyRegion: config.backup.copyRegion,
      vaultLockChangeableForDays: config.backup.vaultLockChangeableForDays ?? 3,
    },
  };
}

function toProblems(input: unknown, issue: z.core.$ZodIssue): ConfigurationProblem[] {
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({
      field: fieldName([...issue.path, key]),
      message: "unknown field; check the spelling",
      value: valueAt(input, [...issue.path, key]),
    }));
  }
  const value = valueAt(input, issue.path);
  if (value === undefined && issue.code !== "custom") {
    return [{ field: fieldName(issue.path), message: "is required", value }];
  }
  return [{ field: fieldName(issue.path), message: issue.message.replace(/^Invalid input: /, "must be of the right type: "), value }];
}

function fieldName(path: readonly PropertyKey[]): string {
  const name = path.map((key, index) => (typeof key === "number" ? `[${key}]` : `${index === 0 ? "" : "."}${String(key)}`)).join("");
  return name === "" ? "(top level)" : name;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

import { CloudwatchLogResourcePolicy } from "@cdktf/provider-aws/lib/cloudwatch-log-resource-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamServiceLinkedRole } from "@cdktf/provider-aws/lib/iam-service-linked-role";
import { OpensearchDomain } from "@cdktf/provider-aws/lib/opensearch-domain";
import { ITerraformDependable, Token } from "cdktf";
import { Construct } from "constructs";
import { LOG_RETENTION_DAYS } from "../../config/aws-regions";
import { ValidationError } from "../../config/validation-error";
import { KmsKey } from "../../encryption/kms-key";
import { policyDocument, PolicyStatement } from "../../iam/policy-document";
import { Network } from "../../network/network";
import { ServiceSecurityGroup } from "../../network/service-security-group";
import { EncryptedLogGroup } from "../../observability/encrypted-log-group";
import { AwsStack } from "../../stack/aws-stack";

/** The log streams an OpenSearch domain publishes, by the construct id of their log group. */
export const OPENSEARCH_LOG_GROUPS = {
  /** Indexing operations slower than an index's slow-log thresholds, which are set per index. */
  IndexSlowLogs: {
    /** The `log_type` of the domain's `log_publishing_options`. */
    logType: "INDEX_SLOW_LOGS",
    /** The log group's name is `/aws/opensearch/domains/<domain>/<suffix>`. */
    suffix: "index-slow-logs",
  },
  /** Queries slower than an index's search slow-log thresholds. */
  SearchSlowLogs: {
    /** The `log_type` of the domain's `log_publishing_options`. */
    logType: "SEARCH_SLOW_LOGS",
    /** The log group's name is `/aws/opensearch/domains/<domain>/<suffix>`. */
    suffix: "search-slow-logs",
  },
  /** OpenSearch's own errors and warnings: failed shards, garbage collection, plugin errors. */
  ApplicationLogs: {
    /** The `log_type` of the domain's `log_publishing_options`. */
    logType: "ES_APPLICATION_LOGS",
    /** The log group's name is `/aws/opensearch/domains/<domain>/<suffix>`. */
    suffix: "application-logs",
  },
  /** Who read or changed what, once audit logging is turned on in the security plugin (fine-grained access control). */
  AuditLogs: {
    /** The `log_type` of the domain's `log_publishing_options`. */
    logType: "AUDIT_LOGS",
    /** The log group's name is `/aws/opensearch/domains/<domain>/<suffix>`. */
    suffix: "audit-logs",
  },
} as const;

/** The TLS policy of the HTTPS endpoint: TLS 1.2 or later, forward-secret ciphers only. */
export const OPENSEARCH_TLS_SECURITY_POLICY = "Policy-Min-TLS-1-2-PFS-2023-10";

/** The service principal OpenSearch Service publishes logs as. */
const OPENSEARCH_SERVICE_PRINCIPAL = "es.amazonaws.com";

/** Props of an {@link OpenSearchDomain}. */
export interface OpenSearchDomainProps {
  /**
   * The domain name: 3-28 lowercase letters, digits and hyphens, starting with a letter. It also
   * names the master role (`<domainName>-opensearch-admin`), the security group, the log groups
   * (`/aws/opensearch/domains/<domainName>/...`) and the log resource policy.
   */
  readonly domainName: string;
  /**
   * The network whose private subnets hold the domain's interfaces: one subnet per availability
   * zone used, the first two or three zones with zone awareness, the first zone without.
   */
  readonly network: Pick<Network, "vpcId" | "privateSubnetIds" | "availabilityZones">;
  /** Security groups allowed to reach the HTTPS endpoint on 443, e.g. the EKS cluster security group. At least one. */
  readonly clientSecurityGroupIds: readonly string[];
  /**
   * Key of encryption at rest (indexes, automated snapshots, swap and logs on the nodes), e.g. the
   * environment's `databases` key. OpenSearch uses it through grants created with the deploying
   * principal's permissions, which the key policy lets the account's IAM policies give.
   */
  readonly encryptionKey: KmsKey;
  /**
   * Key of the four log groups. Its key policy must let CloudWatch Logs of this region use it (the
   * `logs` key of `EnvironmentKeys` does).
   */
  readonly logsKey: KmsKey;
  /**
   * The engine, `OpenSearch_<major>.<minor>`.
   * @default "OpenSearch_2.19"
   * @see https://docs.aws.amazon.com/opensearch-service/latest/developerguide/what-is.html#choosing-version
   */
  readonly engineVersion?: string;
  /**
   * Instance type of the data nodes, e.g. `r7g.large.search`. Auto-Tune is turned off on the
   * burstable `t2`/`t3` types, which do not support it.
   * @default "r7g.large.search"
   */
  readonly instanceType?: string;
  /**
   * Data nodes; with zone awareness, a multiple of the number of zones the domain spans.
   * @default 3
   */
  readonly instanceCount?: number;
  /**
   * Spread data nodes and replica shards over the first two or three availability zones of the
   * network (three when the network has three or more), so the domain survives the loss of a zone.
   * @default true
   */
  readonly zoneAwareness?: boolean;
  /**
   * Dedicated master nodes, which keep cluster management off the data nodes. Turn off only for
   * small, non-production domains.
   * @default true
   */
  readonly dedicatedMasters?: boolean;
  /**
   * Instance type of the dedicated master nodes; only with `dedicatedMasters`.
   * @default "m7g.large.search"
   */
  readonly dedicatedMasterType?: string;
  /**
   * Dedicated master nodes, 3 or 5 (an odd number keeps a quorum); only with `dedicatedMasters`.
   * @default 3
   */
  readonly dedicatedMasterCount?: number;
  /**
   * Size of the gp3 EBS volume of each data node, in GiB, at least 10.
   * @default 100
   */
  readonly ebsVolumeSizeGiB?: number;
  /**
   * Retention of the four log groups, in days; one of the periods CloudWatch Logs accepts.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Create the account's service-linked role `AWSServiceRoleForAmazonOpenSearchService`, which
   * OpenSearch needs to place interfaces in the VPC. It is account-wide and exists already if any
   * VPC domain was ever created in the account (creating it again fails), so it is off by default;
   * turn it on in exactly one stack of a fresh account, or create it once with
   * `aws iam create-service-linked-role --aws-service-name opensearchservice.amazonaws.com`.
   * @default false
   */
  readonly createServiceLinkedRole?: boolean;
  /**
   * Refuse `terraform destroy` of the domain (`lifecycle.prevent_destroy`).
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/**
 * An Amazon OpenSearch Service domain inside the VPC, for course-discovery or other search
 * needs (Tutor 19 and later search with Meilisearch in the cluster, so environments leave it off
 * unless asked).
 *
 * Defaults are the production ones:
 * - three `r7g.large.search` data nodes over three zones, three dedicated `m7g.large.search`
 *   masters, 100 GiB gp3 per node;
 * - reachable only from the private subnets, on 443, from the client security groups, over HTTPS
 *   with TLS 1.2+ and forward secrecy; node-to-node traffic and data at rest are encrypted, the
 *   latter with a customer-managed key;
 * - fine-grained access control with IAM as the only identity source (no internal users and no
 *   password): the master user is the IAM role `<domainName>-opensearch-admin`, which principals
 *   of this account can assume when their IAM policies allow `sts:AssumeRole` on it. The role
 *   needs no permissions of its own; the domain's access policy admits it to `es:ESHttp*`, and
 *   fine-grained access control maps it to `all_access`. Other roles are granted with
 *   {@link OpenSearchDomain.grantHttpAccess} in their IAM policy plus a role mapping in OpenSearch.
 *   Clients therefore sign their requests with SigV4: course-discovery's Elasticsearch client needs
 *   a signing transport (added by a Tutor plugin) to use the domain;
 * - index and search slow logs, application logs and audit logs go to pre-created, KMS-encrypted,
 *   retention-bound log groups, which one CloudWatch Logs resource policy lets the service write to
 *   for this account only (an account has at most 10 such policies per region). Slow logs also
 *   need thresholds in the index settings, and audit logs need audit logging turned on in the
 *   security plugin, before anything is written;
 * - Auto-Tune (except on `t2`/`t3`) and service software updates are applied in the off-peak window.
 *
 * Snapshots need no setup: the service takes an automated snapshot every hour, keeps 14 days of
 * them, encrypted with the domain's key, at no charge.
 *
 * Construct ids are API (changing one replaces the resource): `Resource` (the domain),
 * `SecurityGroup`, `MasterRole`, `IndexSlowLogs`, `SearchSlowLogs`, `ApplicationLogs`, `AuditLogs`,
 * `LogResourcePolicy` and `ServiceLinkedRole`.
 *
 * @resource aws_opensearch_domain
 * @stateful
 * @see https://docs.aws.amazon.com/opensearch-service/latest/developerguide/fgac.html
 */
export class OpenSearchDomain extends Construct {
  /** The domain name, as a reference to the domain. @attribute */
  readonly domainName: string;
  /** The domain ARN; {@link OpenSearchDomain.grantHttpAccess} grants `es:ESHttp*` on `<domainArn>/*`. @attribute */
  readonly domainArn: string;
  /** The host name of the domain's VPC endpoint (no scheme), served on {@link port} over HTTPS. @attribute */
  readonly domainEndpoint: string;
  /** The HTTPS port of the endpoint. @attribute */
  readonly port: number;
  /** The domain's security group, which admits the clients on 443. @attribute */
  readonly securityGroupId: string;
  /** The IAM role that is the master user of fine-grained access control. @attribute */
  readonly masterRoleArn: string;
  /** The domain resource. */
  readonly resource: OpensearchDomain;

  constructor(scope: Construct, id: string, props: OpenSearchDomainProps) {
    super(scope, id);
    const stack = AwsStack.of(this);
    validateProps(this, props);
    const instanceType = props.instanceType ?? "r7g.large.search";
    const zoneAwareness = props.zoneAwareness ?? true;
    const dedicatedMasters = props.dedicatedMasters ?? true;
    const zoneCount = zonesSpanned(props.network.availabilityZones.length);
    const domainArn = stack.formatArn("es", `domain/${props.domainName}`);
    // Auto-Tune is not offered on burstable instances.
    const autoTune = !BURSTABLE_INSTANCE_TYPE.test(instanceType);

    const securityGroup = new ServiceSecurityGroup(this, "SecurityGroup", {
      name: `${props.domainName}-opensearch`,
      description: `OpenSearch domain ${props.domainName}`,
      vpcId: props.network.vpcId,
      port: 443,
      clientSecurityGroupIds: props.clientSecurityGroupIds,
    });

    const masterRole = new IamRole(this, "MasterRole", {
      name: `${props.domainName}-opensearch-admin`,
      description: `Master user of OpenSearch domain ${props.domainName} (fine-grained access control maps it to all_access)`,
      assumeRolePolicy: policyDocument([
        { Effect: "Allow", Principal: { AWS: stack.formatArn("iam", "root") }, Action: "sts:AssumeRole" },
      ]),
    });

    const logGroups = Object.entries(OPENSEARCH_LOG_GROUPS).map(([logId, { logType, suffix }]) => ({
      logType,
      group: new EncryptedLogGroup(this, logId, {
        name: `/aws/opensearch/domains/${props.domainName}/${suffix}`,
        key: props.logsKey,
        retentionDays: props.logRetentionDays ?? 365,
      }),
    }));
    const logResourcePolicy = new CloudwatchLogResourcePolicy(this, "LogResourcePolicy", {
      policyName: `${props.domainName}-opensearch-logs`,
      policyDocument: policyDocument([
        {
          Sid: "OpenSearchLogDelivery",
          Effect: "Allow",
          Principal: { Service: OPENSEARCH_SERVICE_PRINCIPAL },
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: logGroups.map(({ group }) => `${group.logGroupArn}:*`),
          Condition: { StringEquals: { "aws:SourceAccount": stack.accountId }, ArnLike: { "aws:SourceArn": domainArn } },
        },
      ]),
    });

    const dependencies: ITerraformDependable[] = [logResourcePolicy, ...logGroups.map(({ group }) => group.resource)];
    if (props.createServiceLinkedRole ?? false) {
      dependencies.push(
        new IamServiceLinkedRole(this, "ServiceLinkedRole", {
          awsServiceName: "opensearchservice.amazonaws.com",
          description: "Lets Amazon OpenSearch Service manage the network interfaces of VPC domains",
        }),
      );
    }

    this.resource = new OpensearchDomain(this, "Resource", {
      domainName: props.domainName,
      engineVersion: props.engineVersion ?? "OpenSearch_2.19",
      clusterConfig: {
        instanceType,
        instanceCount: props.instanceCount ?? 3,
        zoneAwarenessEnabled: zoneAwareness,
        ...(zoneAwareness ? { zoneAwarenessConfig: { availabilityZoneCount: zoneCount } } : {}),
        dedicatedMasterEnabled: dedicatedMasters,
        ...(dedicatedMasters
          ? { dedicatedMasterType: props.dedicatedMasterType ?? "m7g.large.search", dedicatedMasterCount: props.dedicatedMasterCount ?? 3 }
          : {}),
      },
      ebsOptions: { ebsEnabled: true, volumeType: "gp3", volumeSize: props.ebsVolumeSizeGiB ?? 100 },
      vpcOptions: {
        subnetIds: props.network.privateSubnetIds.slice(0, zoneAwareness ? zoneCount : 1),
        securityGroupIds: [securityGroup.securityGroupId],
      },
      encryptAtRest: { enabled: true, kmsKeyId: props.encryptionKey.keyArn },
      nodeToNodeEncryption: { enabled: true },
      domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: OPENSEARCH_TLS_SECURITY_POLICY },
      advancedSecurityOptions: {
        enabled: true,
        anonymousAuthEnabled: false,
        internalUserDatabaseEnabled: false,
        masterUserOptions: { masterUserArn: masterRole.arn },
      },
      accessPolicies: policyDocument([
        {
          Sid: "MasterRoleHttpAccess",
          Effect: "Allow",
          Principal: { AWS: masterRole.arn },
          Action: "es:ESHttp*",
          Resource: `${domainArn}/*`,
        },
      ]),
      logPublishingOptions: logGroups.map(({ logType, group }) => ({ logType, cloudwatchLogGroupArn: group.logGroupArn, enabled: true })),
      offPeakWindowOptions: { enabled: true },
      autoTuneOptions: { desiredState: autoTune ? "ENABLED" : "DISABLED", rollbackOnDisable: "NO_ROLLBACK", useOffPeakWindow: autoTune },
      softwareUpdateOptions: { autoSoftwareUpdateEnabled: true },
      lifecycle: (props.preventDestroy ?? true) ? { preventDestroy: true } : undefined,
      // The service checks, when the domain is created, that it may write to every log group.
      dependsOn: dependencies,
    });

    this.domainName = this.resource.domainName;
    this.domainArn = this.resource.arn;
    this.domainEndpoint = this.resource.endpoint;
    this.port = 443;
    this.securityGroupId = securityGroup.securityGroupId;
    this.masterRoleArn = masterRole.arn;
  }

  /**
   * IAM statements that let their holder send HTTP requests to the domain (`es:ESHttp*`). With
   * fine-grained access control, the holder's role must also be mapped to an OpenSearch role
   * (by the master role, through the security plugin) before it can read or write anything.
   */
  grantHttpAccess(): PolicyStatement[] {
    return [{ Effect: "Allow", Action: "es:ESHttp*", Resource: `${this.domainArn}/*` }];
  }
}

const DOMAIN_NAME = /^[a-z][a-z0-9-]{2,27}$/;
const ENGINE_VERSION = /^OpenSearch_\d+\.\d+$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9]*\.[a-z0-9]+\.search$/;
const BURSTABLE_INSTANCE_TYPE = /^t[23]\./;

/** OpenSearch spreads a zone-aware domain over two or three zones. */
function zonesSpanned(networkZones: number): number {
  return networkZones >= 3 ? 3 : 2;
}

/** Checks every prop and reports all problems in one error. */
function validateProps(scope: Construct, props: OpenSearchDomainProps): void {
  const problems: string[] = [];
  const known = (value: string | number | undefined): value is string | number => value !== undefined && !Token.isUnresolved(value);

  if (known(props.domainName) && !DOMAIN_NAME.test(props.domainName)) {
    problems.push(`domainName must be 3-28 lowercase letters, digits or hyphens, starting with a letter, got "${props.domainName}"`);
  }
  if (known(props.engineVersion) && !ENGINE_VERSION.test(props.engineVersion)) {
    problems.push(`engineVersion must be an OpenSearch version such as "OpenSearch_2.19", got "${props.engineVersion}"`);
  }
  for (const field of ["instanceType", "dedicatedMasterType"] as const) {
    const value = props[field];
    if (known(value) && !INSTANCE_TYPE.test(value)) {
      problems.push(`${field} must be an OpenSearch instance type such as "r7g.large.search", got "${value}"`);
    }
  }
  if (props.clientSecurityGroupIds.length === 0) {
    problems.push("clientSecurityGroupIds must name at least one security group allowed to connect");
  }

  const zoneAwareness = props.zoneAwareness ?? true;
  const networkZones = props.network.availabilityZones.length;
  const subnets = props.network.privateSubnetIds;
  if (zoneAwareness && networkZones < 2) {
    problems.push(`zoneAwareness needs a network with at least 2 availability zones, got ${networkZones}`);
  }
  if (!Token.isUnresolved(subnets) && subnets.length < (zoneAwareness ? zonesSpanned(networkZones) : 1)) {
    problems.push(`network.privateSubnetIds must hold one subnet per availability zone the domain spans, got ${subnets.length}`);
  }
  const instanceCount = props.instanceCount ?? 3;
  if (known(instanceCount)) {
    if (!Number.isInteger(instanceCount) || instanceCount < 1) {
      problems.push(`instanceCount must be a whole number of at least 1, got ${instanceCount}`);
    } else if (zoneAwareness && instanceCount % zonesSpanned(networkZones) !== 0) {
      problems.push(
        `instanceCount must be a multiple of the ${zonesSpanned(networkZones)} availability zones a zone-aware domain spans, got ${instanceCount}; change it or set zoneAwareness: false`,
      );
    }
  }

  if (props.dedicatedMasters === false) {
    for (const field of ["dedicatedMasterType", "dedicatedMasterCount"] as const) {
      if (props[field] !== undefined) {
        problems.push(`${field} must not be set when dedicatedMasters is false`);
      }
    }
  } else if (known(props.dedicatedMasterCount) && props.dedicatedMasterCount !== 3 && props.dedicatedMasterCount !== 5) {
    problems.push(`dedicatedMasterCount must be 3 or 5, an odd number that keeps a quorum when one master fails, got ${props.dedicatedMasterCount}`);
  }

  const volume = props.ebsVolumeSizeGiB;
  if (known(volume) && (!Number.isInteger(volume) || volume < 10)) {
    problems.push(`ebsVolumeSizeGiB must be a whole number of GiB of at least 10, got ${volume}`);
  }
  const retention = props.logRetentionDays;
  if (known(retention) && !(LOG_RETENTION_DAYS as readonly number[]).includes(retention)) {
    problems.push(`logRetentionDays must be a CloudWatch Logs retention period (${LOG_RETENTION_DAYS.join(", ")}), got ${retention}`);
  }
  if (problems.length > 0) {
    throw new ValidationError(problems.join("; "), scope);
  }
}

import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import { resourcePrefix } from "../config/resource-names";
import { LogicalDumpCronJob } from "../backup/logical-dump-cron-job";
import { CertManager } from "../platform/cert-manager";
import { ClusterConnection } from "../platform/cluster-connection";
import { EncryptedStorageClass } from "../platform/encrypted-storage-class";
import { FluxBootstrap } from "../platform/flux";
import { OpenedxNetworkPolicies } from "../platform/network-policies";
import { NginxIngressController } from "../platform/nginx-ingress-controller";
import { OpenedxAutoscaling } from "../platform/openedx-autoscaling";
import { OpenedxIngresses } from "../platform/openedx-ingresses";
import { NON_PRODUCTION_NAMESPACE_QUOTA, OpenedxNamespace } from "../platform/openedx-namespace";
import { OriginRecord } from "../platform/origin-record";
import { PrometheusStack } from "../platform/prometheus-stack";
import { AutoModeSpotNodePool } from "../platform/spot-node-pool";
import { EnvironmentStack, EnvironmentStackProps } from "../stack/environment-stack";
import { OpenedxApp } from "../stack/openedx-app";
import { ClusterStack } from "./cluster-stack";
import { DataStack } from "./data-stack";
import { EdgeStack } from "./edge-stack";
import { IdentityStack, LOGICAL_DUMP_SERVICE_ACCOUNT, OPENEDX_SERVICE_ACCOUNT } from "./identity-stack";
import { KeysStack } from "./keys-stack";
import { NetworkStack } from "./network-stack";

/** Props of a {@link PlatformStack}. */
export interface PlatformStackProps extends EnvironmentStackProps {
  /** The environment's keys: `storage` encrypts the default StorageClass's volumes, `backup` the logical dumps. */
  readonly keys: KeysStack;
  /** The environment's network: the ingress load balancer's security group lives in its VPC. */
  readonly network: NetworkStack;
  /**
   * The cluster stack, which must be applied first. The connection finds the cluster by its name
   * (`openedx-<environment>`) through a data source, so nothing of this stack is read; the order
   * also follows from the identity stack, which references it.
   */
  readonly cluster: ClusterStack;
  /**
   * The edge: its regional certificate on the load balancer, its zone for `origin.<domain>` and
   * DNS-01, and its origin-verification header checked by the ingresses.
   */
  readonly edge: EdgeStack;
  /** The data stack: hosts, master secrets and backups bucket of the nightly logical dumps. */
  readonly data: DataStack;
  /** The identity stack: cert-manager's Pod Identity role. */
  readonly identity: IdentityStack;
}

/**
 * What runs inside the cluster before Tutor deploys Open edX: the `openedx` namespace with Pod
 * Security labels, limits, quota and default-deny network policies; the encrypted default
 * StorageClass; the NGINX ingress controller behind an Auto Mode network load balancer that only
 * CloudFront can reach, and `origin.<domain>` pointing at it; cert-manager with a Let's Encrypt
 * DNS-01 issuer; the ingresses of the LMS, Studio, MFE and Meilisearch hosts in front of Tutor's
 * caddy; autoscalers (and disruption budgets in production) for lms, cms and the workers; the
 * nightly logical dumps of MySQL and DocumentDB to the backups bucket; and,
 * when configured, a Spot NodePool (`sizing.nodeCapacity: "spot"`), kube-prometheus-stack and Flux.
 *
 * It uses the helm and kubernetes providers, so `pnpm validate` lists it as not validated offline;
 * it is checked against the OpenedxKubernetes policy packs at synth. Apply it after the cluster:
 * the providers authenticate with `aws eks get-token`.
 */
export class PlatformStack extends EnvironmentStack {
  /** The stack's kubernetes and helm providers, authenticated against the cluster with `aws eks get-token`. */
  readonly connection: ClusterConnection;
  /**
   * The `openedx` namespace Tutor deploys into, with Pod Security labels, limits and quota; more
   * objects for Open edX belong in it.
   */
  readonly namespace: OpenedxNamespace;
  /**
   * The NGINX ingress controller behind the CloudFront-only load balancer; ingresses for more
   * hosts use its class and depend on its release.
   */
  readonly ingressController: NginxIngressController;
  /** cert-manager and its `letsencrypt` ClusterIssuer, which issues the ingresses' in-cluster certificates. */
  readonly certManager: CertManager;

  constructor(scope: OpenedxApp, id: string, props: PlatformStackProps) {
    super(scope, id, { ...props, kubernetesObjects: true });
    const environment = this.environment;
    const hosts = environment.hosts;
    const production = this.isProduction;

    this.connection = new ClusterConnection(this, "connection", { clusterName: `${resourcePrefix(environment)}`, region: environment.region });
    this.namespace = new OpenedxNamespace(this, "namespace", {
      kubernetesVersion: environment.kubernetesVersion,
      preventDestroy: production,
      ...(production ? {} : NON_PRODUCTION_NAMESPACE_QUOTA),
    });
    new OpenedxNetworkPolicies(this, "network-policies", {
      namespace: this.namespace,
      dataSubnetCidrBlocks: environment.subnets.isolated.map((subnet) => subnet.cidrBlock),
      // Auto Mode answers DNS on each node, inside the VPC.
      dnsCidrBlocks: [environment.vpcCidr],
      enableNetworkPolicyController: true,
    });
    // The account Tutor's workloads run as (the plugin's k8s-override); EKS Pod Identity maps it to
    // the identity stack's role, so pods get S3 and SES credentials without static keys.
    new ServiceAccountV1(this, "openedx-service-account", {
      metadata: {
        name: OPENEDX_SERVICE_ACCOUNT.serviceAccount,
        namespace: this.namespace.namespaceName,
        labels: { "app.kubernetes.io/managed-by": "openedx-infra" },
      },
      automountServiceAccountToken: true,
    });
    const storageClass = new EncryptedStorageClass(this, "storage-class", {
      encryptionKey: props.keys.keys.storage,
      volumeTags: { backup: "openedx" },
    });

    this.ingressController = new NginxIngressController(this, "ingress-controller", {
      network: { vpcId: props.network.network.vpcId, vpcCidrBlock: environment.vpcCidr },
      certificate: props.edge.regionalCertificate,
      namePrefix: resourcePrefix(environment),
      replicaCount: production ? 3 : 2,
      // An idle staging controller uses a fraction of production's 250m/256Mi; reserving less lets
      // staging's idle pods share one Auto Mode node (see `pnpm cost staging`). Limits are unset,
      // so it still bursts under load.
      ...(production ? {} : { resources: { cpu: "100m", memory: "128Mi" } }),
    });
    new OriginRecord(this, "origin-record", { zone: props.edge.zone, recordName: hosts.origin, controller: this.ingressController });
    this.certManager = new CertManager(this, "cert-manager", {
      production,
      email: environment.alertEmails[0],
      hostedZoneId: props.edge.zone.zoneId,
      region: environment.region,
      roleArn: props.identity.certManagerRole.roleArn,
    });
    new OpenedxIngresses(this, "ingresses", {
      hosts,
      controller: this.ingressController,
      certManager: this.certManager,
      originVerifySecretArn: props.edge.originVerification.secretArn,
      originVerifyHeaderName: props.edge.originVerification.headerName,
    });

    const single = { minReplicas: 1, maxReplicas: 3, targetCpuUtilizationPercent: 75 };
    new OpenedxAutoscaling(this, "autoscaling", {
      production,
      podDisruptionBudgets: production,
      ...(production ? {} : { lms: single, cms: single, lmsWorker: single, cmsWorker: single }),
    });

    // Nightly logical dumps beside AWS Backup's snapshots: portable, and restorable into any cluster.
    new LogicalDumpCronJob(this, "logical-dump", {
      namespace: OPENEDX_SERVICE_ACCOUNT.namespace,
      serviceAccountName: LOGICAL_DUMP_SERVICE_ACCOUNT,
      mysqlHost: props.data.mysql.endpoint,
      mysqlSecretArn: props.data.mysql.masterUserSecretArn,
      documentDbHost: props.data.documentDb.endpoint,
      documentDbSecretArn: props.data.documentDb.masterUserSecretArn,
      backupsBucketName: props.data.backupsBucket.bucketName,
      backupKeyArn: props.keys.keys.backup.keyArn,
      region: environment.region,
      environmentName: environment.name,
    });

    if (environment.sizing.nodeCapacity === "spot") {
      // Refused in production by the configuration schema.
      new AutoModeSpotNodePool(this, "spot-node-pool");
    }
    if (environment.platform.prometheus) {
      new PrometheusStack(this, "prometheus", { grafanaAdminSecretName: "grafana-admin", storageClass, highAvailability: production });
    }
    if (environment.platform.gitopsRepositoryUrl) {
      new FluxBootstrap(this, "flux", {
        url: environment.platform.gitopsRepositoryUrl,
        branch: environment.platform.gitopsBranch,
        path: environment.platform.gitopsPath,
      });
    }
  }
}

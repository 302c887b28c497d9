import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { Release } from "@cdktf/provider-helm/lib/release";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { ValidationError } from "../config/validation-error";

/**
 * The jetstack `cert-manager` chart. v1.21.2 is the newest release confirmed (renovate updates and
 * release notes of cert-manager/cert-manager, September 2026).
 */
export const CERT_MANAGER_CHART = {
  /** Jetstack's Helm repository, the chart's official home. */
  repository: "https://charts.jetstack.io",
  /** Chart name in that repository. */
  chart: "cert-manager",
  /** Exact chart version (cert-manager's versions carry the `v`), so an apply never picks up a new release unreviewed. */
  version: "v1.21.2",
} as const;

/** Namespace of cert-manager; the Pod Identity association in the AWS stack names it, so it is fixed. */
export const CERT_MANAGER_NAMESPACE = "cert-manager";
/**
 * Service account of the cert-manager controller. The AWS stack's Pod Identity association (namespace
 * plus service account) gives it the Route 53 role, so the chart is told this exact name rather than
 * deriving one from the release.
 */
export const CERT_MANAGER_SERVICE_ACCOUNT = "cert-manager";

/** The ClusterIssuer the ingresses name in `cert-manager.io/cluster-issuer`. */
export const LETSENCRYPT_CLUSTER_ISSUER = "letsencrypt";

/** Let's Encrypt's production ACME directory: browser-trusted certificates, strict rate limits. The default when `production` is true. */
export const LETSENCRYPT_PRODUCTION = "https://acme-v02.api.letsencrypt.org/directory";
/**
 * Let's Encrypt's staging ACME directory: generous rate limits but certificates browsers do not
 * trust, so it suits environments that are torn down and rebuilt often. The default when
 * `production` is false, and refused when it is true.
 */
export const LETSENCRYPT_STAGING = "https://acme-staging-v02.api.letsencrypt.org/directory";

/** Props of a {@link CertManager}. */
export interface CertManagerProps {
  /**
   * Whether certificates must be trusted by browsers: production uses Let's Encrypt's production
   * directory, the rest its staging one, whose rate limits are generous.
   */
  readonly production: boolean;
  /** The account e-mail Let's Encrypt sends expiry and incident notices to. */
  readonly email: string;
  /** The Route 53 hosted zone that holds the hosts' names, where the DNS-01 TXT records go. */
  readonly hostedZoneId: string;
  /** The region of the Route 53 API calls (Route 53 is global; any region works, use the environment's). */
  readonly region: string;
  /**
   * The Pod Identity role (Route 53 rights for DNS-01) associated with the `cert-manager` service
   * account in an AWS stack. Pod Identity needs no annotation; it is recorded on the service
   * account (`openedx-infra/pod-identity-role-arn`) so operators can find it.
   */
  readonly roleArn: string;
  /**
   * The ACME directory.
   * @default - Let's Encrypt production when `production` is true, Let's Encrypt staging otherwise
   */
  readonly acmeServer?: string;
  /**
   * Replicas of the controller, webhook and CA injector; with 2 or more each gets a PodDisruptionBudget.
   * @default 2 when `production`, 1 otherwise
   */
  readonly replicaCount?: number;
}

/**
 * The values of the `cert-manager` chart we set, as {@link CertManager.values} exposes them (the
 * release receives them as JSON). Keys follow the chart's `values.yaml`; anything not listed keeps
 * the chart's default.
 */
export interface CertManagerValues {
  /** Chart key `crds`: whether the chart manages cert-manager's CRDs. */
  readonly crds: {
    /** `true`: the release installs the CRDs itself, so the ClusterIssuer can follow it with no separate CRD step. */
    readonly enabled: boolean;
    /** `true`: Helm leaves the CRDs in place on uninstall, so removing the release does not delete every Certificate with them. */
    readonly keep: boolean;
  };
  /** Replicas of the controller, from {@link CertManagerProps.replicaCount} (2 in production, 1 otherwise). */
  readonly replicaCount: number;
  /** Chart key `podDisruptionBudget`: the controller's budget, so node drains keep one replica renewing certificates. */
  readonly podDisruptionBudget: {
    /** On only with 2 or more replicas: a budget over a single replica would block every drain. */
    readonly enabled: boolean;
    /** Replicas that must stay up during a drain: 1; absent when the budget is off. */
    readonly minAvailable?: number;
  };
  /**
   * Chart key `webhook`: the admission webhook every create or update of a cert-manager resource
   * goes through; while it is down, Certificates and Issuers cannot be changed, hence the replicas.
   */
  readonly webhook: {
    /** Replicas of the webhook, the same as the controller's. */
    readonly replicaCount: number;
    /** The webhook's budget, the same rule as the controller's. */
    readonly podDisruptionBudget: {
      /** On only with 2 or more replicas. */
      readonly enabled: boolean;
      /** 1 when on; absent otherwise. */
      readonly minAvailable?: number;
    };
  };
  /** Chart key `cainjector`: the CA injector, which writes the webhook's CA bundle into the webhook and CRD configurations. */
  readonly cainjector: {
    /** Replicas of the CA injector, the same as the controller's. */
    readonly replicaCount: number;
    /** The CA injector's budget, the same rule as the controller's. */
    readonly podDisruptionBudget: {
      /** On only with 2 or more replicas. */
      readonly enabled: boolean;
      /** 1 when on; absent otherwise. */
      readonly minAvailable?: number;
    };
  };
  /** Chart key `serviceAccount`: the controller's service account, the identity Route 53 credentials are bound to. */
  readonly serviceAccount: {
    /** `true`: the chart creates it. */
    readonly create: boolean;
    /** {@link CERT_MANAGER_SERVICE_ACCOUNT}, fixed because the Pod Identity association names it. */
    readonly name: string;
    /**
     * `openedx-infra/pod-identity-role-arn` with {@link CertManagerProps.roleArn}. Pod Identity reads
     * no annotation: this one only tells an operator which role the pods get.
     */
    readonly annotations: Readonly<Record<string, string>>;
  };
  /** Chart key `resources`: the controller container's (not the webhook's or CA injector's). */
  readonly resources: {
    /** What the scheduler reserves for the controller; it sets no limit. */
    readonly requests: {
      /** CPU request, a Kubernetes quantity: `50m`. */
      readonly cpu: string;
      /** Memory request, a Kubernetes quantity: `128Mi`. */
      readonly memory: string;
    };
  };
}

/**
 * cert-manager, with a `letsencrypt` ClusterIssuer solving ACME DNS-01 challenges in Route 53
 * through the ambient Pod Identity credentials of its service account. It issues the in-cluster
 * certificates of the ingresses (NLB → NGINX); viewers see CloudFront's and the NLB's ACM
 * certificates.
 *
 * The ClusterIssuer is a `kubernetes_manifest`, which needs its CRD to exist when Terraform plans:
 * on a fresh cluster apply the release first (`terraform apply -target` on `…/Resource`).
 *
 * Construct ids are API: `Resource` (the Helm release), `ClusterIssuer`.
 *
 * @resource helm_release
 */
export class CertManager extends Construct {
  /** The Helm release (CRDs included). */
  readonly release: Release;
  /** The ClusterIssuer; ingresses that name it depend on it. */
  readonly clusterIssuer: Manifest;
  /** Name of the ClusterIssuer ({@link LETSENCRYPT_CLUSTER_ISSUER}), for an ingress's `cert-manager.io/cluster-issuer` annotation. @attribute */
  readonly clusterIssuerName: string;
  /** The ACME directory in use. @attribute */
  readonly acmeServer: string;
  /** Namespace of cert-manager ({@link CERT_MANAGER_NAMESPACE}), for the Pod Identity association. @attribute */
  readonly namespace: string;
  /** Service account of the controller ({@link CERT_MANAGER_SERVICE_ACCOUNT}), for the Pod Identity association. @attribute */
  readonly serviceAccountName: string;
  /** The chart values set on the release. */
  readonly values: CertManagerValues;

  constructor(scope: Construct, id: string, props: CertManagerProps) {
    super(scope, id);
    validateProps(this, props);
    const replicas = props.replicaCount ?? (props.production ? 2 : 1);
    const pdb = replicas >= 2 ? { enabled: true, minAvailable: 1 } : { enabled: false };
    this.acmeServer = props.acmeServer ?? (props.production ? LETSENCRYPT_PRODUCTION : LETSENCRYPT_STAGING);
    this.values = {
      // `keep` leaves the CRDs (and so every Certificate) in place if the release is uninstalled.
      crds: { enabled: true, keep: true },
      replicaCount: replicas,
      podDisruptionBudget: pdb,
      webhook: { replicaCount: replicas, podDisruptionBudget: pdb },
      cainjector: { replicaCount: replicas, podDisruptionBudget: pdb },
      serviceAccount: {
        create: true,
        name: CERT_MANAGER_SERVICE_ACCOUNT,
        annotations: { "openedx-infra/pod-identity-role-arn": props.roleArn },
      },
      resources: { requests: { cpu: "50m", memory: "128Mi" } },
    };
    this.release = new Release(this, "Resource", {
      name: "cert-manager",
      repository: CERT_MANAGER_CHART.repository,
      chart: CERT_MANAGER_CHART.chart,
      version: CERT_MANAGER_CHART.version,
      namespace: CERT_MANAGER_NAMESPACE,
      createNamespace: true,
      atomic: true,
      values: [JSON.stringify(this.values)],
    });
    this.clusterIssuer = new Manifest(this, "ClusterIssuer", {
      manifest: {
        apiVersion: "cert-manager.io/v1",
        kind: "ClusterIssuer",
        metadata: { name: LETSENCRYPT_CLUSTER_ISSUER },
        spec: {
          acme: {
            email: props.email,
            server: this.acmeServer,
            privateKeySecretRef: { name: `${LETSENCRYPT_CLUSTER_ISSUER}-account-key` },
            solvers: [{ dns01: { route53: { region: props.region, hostedZoneID: props.hostedZoneId } } }],
          },
        },
      },
      dependsOn: [this.release],
    });
    this.clusterIssuerName = LETSENCRYPT_CLUSTER_ISSUER;
    this.namespace = CERT_MANAGER_NAMESPACE;
    this.serviceAccountName = CERT_MANAGER_SERVICE_ACCOUNT;
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ZONE_ID = /^Z[A-Z0-9]{1,32}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const ROLE_ARN = /^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]+$/;

function validateProps(scope: Construct, props: CertManagerProps): void {
  const problems: string[] = [];
  if (!Token.isUnresolved(props.email) && !EMAIL.test(props.email)) {
    problems.push(`email must be an e-mail address, got "${props.email}"`);
  }
  if (!Token.isUnresolved(props.hostedZoneId) && !ZONE_ID.test(props.hostedZoneId)) {
    problems.push(`hostedZoneId must be a Route 53 hosted zone id, "Z" and 1-32 uppercase letters or digits, got "${props.hostedZoneId}"`);
  }
  if (!Token.isUnresolved(props.region) && !REGION.test(props.region)) {
    problems.push(`region must be an AWS region such as "eu-west-1", got "${props.region}"`);
  }
  if (!Token.isUnresolved(props.roleArn) && !ROLE_ARN.test(props.roleArn)) {
    problems.push(`roleArn must be an IAM role ARN "arn:aws:iam::<12-digit account>:role/<name>", got "${props.roleArn}"`);
  }
  const server = props.acmeServer;
  if (server !== undefined && !Token.isUnresolved(server) && !/^https:\/\/[^\s]+$/.test(server)) {
    problems.push(`acmeServer must be an https:// ACME directory URL, got "${server}"`);
  } else if (server === LETSENCRYPT_STAGING && props.production) {
    problems.push("acmeServer must not be the Let's Encrypt staging directory when production is true: browsers do not trust its certificates");
  }
  const replicas = props.replicaCount;
  if (replicas !== undefined && (!Number.isInteger(replicas) || replicas < 1)) {
    problems.push(`replicaCount must be a whole number of at least 1, got ${replicas}`);
  }
  if (problems.length > 0) {
    throw new ValidationError(problems.join("; "), scope);
  }
}

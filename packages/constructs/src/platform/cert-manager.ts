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
  repository: "https://charts.jetstack.io",
  chart: "cert-manager",
  version: "v1.21.2",
} as const;

/** Namespace and service account of cert-manager; the Pod Identity association names both. */
export const CERT_MANAGER_NAMESPACE = "cert-manager";
export const CERT_MANAGER_SERVICE_ACCOUNT = "cert-manager";

/** The ClusterIssuer the ingresses name in `cert-manager.io/cluster-issuer`. */
export const LETSENCRYPT_CLUSTER_ISSUER = "letsencrypt";

/** Let's Encrypt's ACME directories. */
export const LETSENCRYPT_PRODUCTION = "https://acme-v02.api.letsencrypt.org/directory";
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

/** The values of the chart we set. */
export interface CertManagerValues {
  readonly crds: { readonly enabled: boolean; readonly keep: boolean };
  readonly replicaCount: number;
  readonly podDisruptionBudget: { readonly enabled: boolean; readonly minAvailable?: number };
  readonly webhook: { readonly replicaCount: number; readonly podDisruptionBudget: { readonly enabled: boolean; readonly minAvailable?: number } };
  readonly cainjector: { readonly replicaCount: number; readonly podDisruptionBudget: { readonly enabled: boolean; readonly minAvailable?: number } };
  readonly serviceAccount: { readonly create: boolean; readonly name: string; readonly annotations: Readonly<Record<string, string>> };
  readonly resources: { readonly requests: { readonly cpu: string; readonly memory: string } };
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
  /** @attribute */
  readonly clusterIssuerName: string;
  /** The ACME directory in use. @attribute */
  readonly acmeServer: string;
  /** @attribute */
  readonly namespace: string;
  /** @attribute */
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

import { DataAwsSecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-version";
import { IngressV1 } from "@cdktf/provider-kubernetes/lib/ingress-v1";
import { Fn, Token } from "cdktf";
import { Construct } from "constructs";
import { EnvironmentHosts } from "../config/environment-config";
import { ValidationError } from "../config/validation-error";
import { DEFAULT_ORIGIN_VERIFY_HEADER } from "../edge/origin-verification";
import type { CertManager } from "./cert-manager";
import type { NginxIngressController } from "./nginx-ingress-controller";

/** Tutor's namespace (`K8S_NAMESPACE`). */
export const OPENEDX_NAMESPACE = "openedx";

/** The Open edX hosts that get an ingress, in construct-id order. */
export const OPENEDX_INGRESS_HOSTS = ["lms", "studio", "mfe", "meilisearch"] as const;

/** One of {@link OPENEDX_INGRESS_HOSTS}. */
export type OpenedxIngressHost = (typeof OPENEDX_INGRESS_HOSTS)[number];

/** Props of {@link OpenedxIngresses}. */
export interface OpenedxIngressesProps {
  /** The environment's host names; the LMS, Studio, MFE and Meilisearch hosts get an ingress each. */
  readonly hosts: Pick<EnvironmentHosts, OpenedxIngressHost>;
  /** The controller serving the ingress class. */
  readonly controller: NginxIngressController;
  /** cert-manager, whose ClusterIssuer issues each host's in-cluster certificate. */
  readonly certManager: CertManager;
  /**
   * The Secrets Manager secret CloudFront's origin-verification value is kept in
   * (`OriginVerification.secretArn`: JSON with the value under `password`).
   */
  readonly originVerifySecretArn: string;
  /**
   * The header CloudFront sends the value in.
   * @default "X-Origin-Verify"
   */
  readonly originVerifyHeaderName?: string;
  /**
   * Namespace of Tutor's `caddy` Service.
   * @default "openedx"
   */
  readonly namespace?: string;
}

/**
 * The Ingress objects of Open edX: one per host (LMS, Studio, MFE, Meilisearch), each sending every
 * path to Tutor's `caddy` Service on port 80 (Tutor runs with `ENABLE_WEB_PROXY=false`), with TLS
 * from a cert-manager certificate (`<host key>-tls`) for the NLB → NGINX hop.
 *
 * Every server refuses with 403 a request whose origin-verification header does not carry the
 * value CloudFront sends, so the public load balancer serves nothing to callers that went around
 * CloudFront and its WAF. The value is read from Secrets Manager at plan time and written into the
 * `nginx.org/server-snippets` annotation: it is marked sensitive in plans but lands in the Terraform
 * state (encrypted, see the state bucket) and in the Ingress object (readable by whoever can read
 * Ingresses in the namespace).
 *
 * Construct ids are API: `OriginVerifySecret` (the data source), and one ingress per host, ids
 * `Lms`, `Studio`, `Mfe`, `Meilisearch`.
 *
 * @resource kubernetes_ingress_v1
 */
export class OpenedxIngresses extends Construct {
  /** The ingress of each host. */
  readonly ingresses: Readonly<Record<OpenedxIngressHost, IngressV1>>;
  /** The TLS Secret name of each host. @attribute */
  readonly tlsSecretNames: Readonly<Record<OpenedxIngressHost, string>>;
  /** Namespace of the ingresses, the one Tutor's `caddy` Service runs in. @attribute */
  readonly namespace: string;
  /** The header each server checks; the CloudFront distribution must send its value under this same name. @attribute */
  readonly originVerifyHeaderName: string;

  constructor(scope: Construct, id: string, props: OpenedxIngressesProps) {
    super(scope, id);
    const headerName = props.originVerifyHeaderName ?? DEFAULT_ORIGIN_VERIFY_HEADER;
    const namespace = props.namespace ?? OPENEDX_NAMESPACE;
    validateProps(this, props, headerName, namespace);

    const secret = new DataAwsSecretsmanagerSecretVersion(this, "OriginVerifySecret", { secretId: props.originVerifySecretArn });
    const expected = Fn.sensitive(Fn.lookup(Fn.jsondecode(secret.secretString), "password"));
    // NGINX exposes a request header as $http_<name> in lowercase with hyphens as underscores.
    const variable = `$http_${headerName.toLowerCase().replace(/-/g, "_")}`;
    const snippet = `if (${variable} != "${expected}") { return 403; }`;

    const ingresses: Partial<Record<OpenedxIngressHost, IngressV1>> = {};
    const secrets: Partial<Record<OpenedxIngressHost, string>> = {};
    for (const key of OPENEDX_INGRESS_HOSTS) {
      const host = props.hosts[key];
      const tlsSecret = `${key}-tls`;
      secrets[key] = tlsSecret;
      ingresses[key] = new IngressV1(this, key.charAt(0).toUpperCase() + key.slice(1), {
        metadata: {
          name: key,
          namespace,
          annotations: {
            "cert-manager.io/cluster-issuer": props.certManager.clusterIssuerName,
            "nginx.org/client-max-body-size": props.controller.clientMaxBodySize,
            "nginx.org/server-snippets": snippet,
          },
        },
        spec: {
          ingressClassName: props.controller.ingressClassName,
          tls: [{ hosts: [host], secretName: tlsSecret }],
          rule: [
            {
              host,
              http: { path: [{ path: "/", pathType: "Prefix", backend: { service: { name: "caddy", port: { number: 80 } } } }] },
            },
          ],
        },
        waitForLoadBalancer: false,
        dependsOn: [props.controller.release, props.certManager.clusterIssuer],
      });
    }
    this.ingresses = ingresses as Record<OpenedxIngressHost, IngressV1>;
    this.tlsSecretNames = secrets as Record<OpenedxIngressHost, string>;
    this.namespace = namespace;
    this.originVerifyHeaderName = headerName;
  }
}

const HEADER_NAME = /^[A-Za-z][A-Za-z0-9-]{0,119}$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const SECRET_ARN = /^arn:aws:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+$/;

function validateProps(scope: Construct, props: OpenedxIngressesProps, headerName: string, namespace: string): void {
  const problems: string[] = [];
  if (!HEADER_NAME.test(headerName)) {
    problems.push(`originVerifyHeaderName must be 1-120 letters, digits or hyphens, starting with a letter, got "${headerName}"`);
  }
  if (!NAMESPACE.test(namespace)) {
    problems.push(`namespace must be a Kubernetes namespace name (1-63 lowercase letters, digits or hyphens), got "${namespace}"`);
  }
  if (!Token.isUnresolved(props.originVerifySecretArn) && !SECRET_ARN.test(props.originVerifySecretArn)) {
    problems.push(`originVerifySecretArn must be a Secrets Manager secret ARN "arn:aws:secretsmanager:<region>:<account>:secret:<name>", got "${props.originVerifySecretArn}"`);
  }
  const seen = new Set<string>();
  for (const key of OPENEDX_INGRESS_HOSTS) {
    const host = props.hosts[key];
    if (Token.isUnresolved(host)) continue;
    if (!/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(host)) {
      problems.push(`hosts.${key} must be a lowercase DNS host name such as "courses.example.edu", got "${host}"`);
    } else if (seen.has(host)) {
      problems.push(`hosts.${key} must differ from the other hosts, got "${host}" twice`);
    }
    seen.add(host);
  }
  if (problems.length > 0) {
    throw new ValidationError(problems.join("; "), scope);
  }
}

import { DataAwsEc2ManagedPrefixList } from "@cdktf/provider-aws/lib/data-aws-ec2-managed-prefix-list";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Release } from "@cdktf/provider-helm/lib/release";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { ValidationError } from "../config/validation-error";
import { Network } from "../network/network";

/**
 * The NGINX (F5) Ingress Controller chart; kubernetes/ingress-nginx was retired in March 2026.
 * Version 2.7.2 (controller 5.6.2) is the newest `charts/nginx-ingress/Chart.yaml` found in
 * github.com/nginx/kubernetes-ingress; the chart is published to https://helm.nginx.com/stable and
 * oci://ghcr.io/nginx/charts.
 */
export const NGINX_INGRESS_CHART = {
  repository: "https://helm.nginx.com/stable",
  chart: "nginx-ingress",
  version: "2.7.2",
} as const;

/** The namespace the release creates and runs the controller in. */
export const NGINX_INGRESS_NAMESPACE = "nginx-ingress";

/** The ingress class the controller serves. */
export const NGINX_INGRESS_CLASS = "nginx";

/** The controller's Service, fixed with `serviceNameOverride` so the origin record can read it. */
export const NGINX_INGRESS_SERVICE_NAME = "nginx-ingress-controller";

/** The managed prefix list of CloudFront's origin-facing addresses. */
export const CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST = "com.amazonaws.global.cloudfront.origin-facing";

/** Requests of one controller pod. */
export interface ContainerResourceRequests {
  /** CPU, e.g. `250m`. */
  readonly cpu: string;
  /** Memory, e.g. `256Mi`. */
  readonly memory: string;
}

/** Props of a {@link NginxIngressController}. */
export interface NginxIngressControllerProps {
  /** The VPC of the cluster: the load balancer's security group lives in it, and its block is the only trusted proxy. */
  readonly network: Pick<Network, "vpcId" | "vpcCidrBlock">;
  /** The regional ACM certificate the load balancer serves on 443 (for the origin host). */
  readonly certificate: { readonly certificateArn: string };
  /** Prefix of the security group's name, e.g. `openedx-production`: the group is `<prefix>-ingress-nlb`. */
  readonly namePrefix: string;
  /**
   * Controller replicas; with 2 or more a PodDisruptionBudget keeps one available. Production should run at least 2.
   * @default 2
   */
  readonly replicaCount?: number;
  /**
   * Largest request body NGINX accepts (NGINX size syntax); Studio uploads course exports and videos.
   * @default "100m"
   */
  readonly clientMaxBodySize?: string;
  /**
   * Requests of each controller pod.
   * @default { cpu: "250m", memory: "256Mi" }
   */
  readonly resources?: ContainerResourceRequests;
  /**
   * A TLS Secret (`<namespace>/<name>`) for NGINX's default HTTPS server. Without one NGINX rejects
   * TLS handshakes that name no known host (no SNI), so set it if the load balancer's TLS
   * connections to the pods turn out not to carry SNI.
   * @default - none: handshakes without a known server name are rejected
   */
  readonly defaultServerTlsSecret?: string;
}

/** The values of the chart we set, serialized into the release. */
export interface NginxIngressValues {
  readonly serviceNameOverride: string;
  readonly controller: {
    readonly replicaCount: number;
    readonly ingressClass: { readonly name: string; readonly create: boolean; readonly setAsDefaultIngress: boolean };
    readonly enableSnippets: boolean;
    readonly config: { readonly entries: Readonly<Record<string, string>> };
    readonly defaultTLS?: { readonly secret: string };
    readonly resources: { readonly requests: ContainerResourceRequests };
    readonly topologySpreadConstraints: readonly {
      readonly maxSkew: number;
      readonly topologyKey: string;
      readonly whenUnsatisfiable: string;
      readonly labelSelector: { readonly matchLabels: Readonly<Record<string, string>> };
    }[];
    readonly podDisruptionBudget: { readonly enabled: boolean; readonly minAvailable?: number };
    readonly service: {
      readonly type: "LoadBalancer";
      readonly loadBalancerClass: string;
      readonly externalTrafficPolicy: string;
      readonly annotations: Readonly<Record<string, string>>;
      readonly httpPort: { readonly enable: boolean };
      readonly httpsPort: { readonly enable: boolean; readonly port: number; readonly targetPort: number };
    };
  };
}

/**
 * The NGINX Ingress Controller (F5 NGINX's `nginx-ingress` chart) behind an internet-facing network
 * load balancer that EKS Auto Mode creates for its Service.
 *
 * Traffic flow: CloudFront → `origin.<domain>` → NLB TLS listener on 443 (ACM certificate) → TLS
 * again to the pods' port 443, where NGINX serves the cert-manager certificates of the Open edX
 * hosts. Re-encrypting keeps the hop inside the VPC encrypted and makes `$scheme` https, so the
 * `X-Forwarded-Proto` Caddy and Django see is right. The NLB sends the PROXY protocol header, and
 * NGINX takes the client address from it only when the connection comes from the VPC block. Port 80
 * is not exposed at all.
 *
 * The load balancer's security group admits 443 only from CloudFront's origin-facing prefix list
 * (which counts as about 55 rules against the group's quota), so the origin cannot be reached
 * around CloudFront and its WAF; the ingress additionally checks the origin-verification header.
 *
 * Construct ids are API: `Resource` (the Helm release), `LoadBalancerSecurityGroup`,
 * `FromCloudFront`, `ToPods`, `CloudFrontOriginFacing` (the prefix-list data source).
 *
 * @resource helm_release
 */
export class NginxIngressController extends Construct {
  /** The Helm release; Kubernetes objects that need the controller or its CRDs depend on it. */
  readonly release: Release;
  /** Namespace of the controller and its Service. @attribute */
  readonly namespace: string;
  /** Name of the LoadBalancer Service whose hostname is the NLB's DNS name. @attribute */
  readonly serviceName: string;
  /** The ingress class to put on Ingress objects. @attribute */
  readonly ingressClassName: string;
  /** The security group attached to the load balancer. @attribute */
  readonly securityGroupId: string;
  /** The largest request body accepted. @attribute */
  readonly clientMaxBodySize: string;
  /** The chart values set on the release. */
  readonly values: NginxIngressValues;

  constructor(scope: Construct, id: string, props: NginxIngressControllerProps) {
    super(scope, id);
    validateProps(this, props);
    const replicaCount = props.replicaCount ?? 2;
    const clientMaxBodySize = props.clientMaxBodySize ?? "100m";

    const cloudFront = new DataAwsEc2ManagedPrefixList(this, "CloudFrontOriginFacing", { name: CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST });
    const groupName = `${props.namePrefix}-ingress-nlb`;
    const group = new SecurityGroup(this, "LoadBalancerSecurityGroup", {
      name: groupName,
      description: "Ingress NLB: HTTPS from CloudFront origin-facing addresses only",
      vpcId: props.network.vpcId,
      tags: { Name: groupName },
    });
    new VpcSecurityGroupIngressRule(this, "FromCloudFront", {
      securityGroupId: group.id,
      description: "HTTPS from CloudFront origin-facing addresses",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      prefixListId: cloudFront.id,
    });
    // The NLB forwards (and health-checks) to pod IPs inside the VPC, nowhere else.
    new VpcSecurityGroupEgressRule(this, "ToPods", {
      securityGroupId: group.id,
      description: "HTTPS to the ingress controller pods",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: props.network.vpcCidrBlock,
    });

    const selectorLabels = { "app.kubernetes.io/name": NGINX_INGRESS_CHART.chart, "app.kubernetes.io/instance": "nginx-ingress" };
    this.values = {
      serviceNameOverride: NGINX_INGRESS_SERVICE_NAME,
      controller: {
        replicaCount,
        ingressClass: { name: NGINX_INGRESS_CLASS, create: true, setAsDefaultIngress: false },
        // The Open edX ingresses reject requests without the origin-verification header with a server snippet.
        enableSnippets: true,
        config: {
          entries: {
            "proxy-protocol": "True",
            "real-ip-header": "proxy_protocol",
            "set-real-ip-from": props.network.vpcCidrBlock,
            "client-max-body-size": clientMaxBodySize,
          },
        },
        ...(props.defaultServerTlsSecret ? { defaultTLS: { secret: props.defaultServerTlsSecret } } : {}),
        resources: { requests: props.resources ?? { cpu: "250m", memory: "256Mi" } },
        topologySpreadConstraints: [
          { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: selectorLabels } },
        ],
        podDisruptionBudget: replicaCount >= 2 ? { enabled: true, minAvailable: 1 } : { enabled: false },
        service: {
          type: "LoadBalancer",
          loadBalancerClass: "eks.amazonaws.com/nlb",
          externalTrafficPolicy: "Local",
          annotations: {
            "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing",
            "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
            "service.beta.kubernetes.io/aws-load-balancer-ssl-cert": props.certificate.certificateArn,
            "service.beta.kubernetes.io/aws-load-balancer-ssl-ports": "443",
            "service.beta.kubernetes.io/aws-load-balancer-backend-protocol": "ssl",
            "service.beta.kubernetes.io/aws-load-balancer-security-groups": group.id,
            "service.beta.kubernetes.io/aws-load-balancer-manage-backend-security-group-rules": "true",
            "service.beta.kubernetes.io/aws-load-balancer-proxy-protocol": "*",
          },
          httpPort: { enable: false },
          httpsPort: { enable: true, port: 443, targetPort: 443 },
        },
      },
    };

    this.release = new Release(this, "Resource", {
      name: "nginx-ingress",
      repository: NGINX_INGRESS_CHART.repository,
      chart: NGINX_INGRESS_CHART.chart,
      version: NGINX_INGRESS_CHART.version,
      namespace: NGINX_INGRESS_NAMESPACE,
      createNamespace: true,
      atomic: true,
      values: [JSON.stringify(this.values)],
    });
    this.namespace = NGINX_INGRESS_NAMESPACE;
    this.serviceName = NGINX_INGRESS_SERVICE_NAME;
    this.ingressClassName = NGINX_INGRESS_CLASS;
    this.securityGroupId = group.id;
    this.clientMaxBodySize = clientMaxBodySize;
  }
}

const BODY_SIZE = /^\d+[kKmMgG]?$/;
const CPU = /^(\d+m|\d+(\.\d+)?)$/;
const MEMORY = /^\d+(Ki|Mi|Gi)?$/;
const SECRET_REF = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?\/[a-z0-9]([-.a-z0-9]*[a-z0-9])?$/;
const NAME_PREFIX = /^[A-Za-z0-9][A-Za-z0-9-]{0,200}$/;

function validateProps(scope: Construct, props: NginxIngressControllerProps): void {
  const problems: string[] = [];
  if (!Token.isUnresolved(props.namePrefix) && !NAME_PREFIX.test(props.namePrefix)) {
    problems.push(`namePrefix must be letters, digits or hyphens, starting with a letter or digit, got "${props.namePrefix}"`);
  }
  const replicas = props.replicaCount;
  if (replicas !== undefined && !Token.isUnresolved(replicas) && (!Number.isInteger(replicas) || replicas < 1)) {
    problems.push(`replicaCount must be a whole number of at least 1 (2 or more in production), got ${replicas}`);
  }
  const size = props.clientMaxBodySize;
  if (size !== undefined && !BODY_SIZE.test(size)) {
    problems.push(`clientMaxBodySize must be an NGINX size such as "100m" (digits, then optionally k, m or g), got "${size}"`);
  }
  if (props.resources && (!CPU.test(props.resources.cpu) || !MEMORY.test(props.resources.memory))) {
    problems.push(`resources must be Kubernetes quantities such as { cpu: "250m", memory: "256Mi" }, got ${JSON.stringify(props.resources)}`);
  }
  const secret = props.defaultServerTlsSecret;
  if (secret !== undefined && !SECRET_REF.test(secret)) {
    problems.push(`defaultServerTlsSecret must be "<namespace>/<secret name>", got "${secret}"`);
  }
  const arn = props.certificate.certificateArn;
  if (!Token.isUnresolved(arn) && !/^arn:aws:acm:[a-z0-9-]+:\d{12}:certificate\/[\w-]+$/.test(arn)) {
    problems.push(`certificate.certificateArn must be an ACM certificate ARN "arn:aws:acm:<region>:<account>:certificate/<id>", got "${arn}"`);
  }
  if (problems.length > 0) {
    throw new ValidationError(problems.join("; "), scope);
  }
}

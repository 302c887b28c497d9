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
  /** F5 NGINX's stable Helm repository. */
  repository: "https://helm.nginx.com/stable",
  /** Chart name in that repository; also the pods' `app.kubernetes.io/name` label. */
  chart: "nginx-ingress",
  /** Exact chart version (not the controller's), so an apply never picks up a new release unreviewed. */
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
  readonly certificate: {
    /**
     * ARN of the certificate, `arn:aws:acm:<region>:<account>:certificate/<id>`. It must cover the
     * origin host and be in the cluster's region: a load balancer only uses certificates of its own
     * region, unlike CloudFront, whose certificates live in us-east-1.
     */
    readonly certificateArn: string;
  };
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

/**
 * The values of the `nginx-ingress` chart we set, serialized into the release and exposed as
 * {@link NginxIngressController.values}. Keys follow the chart's `values.yaml`; anything not listed
 * keeps the chart's default.
 */
export interface NginxIngressValues {
  /** {@link NGINX_INGRESS_SERVICE_NAME}: a fixed Service name, so {@link OriginRecord} can read the NLB's hostname from it. */
  readonly serviceNameOverride: string;
  /** Chart key `controller`: the controller Deployment, its IngressClass and its Service. */
  readonly controller: {
    /** Controller pods, from {@link NginxIngressControllerProps.replicaCount}. */
    readonly replicaCount: number;
    /** The IngressClass the controller serves. */
    readonly ingressClass: {
      /** {@link NGINX_INGRESS_CLASS}, the `ingressClassName` the Open edX ingresses name. */
      readonly name: string;
      /** `true`: the chart creates the IngressClass object. */
      readonly create: boolean;
      /** `false`: Ingresses that name no class are not picked up, so only those meant for this controller are exposed. */
      readonly setAsDefaultIngress: boolean;
    };
    /**
     * `true`: the Open edX ingresses reject requests without the origin-verification header with a
     * server snippet. Snippets let whoever can write an Ingress inject NGINX configuration, so keep
     * Ingress write access to the platform's own stacks.
     */
    readonly enableSnippets: boolean;
    /** The controller's global NGINX configuration (its ConfigMap). */
    readonly config: {
      /**
       * NGINX ConfigMap keys: `proxy-protocol` and `real-ip-header: proxy_protocol` take the client
       * address from the NLB's PROXY protocol header, `set-real-ip-from` (the VPC block) trusts that
       * header only from inside the VPC, and `client-max-body-size` is
       * {@link NginxIngressControllerProps.clientMaxBodySize}.
       */
      readonly entries: Readonly<Record<string, string>>;
    };
    /** NGINX's default HTTPS server certificate; present only when {@link NginxIngressControllerProps.defaultServerTlsSecret} is set. */
    readonly defaultTLS?: {
      /** The TLS Secret as `<namespace>/<name>`. */
      readonly secret: string;
    };
    /** The controller container's resources; it sets no limit. */
    readonly resources: {
      /** What the scheduler reserves per pod, from {@link NginxIngressControllerProps.resources}. */
      readonly requests: ContainerResourceRequests;
    };
    /** One constraint that spreads the controller pods over availability zones, so losing a zone leaves a replica serving. */
    readonly topologySpreadConstraints: readonly {
      /** 1: zones differ by at most one controller pod. */
      readonly maxSkew: number;
      /** `topology.kubernetes.io/zone`: spread by zone, not by node. */
      readonly topologyKey: string;
      /** `ScheduleAnyway`: a preference, so a pod still starts when only one zone has room. */
      readonly whenUnsatisfiable: string;
      /** Selects the controller's own pods, by the chart's labels. */
      readonly labelSelector: {
        /** `app.kubernetes.io/name: nginx-ingress` and `app.kubernetes.io/instance: nginx-ingress`. */
        readonly matchLabels: Readonly<Record<string, string>>;
      };
    }[];
    /** The controller's PodDisruptionBudget, so node drains (Auto Mode replaces nodes regularly) never take every replica at once. */
    readonly podDisruptionBudget: {
      /** On only with 2 or more replicas: a budget over a single replica would block every drain. */
      readonly enabled: boolean;
      /** Replicas that must stay up during a drain: 1; absent when the budget is off. */
      readonly minAvailable?: number;
    };
    /** The controller's Service, from which EKS Auto Mode creates the network load balancer. */
    readonly service: {
      /** `LoadBalancer`: the Service gets an external load balancer. */
      readonly type: "LoadBalancer";
      /** `eks.amazonaws.com/nlb`: Auto Mode's built-in load balancing creates an NLB, with no AWS Load Balancer Controller to install. */
      readonly loadBalancerClass: string;
      /** `Local`: a node never forwards the traffic on to another node's pod, so no extra hop or source NAT sits between the NLB and NGINX. */
      readonly externalTrafficPolicy: string;
      /**
       * `service.beta.kubernetes.io/aws-load-balancer-*` annotations Auto Mode reads: internet-facing,
       * IP targets, TLS on 443 with the ACM certificate, TLS again to the pods, the CloudFront-only
       * security group (with the backend rules to the pods managed for it) and the PROXY protocol.
       */
      readonly annotations: Readonly<Record<string, string>>;
      /** The HTTP port. */
      readonly httpPort: {
        /** `false`: port 80 is not exposed at all; CloudFront reaches the origin over HTTPS only. */
        readonly enable: boolean;
      };
      /** The HTTPS port, the only way in. */
      readonly httpsPort: {
        /** `true`. */
        readonly enable: boolean;
        /** 443, the NLB's TLS listener. */
        readonly port: number;
        /** 443 on the pods, where NGINX terminates TLS again with the cert-manager certificates. */
        readonly targetPort: number;
      };
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

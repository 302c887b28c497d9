import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import { NetworkPolicyV1, NetworkPolicyV1Spec, NetworkPolicyV1SpecEgressPorts } from "@cdktf/provider-kubernetes/lib/network-policy-v1";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { ValidationError } from "../config/validation-error";
import { parseIpv4Cidr } from "../network/cidr";
import { OpenedxNamespace } from "./openedx-namespace";

/**
 * The ConfigMap that turns on the network policy controller of an EKS Auto Mode cluster. Until it
 * exists, NetworkPolicies are accepted by the API server but not enforced.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/auto-net-pol.html
 */
export const AUTO_MODE_NETWORK_POLICY_CONTROLLER_CONFIG_MAP = {
  /** `amazon-vpc-cni`: the name EKS Auto Mode looks for; it is fixed by EKS, not chosen here. */
  name: "amazon-vpc-cni",
  /** `kube-system`, where Auto Mode looks for it. */
  namespace: "kube-system",
  /** The ConfigMap's data. */
  data: {
    /** `"true"` (a string, as ConfigMap values are) turns the controller on for the whole cluster. */
    "enable-network-policy-controller": "true",
  },
} as const;

/**
 * The NodeClass `spec` fields Auto Mode nodes need to enforce NetworkPolicies. `DefaultAllow`
 * leaves pods no policy selects unaffected (other namespaces); the Open edX namespace denies by
 * policy itself. The event logs record denied flows, which is how a missing allow rule shows up.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/create-node-class.html
 */
export const AUTO_MODE_NODE_CLASS_NETWORK_POLICY_SPEC = {
  /** `DefaultAllow`: pods no policy selects keep all traffic (`DefaultDeny` would cut off every other namespace). */
  networkPolicy: "DefaultAllow",
  /** `Enabled`: the nodes log the flows policies deny, which is where a missing allow rule shows up. */
  networkPolicyEventLogs: "Enabled",
} as const;

/** The link-local address of the EKS Pod Identity Agent, where pods fetch their role's credentials. */
export const POD_IDENTITY_AGENT_CIDR = "169.254.170.23/32";

/** Props of {@link OpenedxNetworkPolicies}. */
export interface OpenedxNetworkPoliciesProps {
  /** The namespace Open edX runs in. */
  readonly namespace: Pick<OpenedxNamespace, "namespaceName">;
  /** IPv4 blocks of the subnets the data services (RDS, DocumentDB, ElastiCache, OpenSearch) live in, e.g. `network.isolatedSubnetCidrBlocks`. */
  readonly dataSubnetCidrBlocks: readonly string[];
  /**
   * TCP ports of the data services: MySQL, MongoDB/DocumentDB, Redis and HTTPS (OpenSearch).
   * @default [3306, 27017, 6379, 443]
   */
  readonly dataPorts?: readonly number[];
  /**
   * Namespace of the ingress controller, the only one allowed to reach Tutor's `caddy` pods.
   * @default "nginx-ingress"
   */
  readonly ingressNamespace?: string;
  /**
   * TCP ports Open edX may reach anywhere: HTTPS for the AWS APIs and S3, and SMTP submission
   * for SES.
   * @default [443, 587]
   */
  readonly internetEgressPorts?: readonly number[];
  /**
   * Extra IPv4 blocks where pods may resolve names on port 53, besides the `kube-system`
   * namespace. EKS Auto Mode answers DNS on each node rather than in CoreDNS pods, so pass the
   * node subnets (or the service CIDR of the `kube-dns` Service) there.
   * @default - none: DNS only to pods of `kube-system`
   */
  readonly dnsCidrBlocks?: readonly string[];
  /**
   * Create the `amazon-vpc-cni` ConfigMap in `kube-system` that turns on Auto Mode's network policy
   * controller ({@link AUTO_MODE_NETWORK_POLICY_CONTROLLER_CONFIG_MAP}). It is cluster-wide, so
   * leave it off when another stack owns it; the nodes also need a NodeClass with
   * {@link AUTO_MODE_NODE_CLASS_NETWORK_POLICY_SPEC}.
   * @default false
   */
  readonly enableNetworkPolicyController?: boolean;
}

/**
 * Zero-trust NetworkPolicies for the Open edX namespace: everything is denied, then exactly what
 * Tutor's pods need is allowed.
 *
 * - `default-deny-all`: no ingress, no egress for any pod of the namespace.
 * - `allow-dns-egress`: port 53 (UDP and TCP) to `kube-system`, plus `dnsCidrBlocks`.
 * - `allow-ingress-to-caddy`: the ingress controller's namespace to the `caddy` pods on port 80,
 *   the single entry point (Tutor runs with `ENABLE_WEB_PROXY=false`).
 * - `allow-intra-namespace`: any pod to any pod of the namespace (caddy → lms/cms/mfe/meilisearch,
 *   jobs and workers → lms/cms/meilisearch), both directions.
 * - `allow-data-services-egress`: TCP on `dataPorts` to `dataSubnetCidrBlocks`.
 * - `allow-internet-egress`: TCP on `internetEgressPorts` to anywhere.
 * - `allow-pod-identity-agent-egress`: TCP 80 to the Pod Identity Agent, without which the S3 role
 *   of the pods gets no credentials.
 *
 * Enforcement: EKS Auto Mode only enforces NetworkPolicies once its network policy controller is
 * on (`enableNetworkPolicyController`, or the ConfigMap made elsewhere) **and** the nodes run
 * with a NodeClass that sets `networkPolicy` ({@link AUTO_MODE_NODE_CLASS_NETWORK_POLICY_SPEC}).
 * Without both these objects exist but nothing is filtered.
 *
 * Construct ids are API: `DefaultDeny`, `DnsEgress`, `IngressToCaddy`, `IntraNamespace`,
 * `DataServicesEgress`, `InternetEgress`, `PodIdentityAgentEgress`, and `NetworkPolicyController`
 * (the optional ConfigMap).
 *
 * @resource kubernetes_network_policy_v1
 * @see https://docs.aws.amazon.com/eks/latest/userguide/auto-net-pol.html
 */
export class OpenedxNetworkPolicies extends Construct {
  /** The policies, by construct id. */
  readonly policies: Readonly<Record<string, NetworkPolicyV1>>;
  /** The controller ConfigMap, when `enableNetworkPolicyController` is set. */
  readonly networkPolicyController?: ConfigMapV1;

  constructor(scope: Construct, id: string, props: OpenedxNetworkPoliciesProps) {
    super(scope, id);
    const dataPorts = props.dataPorts ?? [3306, 27017, 6379, 443];
    const internetEgressPorts = props.internetEgressPorts ?? [443, 587];
    const ingressNamespace = props.ingressNamespace ?? "nginx-ingress";
    const dnsCidrBlocks = props.dnsCidrBlocks ?? [];
    validateProps(this, props, dataPorts, internetEgressPorts, ingressNamespace, dnsCidrBlocks);

    const namespace = props.namespace.namespaceName;
    // An empty selector selects every pod of the namespace.
    const allPods = {};
    // Peers select the namespace by its name label rather than with an empty pod selector, which
    // the provider could drop from a `from`/`to` entry, leaving a peer-less rule that matches everyone.
    const sameNamespace = { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": namespace } } };
    const tcp = (ports: readonly number[]): NetworkPolicyV1SpecEgressPorts[] => ports.map((port) => ({ port: String(port), protocol: "TCP" }));
    const policy = (policyId: string, name: string, spec: NetworkPolicyV1Spec): NetworkPolicyV1 =>
      new NetworkPolicyV1(this, policyId, { metadata: { name, namespace }, spec });

    const policies: Record<string, NetworkPolicyV1> = {};
    policies.DefaultDeny = policy("DefaultDeny", "default-deny-all", {
      podSelector: allPods,
      policyTypes: ["Ingress", "Egress"],
    });
    policies.DnsEgress = policy("DnsEgress", "allow-dns-egress", {
      podSelector: allPods,
      policyTypes: ["Egress"],
      egress: [
        {
          to: [
            { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } } },
            ...dnsCidrBlocks.map((cidr) => ({ ipBlock: { cidr } })),
          ],
          ports: [
            { port: "53", protocol: "UDP" },
            { port: "53", protocol: "TCP" },
          ],
        },
      ],
    });
    policies.IngressToCaddy = policy("IngressToCaddy", "allow-ingress-to-caddy", {
      podSelector: { matchLabels: { "app.kubernetes.io/name": "caddy" } },
      policyTypes: ["Ingress"],
      ingress: [
        {
          from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": ingressNamespace } } }],
          ports: [{ port: "80", protocol: "TCP" }],
        },
      ],
    });
    policies.IntraNamespace = policy("IntraNamespace", "allow-intra-namespace", {
      podSelector: allPods,
      policyTypes: ["Ingress", "Egress"],
      ingress: [{ from: [sameNamespace] }],
      egress: [{ to: [sameNamespace] }],
    });
    policies.DataServicesEgress = policy("DataServicesEgress", "allow-data-services-egress", {
      podSelector: allPods,
      policyTypes: ["Egress"],
      egress: [{ to: props.dataSubnetCidrBlocks.map((cidr) => ({ ipBlock: { cidr } })), ports: tcp(dataPorts) }],
    });
    policies.InternetEgress = policy("InternetEgress", "allow-internet-egress", {
      podSelector: allPods,
      policyTypes: ["Egress"],
      egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: tcp(internetEgressPorts) }],
    });
    policies.PodIdentityAgentEgress = policy("PodIdentityAgentEgress", "allow-pod-identity-agent-egress", {
      podSelector: allPods,
      policyTypes: ["Egress"],
      egress: [{ to: [{ ipBlock: { cidr: POD_IDENTITY_AGENT_CIDR } }], ports: tcp([80]) }],
    });
    this.policies = policies;

    if (props.enableNetworkPolicyController ?? false) {
      this.networkPolicyController = new ConfigMapV1(this, "NetworkPolicyController", {
        metadata: { name: AUTO_MODE_NETWORK_POLICY_CONTROLLER_CONFIG_MAP.name, namespace: AUTO_MODE_NETWORK_POLICY_CONTROLLER_CONFIG_MAP.namespace },
        data: { ...AUTO_MODE_NETWORK_POLICY_CONTROLLER_CONFIG_MAP.data },
      });
    }
  }
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Checks every prop and reports all problems in one error. */
function validateProps(
  scope: Construct,
  props: OpenedxNetworkPoliciesProps,
  dataPorts: readonly number[],
  internetEgressPorts: readonly number[],
  ingressNamespace: string,
  dnsCidrBlocks: readonly string[],
): void {
  const problems: string[] = [];
  const cidrs = (prop: string, blocks: readonly string[]): void => {
    if (Token.isUnresolved(blocks)) return;
    if (blocks.length === 0) {
      problems.push(`${prop} must hold at least one IPv4 CIDR block`);
    }
    for (const block of blocks) {
      if (!Token.isUnresolved(block) && !parseIpv4Cidr(block)) {
        problems.push(`${prop} must hold IPv4 CIDR blocks such as "10.40.64.0/22" (no host bits set), got "${block}"`);
      }
    }
  };
  const ports = (prop: string, values: readonly number[]): void => {
    if (values.length === 0) {
      problems.push(`${prop} must list at least one port`);
    }
    for (const port of values) {
      if (!Token.isUnresolved(port) && (!Number.isInteger(port) || port < 1 || port > 65535)) {
        problems.push(`${prop} must hold TCP ports from 1 to 65535, got ${port}`);
      }
    }
    if (new Set(values).size !== values.length) {
      problems.push(`${prop} must not repeat a port, got ${JSON.stringify(values)}`);
    }
  };

  cidrs("dataSubnetCidrBlocks", props.dataSubnetCidrBlocks);
  if (dnsCidrBlocks.length > 0) cidrs("dnsCidrBlocks", dnsCidrBlocks);
  ports("dataPorts", dataPorts);
  ports("internetEgressPorts", internetEgressPorts);
  if (!Token.isUnresolved(ingressNamespace) && !DNS_LABEL.test(ingressNamespace)) {
    problems.push(`ingressNamespace must be a namespace name: 1-63 lowercase letters, digits or "-", starting and ending with a letter or digit, got "${ingressNamespace}"`);
  }
  if (problems.length > 0) {
    throw new ValidationError(problems.join("; "), scope);
  }
}

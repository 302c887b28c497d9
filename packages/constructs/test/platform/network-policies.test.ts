import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import {
  AUTO_MODE_NETWORK_POLICY_CONTROLLER_CONFIG_MAP,
  AUTO_MODE_NODE_CLASS_NETWORK_POLICY_SPEC,
  OpenedxNetworkPolicies,
  OpenedxNetworkPoliciesProps,
  POD_IDENTITY_AGENT_CIDR,
} from "../../src/platform/network-policies";
import { OpenedxNamespace } from "../../src/platform/openedx-namespace";
import { SynthesizedStack } from "../synth";

const DATA_SUBNETS = ["10.40.192.0/22", "10.40.196.0/22", "10.40.200.0/22"];

function kubernetesStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "platform");
  new KubernetesProvider(stack, "kubernetes", { host: "https://example.invalid", token: "dummy" });
  new HelmProvider(stack, "helm", { kubernetes: { host: "https://example.invalid", token: "dummy" } });
  return stack;
}

function synth(props: Partial<OpenedxNetworkPoliciesProps> = {}): { out: SynthesizedStack; namespace: string; policies: OpenedxNetworkPolicies } {
  const stack = kubernetesStack();
  const namespace = new OpenedxNamespace(stack, "Namespace", { kubernetesVersion: "1.33" });
  const policies = new OpenedxNetworkPolicies(stack, "NetworkPolicies", { namespace, dataSubnetCidrBlocks: DATA_SUBNETS, ...props });
  const out = new SynthesizedStack(stack);
  return { out, namespace: out.ref("kubernetes_namespace_v1", "/Namespace/Resource", "metadata[0].name"), policies };
}

const invalid = (props: Partial<OpenedxNetworkPoliciesProps>) => () =>
  new OpenedxNetworkPolicies(kubernetesStack(), "NetworkPolicies", { namespace: { namespaceName: "openedx" }, dataSubnetCidrBlocks: DATA_SUBNETS, ...props });

const policy = (out: SynthesizedStack, id: string) => out.byPath("kubernetes_network_policy_v1", `/NetworkPolicies/${id}`);

describe("OpenedxNetworkPolicies", () => {
  it("creates exactly seven policies in the namespace and no controller ConfigMap by default", () => {
    const { out, namespace, policies } = synth();
    const all = out.resources("kubernetes_network_policy_v1");
    expect(all).toHaveLength(7);
    expect(all.map(([, config]) => (config.metadata as { name: string }).name).sort()).toEqual([
      "allow-data-services-egress",
      "allow-dns-egress",
      "allow-ingress-to-caddy",
      "allow-internet-egress",
      "allow-intra-namespace",
      "allow-pod-identity-agent-egress",
      "default-deny-all",
    ]);
    for (const [, config] of all) {
      expect((config.metadata as { namespace: string }).namespace).toBe(namespace);
    }
    expect(out.resources("kubernetes_config_map_v1")).toHaveLength(0);
    expect(policies.networkPolicyController).toBeUndefined();
    expect(Object.keys(policies.policies)).toEqual([
      "DefaultDeny", "DnsEgress", "IngressToCaddy", "IntraNamespace", "DataServicesEgress", "InternetEgress", "PodIdentityAgentEgress",
    ]);
  });

  it("denies all ingress and egress of every pod", () => {
    const { out } = synth();
    expect(policy(out, "DefaultDeny").spec).toEqual({ pod_selector: {}, policy_types: ["Ingress", "Egress"] });
  });

  it("allows DNS on 53 UDP and TCP to kube-system", () => {
    const { out } = synth();
    expect(policy(out, "DnsEgress").spec).toEqual({
      pod_selector: {},
      policy_types: ["Egress"],
      egress: [
        {
          to: [{ namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "kube-system" } } }],
          ports: [{ port: "53", protocol: "UDP" }, { port: "53", protocol: "TCP" }],
        },
      ],
    });
  });

  it("adds the DNS CIDR blocks as extra DNS destinations", () => {
    const { out } = synth({ dnsCidrBlocks: ["10.40.0.0/19", "172.20.0.10/32"] });
    const egress = (policy(out, "DnsEgress").spec as { egress: { to: unknown[] }[] }).egress;
    expect(egress[0].to).toEqual([
      { namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "kube-system" } } },
      { ip_block: { cidr: "10.40.0.0/19" } },
      { ip_block: { cidr: "172.20.0.10/32" } },
    ]);
  });

  it("lets only the ingress controller's namespace reach caddy, on port 80", () => {
    const { out } = synth();
    expect(policy(out, "IngressToCaddy").spec).toEqual({
      pod_selector: { match_labels: { "app.kubernetes.io/name": "caddy" } },
      policy_types: ["Ingress"],
      ingress: [
        {
          from: [{ namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "nginx-ingress" } } }],
          ports: [{ port: "80", protocol: "TCP" }],
        },
      ],
    });
    const other = synth({ ingressNamespace: "traefik" }).out;
    const ingress = (policy(other, "IngressToCaddy").spec as { ingress: { from: unknown[] }[] }).ingress;
    expect(ingress[0].from).toEqual([{ namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "traefik" } } }]);
  });

  it("allows traffic between the pods of the namespace, both ways", () => {
    const { out, namespace } = synth();
    const peer = { namespace_selector: { match_labels: { "kubernetes.io/metadata.name": namespace } } };
    expect(policy(out, "IntraNamespace").spec).toEqual({
      pod_selector: {},
      policy_types: ["Ingress", "Egress"],
      ingress: [{ from: [peer] }],
      egress: [{ to: [peer] }],
    });
  });

  it("allows the data service ports to the data subnets only", () => {
    const { out } = synth();
    expect(policy(out, "DataServicesEgress").spec).toEqual({
      pod_selector: {},
      policy_types: ["Egress"],
      egress: [
        {
          to: DATA_SUBNETS.map((cidr) => ({ ip_block: { cidr } })),
          ports: [3306, 27017, 6379, 443].map((port) => ({ port: String(port), protocol: "TCP" })),
        },
      ],
    });
    const custom = synth({ dataPorts: [3306, 6379] }).out;
    expect((policy(custom, "DataServicesEgress").spec as { egress: { ports: unknown[] }[] }).egress[0].ports).toEqual([
      { port: "3306", protocol: "TCP" },
      { port: "6379", protocol: "TCP" },
    ]);
  });

  it("allows HTTPS and SMTP submission to anywhere", () => {
    const { out } = synth();
    expect(policy(out, "InternetEgress").spec).toEqual({
      pod_selector: {},
      policy_types: ["Egress"],
      egress: [{ to: [{ ip_block: { cidr: "0.0.0.0/0" } }], ports: [{ port: "443", protocol: "TCP" }, { port: "587", protocol: "TCP" }] }],
    });
    const httpsOnly = synth({ internetEgressPorts: [443] }).out;
    expect((policy(httpsOnly, "InternetEgress").spec as { egress: { ports: unknown[] }[] }).egress[0].ports).toEqual([{ port: "443", protocol: "TCP" }]);
  });

  it("allows the Pod Identity Agent on port 80", () => {
    const { out } = synth();
    expect(POD_IDENTITY_AGENT_CIDR).toBe("169.254.170.23/32");
    expect(policy(out, "PodIdentityAgentEgress").spec).toEqual({
      pod_selector: {},
      policy_types: ["Egress"],
      egress: [{ to: [{ ip_block: { cidr: "169.254.170.23/32" } }], ports: [{ port: "80", protocol: "TCP" }] }],
    });
  });

  it("turns on Auto Mode's network policy controller when asked", () => {
    const { out, policies } = synth({ enableNetworkPolicyController: true });
    const configMap = out.byPath("kubernetes_config_map_v1", "/NetworkPolicies/NetworkPolicyController");
    expect(configMap.metadata).toEqual({ name: "amazon-vpc-cni", namespace: "kube-system" });
    expect(configMap.data).toEqual({ "enable-network-policy-controller": "true" });
    expect(policies.networkPolicyController).toBeDefined();
    expect(AUTO_MODE_NETWORK_POLICY_CONTROLLER_CONFIG_MAP).toEqual({ name: "amazon-vpc-cni", namespace: "kube-system", data: { "enable-network-policy-controller": "true" } });
    expect(AUTO_MODE_NODE_CLASS_NETWORK_POLICY_SPEC).toEqual({ networkPolicy: "DefaultAllow", networkPolicyEventLogs: "Enabled" });
  });

  it("fails on bad and missing CIDR blocks", () => {
    expect(invalid({ dataSubnetCidrBlocks: ["10.40.192.1/22", "not-a-cidr"], dnsCidrBlocks: ["10.0.0.0/33"] })).toThrow(
      'dataSubnetCidrBlocks must hold IPv4 CIDR blocks such as "10.40.64.0/22" (no host bits set), got "10.40.192.1/22"; ' +
        'dataSubnetCidrBlocks must hold IPv4 CIDR blocks such as "10.40.64.0/22" (no host bits set), got "not-a-cidr"; ' +
        'dnsCidrBlocks must hold IPv4 CIDR blocks such as "10.40.64.0/22" (no host bits set), got "10.0.0.0/33" (at platform/NetworkPolicies)',
    );
    expect(invalid({ dataSubnetCidrBlocks: [] })).toThrow("dataSubnetCidrBlocks must hold at least one IPv4 CIDR block (at platform/NetworkPolicies)");
  });

  it("fails on ports out of range, repeated or missing", () => {
    expect(invalid({ dataPorts: [0, 3306, 70000, 3306], internetEgressPorts: [443.5] })).toThrow(
      "dataPorts must hold TCP ports from 1 to 65535, got 0; dataPorts must hold TCP ports from 1 to 65535, got 70000; " +
        "dataPorts must not repeat a port, got [0,3306,70000,3306]; internetEgressPorts must hold TCP ports from 1 to 65535, got 443.5 (at platform/NetworkPolicies)",
    );
    expect(invalid({ internetEgressPorts: [] })).toThrow("internetEgressPorts must list at least one port (at platform/NetworkPolicies)");
  });

  it("fails on an ingress namespace that is not a namespace name", () => {
    expect(invalid({ ingressNamespace: "Ingress NGINX" })).toThrow(
      'ingressNamespace must be a namespace name: 1-63 lowercase letters, digits or "-", starting and ending with a letter or digit, got "Ingress NGINX" (at platform/NetworkPolicies)',
    );
  });
});

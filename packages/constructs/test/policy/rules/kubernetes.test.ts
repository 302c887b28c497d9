import { Release, ReleaseConfig } from "@cdktf/provider-helm/lib/release";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { HorizontalPodAutoscalerV2, HorizontalPodAutoscalerV2Config } from "@cdktf/provider-kubernetes/lib/horizontal-pod-autoscaler-v2";
import { Namespace } from "@cdktf/provider-kubernetes/lib/namespace";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { NetworkPolicyV1, NetworkPolicyV1Spec } from "@cdktf/provider-kubernetes/lib/network-policy-v1";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { Aspects, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { Construct } from "constructs";
import { describe, expect, it } from "vitest";
import { OPENEDX_KUBERNETES_PACK } from "../../../src/policy/packs/openedx-kubernetes-pack";
import { OPENEDX_KUBERNETES_PRODUCTION_PACK } from "../../../src/policy/packs/openedx-kubernetes-production-pack";
import { PolicyAspect } from "../../../src/policy/policy-aspect";
import { isPinnedChartVersion } from "../../../src/policy/rules/kubernetes";
import { synthFailure, violationLines } from "../fixtures";

/** A stack named "test" with kubernetes and helm providers, checked by the one rule `ruleId` of the Kubernetes packs. */
function kubernetesRuleStack(ruleId: string): TerraformStack {
  const pack = [OPENEDX_KUBERNETES_PACK, OPENEDX_KUBERNETES_PRODUCTION_PACK].find((candidate) => candidate.rules.some((rule) => rule.id === ruleId));
  if (!pack) {
    throw new Error(`unknown rule id ${ruleId}`);
  }
  const stack = new TerraformStack(Testing.app(), "test");
  new KubernetesProvider(stack, "kubernetes", { host: "https://kubernetes.example", token: "dummy" });
  new HelmProvider(stack, "helm", { kubernetes: { host: "https://kubernetes.example", token: "dummy" } });
  Aspects.of(stack).add(new PolicyAspect([{ name: pack.name, rules: pack.rules.filter((rule) => rule.id === ruleId) }]));
  return stack;
}

const passes = (stack: TerraformStack) => expect(() => Testing.synth(stack, true)).not.toThrow();

const DEFAULT_DENY: NetworkPolicyV1Spec = { podSelector: {}, policyTypes: ["Ingress", "Egress"] };

function namespace(stack: TerraformStack, id: string, labels?: Record<string, string>, name = id): NamespaceV1 {
  return new NamespaceV1(new Construct(stack, id), "Resource", { metadata: { name, ...(labels ? { labels } : {}) } });
}

function networkPolicy(stack: TerraformStack, id: string, namespaceName: string | undefined, spec: NetworkPolicyV1Spec = DEFAULT_DENY): NetworkPolicyV1 {
  return new NetworkPolicyV1(stack, id, { metadata: { name: "default-deny", ...(namespaceName !== undefined ? { namespace: namespaceName } : {}) }, spec });
}

describe("OpenedxKubernetes-NS1: namespaces enforce the baseline or restricted Pod Security Standard", () => {
  const RULE = "OpenedxKubernetes-NS1";

  it("fails without the enforce label", () => {
    const stack = kubernetesRuleStack(RULE);
    namespace(stack, "openedx", { team: "platform" });
    expect(violationLines(stack)).toEqual([
      expect.stringMatching(
        /^\[OpenedxKubernetes-NS1\] the namespace does not enforce the baseline or restricted Pod Security Standard at test\/openedx\/Resource \(kubernetes_namespace_v1\.openedx_[0-9A-F]{8}\): without enforcement /,
      ),
    ]);
  });

  it("fails without any label", () => {
    const stack = kubernetesRuleStack(RULE);
    namespace(stack, "openedx");
    expect(violationLines(stack)).toHaveLength(1);
  });

  it("fails when the namespace enforces privileged", () => {
    const stack = kubernetesRuleStack(RULE);
    namespace(stack, "openedx", { "pod-security.kubernetes.io/enforce": "privileged" });
    expect(synthFailure(stack)).toContain("[OpenedxKubernetes-NS1] the namespace does not enforce the baseline or restricted Pod Security Standard at test/openedx/Resource");
  });

  it("fails when only warn or audit is set", () => {
    const stack = kubernetesRuleStack(RULE);
    namespace(stack, "openedx", { "pod-security.kubernetes.io/warn": "restricted", "pod-security.kubernetes.io/audit": "restricted" });
    expect(violationLines(stack)).toHaveLength(1);
  });

  it("checks the deprecated kubernetes_namespace too", () => {
    const stack = kubernetesRuleStack(RULE);
    new Namespace(stack, "legacy", { metadata: { name: "legacy" } });
    expect(synthFailure(stack)).toMatch(/\[OpenedxKubernetes-NS1\] the namespace does not enforce .* at test\/legacy \(kubernetes_namespace\.legacy\)/);
  });

  it.each(["baseline", "restricted"])("passes when the namespace enforces %s", (level) => {
    const stack = kubernetesRuleStack(RULE);
    namespace(stack, "openedx", { "pod-security.kubernetes.io/enforce": level, "pod-security.kubernetes.io/enforce-version": "latest" });
    passes(stack);
  });

  it("does not apply to other resources", () => {
    const stack = kubernetesRuleStack(RULE);
    networkPolicy(stack, "policy", "openedx");
    passes(stack);
  });

  it("reports an unresolvable label as a violation", () => {
    const stack = kubernetesRuleStack(RULE);
    const level = new TerraformVariable(stack, "level", { type: "string" });
    namespace(stack, "openedx", { "pod-security.kubernetes.io/enforce": level.stringValue });
    expect(synthFailure(stack)).toContain(
      `[OpenedxKubernetes-NS1] rule threw: metadata.labels["pod-security.kubernetes.io/enforce"] is the Terraform expression "\${var.level}", known only at apply time; set a literal value, or suppress the rule with a reason if the expression is safe at test/openedx/Resource`,
    );
  });

  it("reports an unresolvable label map as a violation", () => {
    const stack = kubernetesRuleStack(RULE);
    const labels = new TerraformVariable(stack, "labels", { type: "map(string)" });
    new NamespaceV1(new Construct(stack, "openedx"), "Resource", { metadata: { name: "openedx", labels: labels.value as Record<string, string> } });
    expect(synthFailure(stack)).toContain(`[OpenedxKubernetes-NS1] rule threw: metadata.labels is the Terraform expression "\${var.labels}"`);
  });
});

describe("OpenedxKubernetes-NS2: namespaces hold a default-deny NetworkPolicy", () => {
  const RULE = "OpenedxKubernetes-NS2";

  it("fails once per namespace without a default-deny policy", () => {
    const stack = kubernetesRuleStack(RULE);
    namespace(stack, "openedx");
    namespace(stack, "monitoring");
    const lines = violationLines(stack);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^\[OpenedxKubernetes-NS2\] the namespace has no default-deny NetworkPolicy at test\/(openedx|monitoring)\/Resource \(kubernetes_namespace_v1\.\w+\): without one every pod accepts traffic/,
    );
    expect(lines.map((line) => /at test\/(\w+)\/Resource/.exec(line)?.[1]).sort()).toEqual(["monitoring", "openedx"]);
  });

  it("passes with a default-deny policy that references the namespace", () => {
    const stack = kubernetesRuleStack(RULE);
    const ns = namespace(stack, "openedx");
    networkPolicy(stack, "deny", ns.metadata.name);
    passes(stack);
  });

  it("passes with a default-deny policy that references the namespace id", () => {
    const stack = kubernetesRuleStack(RULE);
    const ns = namespace(stack, "openedx");
    networkPolicy(stack, "deny", ns.id);
    passes(stack);
  });

  it("passes with a default-deny policy that names the namespace literally", () => {
    const stack = kubernetesRuleStack(RULE);
    namespace(stack, "openedx");
    networkPolicy(stack, "deny", "openedx");
    passes(stack);
  });

  it("fails when the default-deny policy is in another namespace", () => {
    const stack = kubernetesRuleStack(RULE);
    namespace(stack, "openedx");
    const other = namespace(stack, "monitoring");
    networkPolicy(stack, "deny", other.metadata.name);
    expect(violationLines(stack)).toEqual([expect.stringMatching(/^\[OpenedxKubernetes-NS2\] the namespace has no default-deny NetworkPolicy at test\/openedx\/Resource /)]);
  });

  it("fails when the only policy has no namespace, which Kubernetes puts in default", () => {
    const stack = kubernetesRuleStack(RULE);
    namespace(stack, "openedx");
    networkPolicy(stack, "deny", undefined);
    expect(violationLines(stack)).toHaveLength(1);
  });

  it.each<[string, NetworkPolicyV1Spec]>([
    ["selects only some pods by label", { ...DEFAULT_DENY, podSelector: { matchLabels: { app: "lms" } } }],
    ["selects only some pods by expression", { ...DEFAULT_DENY, podSelector: { matchExpressions: [{ key: "app", operator: "Exists" }] } }],
    ["denies ingress only", { podSelector: {}, policyTypes: ["Ingress"] }],
    ["denies egress only", { podSelector: {}, policyTypes: ["Egress"] }],
    ["allows some ingress", { ...DEFAULT_DENY, ingress: [{ from: [{ podSelector: {} }] }] }],
    ["allows some egress", { ...DEFAULT_DENY, egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }] }],
  ])("fails when the policy %s", (_, spec) => {
    const stack = kubernetesRuleStack(RULE);
    const ns = namespace(stack, "openedx");
    networkPolicy(stack, "deny", ns.metadata.name, spec);
    expect(synthFailure(stack)).toContain("[OpenedxKubernetes-NS2] the namespace has no default-deny NetworkPolicy at test/openedx/Resource");
  });

  it("passes when another policy of the namespace is default-deny, beside allow policies", () => {
    const stack = kubernetesRuleStack(RULE);
    const ns = namespace(stack, "openedx");
    networkPolicy(stack, "allow", ns.metadata.name, { podSelector: { matchLabels: { app: "lms" } }, policyTypes: ["Ingress"], ingress: [{ from: [{ podSelector: {} }] }] });
    networkPolicy(stack, "deny", ns.metadata.name);
    passes(stack);
  });

  it("does not check namespaces a Helm release creates", () => {
    const stack = kubernetesRuleStack(RULE);
    new Release(stack, "release", { name: "ingress-nginx", chart: "ingress-nginx", namespace: "ingress-nginx", createNamespace: true });
    passes(stack);
  });

  it("reports a policy whose namespace is an unresolvable expression as a violation", () => {
    const stack = kubernetesRuleStack(RULE);
    namespace(stack, "openedx");
    const target = new TerraformVariable(stack, "target", { type: "string" });
    networkPolicy(stack, "deny", target.stringValue);
    expect(synthFailure(stack)).toContain(
      `[OpenedxKubernetes-NS2] rule threw: metadata.namespace of kubernetes_network_policy_v1.deny is the Terraform expression "\${var.target}", known only at apply time`,
    );
  });

  it("reports unresolvable policy types as a violation", () => {
    const stack = kubernetesRuleStack(RULE);
    const ns = namespace(stack, "openedx");
    const types = new TerraformVariable(stack, "types", { type: "list(string)" });
    networkPolicy(stack, "deny", ns.metadata.name, { podSelector: {}, policyTypes: types.listValue });
    expect(synthFailure(stack)).toContain(`[OpenedxKubernetes-NS2] rule threw: spec.policy_types of kubernetes_network_policy_v1.deny is the Terraform expression "\${var.types}"`);
  });

  it("passes despite an unresolvable policy when another policy decides", () => {
    const stack = kubernetesRuleStack(RULE);
    const ns = namespace(stack, "openedx");
    const target = new TerraformVariable(stack, "target", { type: "string" });
    networkPolicy(stack, "unknown", target.stringValue);
    networkPolicy(stack, "deny", ns.metadata.name);
    passes(stack);
  });
});

describe("OpenedxKubernetes-HELM1: Helm releases are pinned to an exact chart version from a named repository", () => {
  const RULE = "OpenedxKubernetes-HELM1";
  const PINNED: ReleaseConfig = { name: "ingress-nginx", chart: "ingress-nginx", repository: "https://kubernetes.github.io/ingress-nginx", version: "4.11.3" };

  function release(stack: TerraformStack, props: Partial<ReleaseConfig> = {}): Release {
    return new Release(new Construct(stack, "release"), "Resource", { ...PINNED, ...props });
  }

  it("passes with an exact version from an https repository", () => {
    const stack = kubernetesRuleStack(RULE);
    release(stack);
    passes(stack);
  });

  it("passes with an OCI repository", () => {
    const stack = kubernetesRuleStack(RULE);
    release(stack, { repository: "oci://public.ecr.aws/karpenter", chart: "karpenter", version: "1.0.6" });
    passes(stack);
  });

  it("fails with a finding for each of version and repository when both are unset", () => {
    const stack = kubernetesRuleStack(RULE);
    release(stack, { version: undefined, repository: undefined });
    const lines = violationLines(stack);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^\[OpenedxKubernetes-HELM1\[version\]\] the Helm release is not pinned to an exact chart version from a named repository at test\/release\/Resource \(helm_release\.release_[0-9A-F]{8}\): an unset or ranged version /,
    );
    expect(lines[1]).toMatch(/^\[OpenedxKubernetes-HELM1\[repository\]\] /);
  });

  it.each(["^4.11", "~4.11.0", ">=4.0.0", "*", "4.x", "4.11", "4.11.x", ">=4.0.0 <5.0.0", "4.10.0 - 4.11.3", "4.11.3 || 4.11.4", "latest", ""])(
    "fails with the version finding for the range %j",
    (version) => {
      const stack = kubernetesRuleStack(RULE);
      release(stack, { version });
      expect(violationLines(stack)).toEqual([expect.stringMatching(/^\[OpenedxKubernetes-HELM1\[version\]\] /)]);
    },
  );

  it.each(["http://charts.example.com", "charts/local", "  "])("fails with the repository finding for %j", (repository) => {
    const stack = kubernetesRuleStack(RULE);
    release(stack, { repository });
    expect(violationLines(stack)).toEqual([expect.stringMatching(/^\[OpenedxKubernetes-HELM1\[repository\]\] /)]);
  });

  it("reports an unresolvable version as a violation", () => {
    const stack = kubernetesRuleStack(RULE);
    const version = new TerraformVariable(stack, "chart_version", { type: "string" });
    release(stack, { version: version.stringValue });
    expect(synthFailure(stack)).toContain(
      `[OpenedxKubernetes-HELM1] rule threw: version is the Terraform expression "\${var.chart_version}", known only at apply time; set a literal value, or suppress the rule with a reason if the expression is safe at test/release/Resource`,
    );
  });

  it("reports an unresolvable repository as a violation", () => {
    const stack = kubernetesRuleStack(RULE);
    const repository = new TerraformVariable(stack, "repository", { type: "string" });
    release(stack, { repository: repository.stringValue });
    expect(synthFailure(stack)).toContain(`[OpenedxKubernetes-HELM1] rule threw: repository is the Terraform expression "\${var.repository}"`);
  });
});

describe("isPinnedChartVersion", () => {
  it.each(["4.11.3", "v1.16.1", "0.0.1", "1.2.3-rc.1", "1.2.3+build.5", "1.2.3-beta.2+exp.sha.5114f85"])("accepts %j", (version) => {
    expect(isPinnedChartVersion(version)).toBe(true);
  });

  it.each(["1", "1.2", "01.2.3", "1.2.3.4", "^1.2.3", "=1.2.3", "1.2.3 ", "1.2.*"])("rejects %j", (version) => {
    expect(isPinnedChartVersion(version)).toBe(false);
  });
});

describe("OpenedxKubernetesProduction-HPA1: production autoscalers keep at least 2 replicas", () => {
  const RULE = "OpenedxKubernetesProduction-HPA1";
  const SPEC: HorizontalPodAutoscalerV2Config["spec"] = { minReplicas: 2, maxReplicas: 6, scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "lms" } };

  function hpa(stack: TerraformStack, spec: Partial<HorizontalPodAutoscalerV2Config["spec"]> = {}): HorizontalPodAutoscalerV2 {
    return new HorizontalPodAutoscalerV2(new Construct(stack, "lms"), "Resource", { metadata: { name: "lms", namespace: "openedx" }, spec: { ...SPEC, ...spec } });
  }

  it("fails with min_replicas 1", () => {
    const stack = kubernetesRuleStack(RULE);
    hpa(stack, { minReplicas: 1 });
    expect(violationLines(stack)).toEqual([
      expect.stringMatching(
        /^\[OpenedxKubernetesProduction-HPA1\] the production HorizontalPodAutoscaler may scale its workload down to a single replica at test\/lms\/Resource \(kubernetes_horizontal_pod_autoscaler_v2\.lms_[0-9A-F]{8}\): with one replica/,
      ),
    ]);
  });

  it("fails with min_replicas unset, which Kubernetes reads as 1", () => {
    const stack = kubernetesRuleStack(RULE);
    hpa(stack, { minReplicas: undefined });
    expect(synthFailure(stack)).toContain("[OpenedxKubernetesProduction-HPA1] the production HorizontalPodAutoscaler may scale its workload down to a single replica at test/lms/Resource");
  });

  it.each([2, 3])("passes with min_replicas %d", (minReplicas) => {
    const stack = kubernetesRuleStack(RULE);
    hpa(stack, { minReplicas });
    passes(stack);
  });

  it("reports an unresolvable min_replicas as a violation", () => {
    const stack = kubernetesRuleStack(RULE);
    const replicas = new TerraformVariable(stack, "replicas", { type: "number" });
    hpa(stack, { minReplicas: replicas.numberValue });
    expect(synthFailure(stack)).toContain(`[OpenedxKubernetesProduction-HPA1] rule threw: spec.min_replicas is the Terraform expression "\${var.replicas}", known only at apply time`);
  });
});

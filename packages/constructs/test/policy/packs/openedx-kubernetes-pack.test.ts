import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { Release } from "@cdktf/provider-helm/lib/release";
import { HorizontalPodAutoscalerV2 } from "@cdktf/provider-kubernetes/lib/horizontal-pod-autoscaler-v2";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { NetworkPolicyV1 } from "@cdktf/provider-kubernetes/lib/network-policy-v1";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { Aspects, TerraformStack, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { OPENEDX_AWS_PACK } from "../../../src/policy/packs/openedx-aws-pack";
import { OPENEDX_AWS_PRODUCTION_PACK } from "../../../src/policy/packs/openedx-aws-production-pack";
import { OPENEDX_KUBERNETES_PACK } from "../../../src/policy/packs/openedx-kubernetes-pack";
import { OPENEDX_KUBERNETES_PRODUCTION_PACK } from "../../../src/policy/packs/openedx-kubernetes-production-pack";
import { PolicyAspect } from "../../../src/policy/policy-aspect";
import { PolicyPack } from "../../../src/policy/policy-pack";
import { isRuleId } from "../../../src/policy/rule-id";
import { suppressRules } from "../../../src/policy/suppressions";
import { annotations, violationLines } from "../fixtures";

/** A stack named "test" with kubernetes and helm providers, checked by `packs`. */
function kubernetesStack(packs: readonly PolicyPack[]): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "test");
  new KubernetesProvider(stack, "kubernetes", { host: "https://kubernetes.example", token: "dummy" });
  new HelmProvider(stack, "helm", { kubernetes: { host: "https://kubernetes.example", token: "dummy" } });
  Aspects.of(stack).add(new PolicyAspect(packs));
  return stack;
}

/** A namespace with restricted Pod Security, its default-deny policy, a pinned release and an HPA of 2 to 6. */
function compliantPlatform(stack: TerraformStack, minReplicas = 2): void {
  const ns = new NamespaceV1(stack, "openedx", { metadata: { name: "openedx", labels: { "pod-security.kubernetes.io/enforce": "restricted" } } });
  new NetworkPolicyV1(stack, "default-deny", { metadata: { name: "default-deny", namespace: ns.metadata.name }, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } });
  new Release(stack, "ingress-nginx", {
    name: "ingress-nginx",
    chart: "ingress-nginx",
    repository: "https://kubernetes.github.io/ingress-nginx",
    version: "4.11.3",
    namespace: "ingress-nginx",
    createNamespace: true,
  });
  new HorizontalPodAutoscalerV2(stack, "lms", {
    metadata: { name: "lms", namespace: ns.metadata.name },
    spec: { minReplicas, maxReplicas: 6, scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "lms" } },
  });
}

describe.each([
  { pack: OPENEDX_KUBERNETES_PACK, name: "OpenedxKubernetes", ids: ["OpenedxKubernetes-NS1 error", "OpenedxKubernetes-NS2 error", "OpenedxKubernetes-HELM1 error"] },
  { pack: OPENEDX_KUBERNETES_PRODUCTION_PACK, name: "OpenedxKubernetesProduction", ids: ["OpenedxKubernetesProduction-HPA1 error"] },
])("$name pack", ({ pack, name, ids }) => {
  // Ids are cited in suppressions: adding, removing or re-levelling a rule must be a visible diff.
  it("has exactly these rules, at these levels", () => {
    expect(pack.name).toBe(name);
    expect(pack.rules.map((rule) => `${rule.id} ${rule.level}`)).toEqual(ids);
  });

  it(`follows the id scheme ${name}-<KIND><n>`, () => {
    for (const { id } of pack.rules) {
      expect(isRuleId(id)).toBe(true);
      expect(id).toMatch(new RegExp(`^${name}-[A-Z]+\\d+$`));
    }
  });

  it("writes causes and explanations in the message style: lowercase first, no final period", () => {
    for (const { cause, explanation } of pack.rules) {
      for (const text of [cause, explanation]) {
        expect(text).toMatch(/^[a-z]/);
        expect(text).not.toMatch(/\.$/);
      }
    }
  });
});

describe("the Kubernetes packs on a stack", () => {
  const ALL = [OPENEDX_AWS_PACK, OPENEDX_AWS_PRODUCTION_PACK, OPENEDX_KUBERNETES_PACK, OPENEDX_KUBERNETES_PRODUCTION_PACK];

  it("can be checked together with the AWS packs, as a production platform stack with AWS resources does", () => {
    expect(() => new PolicyAspect(ALL)).not.toThrow();
  });

  it("pass a compliant platform", () => {
    const stack = kubernetesStack(ALL);
    compliantPlatform(stack);
    expect(() => Testing.synth(stack, true)).not.toThrow();
    expect(annotations(stack, "error")).toEqual([]);
  });

  it("report every rule a non-compliant platform breaks", () => {
    const stack = kubernetesStack(ALL);
    new NamespaceV1(stack, "openedx", { metadata: { name: "openedx" } });
    new Release(stack, "chart", { name: "chart", chart: "chart", version: "^1.0.0" });
    new HorizontalPodAutoscalerV2(stack, "lms", {
      metadata: { name: "lms", namespace: "openedx" },
      spec: { maxReplicas: 6, scaleTargetRef: { kind: "Deployment", name: "lms" } },
    });
    expect(violationLines(stack).map((line) => line.slice(0, line.indexOf("] ") + 1))).toEqual([
      "[OpenedxKubernetes-NS1]",
      "[OpenedxKubernetes-NS2]",
      "[OpenedxKubernetes-HELM1[version]]",
      "[OpenedxKubernetes-HELM1[repository]]",
      "[OpenedxKubernetesProduction-HPA1]",
    ]);
  });

  it("leave the production rule out of staging stacks", () => {
    const stack = kubernetesStack([OPENEDX_KUBERNETES_PACK]);
    compliantPlatform(stack, 1);
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("accept a suppression with a reason, scoped to one finding", () => {
    const stack = kubernetesStack([OPENEDX_KUBERNETES_PACK]);
    const release = new Release(stack, "local", { name: "local", chart: "./charts/local", version: "0.1.0" });
    suppressRules(release, [{ id: "OpenedxKubernetes-HELM1[repository]", reason: "the chart is vendored in this repository and reviewed with it" }]);
    expect(() => Testing.synth(stack, true)).not.toThrow();
    expect(annotations(stack, "info")).toEqual([
      "[OpenedxKubernetes-HELM1[repository]] suppressed at test/local (helm_release.local): the chart is vendored in this repository and reviewed with it",
    ]);
  });
});

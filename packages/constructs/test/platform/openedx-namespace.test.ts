import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import {
  NON_PRODUCTION_NAMESPACE_QUOTA,
  OpenedxNamespace,
  OpenedxNamespaceProps,
  PRODUCTION_NAMESPACE_QUOTA,
} from "../../src/platform/openedx-namespace";
import { SynthesizedStack } from "../synth";

function kubernetesStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "platform");
  new KubernetesProvider(stack, "kubernetes", { host: "https://example.invalid", token: "dummy" });
  new HelmProvider(stack, "helm", { kubernetes: { host: "https://example.invalid", token: "dummy" } });
  return stack;
}

function synth(props: OpenedxNamespaceProps): SynthesizedStack {
  const stack = kubernetesStack();
  new OpenedxNamespace(stack, "Namespace", props);
  return new SynthesizedStack(stack);
}

const invalid = (props: Partial<OpenedxNamespaceProps>) => () => new OpenedxNamespace(kubernetesStack(), "Namespace", { kubernetesVersion: "1.33", ...props });

describe("OpenedxNamespace", () => {
  it("creates the openedx namespace with Pod Security labels pinned to the cluster version, protected from destroy", () => {
    const out = synth({ kubernetesVersion: "1.33" });
    const namespace = out.only("kubernetes_namespace_v1");
    expect(namespace.metadata).toEqual({
      name: "openedx",
      labels: {
        "pod-security.kubernetes.io/enforce": "baseline",
        "pod-security.kubernetes.io/enforce-version": "v1.33",
        "pod-security.kubernetes.io/audit": "restricted",
        "pod-security.kubernetes.io/audit-version": "v1.33",
        "pod-security.kubernetes.io/warn": "restricted",
        "pod-security.kubernetes.io/warn-version": "v1.33",
      },
    });
    expect(namespace.lifecycle).toEqual({ prevent_destroy: true });
    expect(out.byPath("kubernetes_namespace_v1", "/Namespace/Resource")).toBe(namespace);
  });

  it("gives containers default requests and limits and caps any one container", () => {
    const out = synth({ kubernetesVersion: "1.33" });
    const limitRange = out.byPath("kubernetes_limit_range_v1", "/Namespace/LimitRange");
    expect(limitRange.metadata).toEqual({ name: "openedx-container-defaults", namespace: out.ref("kubernetes_namespace_v1", "/Namespace/Resource", "metadata[0].name") });
    expect(limitRange.spec).toEqual({
      limit: [
        {
          type: "Container",
          default_request: { cpu: "100m", memory: "256Mi" },
          default: { cpu: "1", memory: "2Gi" },
          max: { cpu: "4", memory: "8Gi" },
        },
      ],
    });
  });

  it("applies the production quota by default, with no load balancer Services, after the limit range", () => {
    const out = synth({ kubernetesVersion: "1.33" });
    const quota = out.byPath("kubernetes_resource_quota_v1", "/Namespace/ResourceQuota");
    expect(quota.metadata).toEqual({ name: "openedx-quota", namespace: out.ref("kubernetes_namespace_v1", "/Namespace/Resource", "metadata[0].name") });
    expect(quota.spec).toEqual({
      hard: {
        "requests.cpu": "24",
        "requests.memory": "64Gi",
        "limits.cpu": "48",
        "limits.memory": "128Gi",
        "requests.storage": "200Gi",
        pods: "100",
        persistentvolumeclaims: "10",
        "services.loadbalancers": "0",
      },
    });
    const [limitRangeName] = out.resources("kubernetes_limit_range_v1")[0];
    expect(quota.depends_on).toEqual([`kubernetes_limit_range_v1.${limitRangeName}`]);
    expect(PRODUCTION_NAMESPACE_QUOTA.quotaPods).toBe(100);
  });

  it("takes a staging quota, other limits, a name and a version, and can allow destroy", () => {
    const out = synth({
      name: "openedx-staging",
      kubernetesVersion: "1.32",
      defaultCpuRequest: "50m",
      defaultMemoryRequest: "128Mi",
      defaultCpuLimit: "500m",
      defaultMemoryLimit: "1Gi",
      maxCpu: "2",
      maxMemory: "4Gi",
      preventDestroy: false,
      ...NON_PRODUCTION_NAMESPACE_QUOTA,
    });
    const namespace = out.only("kubernetes_namespace_v1");
    expect((namespace.metadata as { name: string }).name).toBe("openedx-staging");
    expect((namespace.metadata as { labels: Record<string, string> }).labels["pod-security.kubernetes.io/warn-version"]).toBe("v1.32");
    expect(namespace.lifecycle).toEqual({ prevent_destroy: false });
    expect(out.only("kubernetes_limit_range_v1").spec).toEqual({
      limit: [{ type: "Container", default_request: { cpu: "50m", memory: "128Mi" }, default: { cpu: "500m", memory: "1Gi" }, max: { cpu: "2", memory: "4Gi" } }],
    });
    expect((out.only("kubernetes_resource_quota_v1").spec as { hard: Record<string, string> }).hard).toEqual({
      "requests.cpu": "8",
      "requests.memory": "24Gi",
      "limits.cpu": "16",
      "limits.memory": "48Gi",
      "requests.storage": "50Gi",
      pods: "40",
      persistentvolumeclaims: "5",
      "services.loadbalancers": "0",
    });
  });

  it("exposes the namespace name as a reference and keeps its construct ids", () => {
    const stack = kubernetesStack();
    const namespace = new OpenedxNamespace(stack, "Namespace", { kubernetesVersion: "1.33" });
    expect(namespace.namespaceName).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
    expect([namespace.resource.node.id, namespace.limitRange.node.id, namespace.resourceQuota.node.id]).toEqual(["Resource", "LimitRange", "ResourceQuota"]);
  });

  it("fails on a name that is not a DNS label", () => {
    expect(invalid({ name: "Open_edX" })).toThrow(
      'name must be a DNS label: 1-63 lowercase letters, digits or "-", starting and ending with a letter or digit, got "Open_edX" (at platform/Namespace)',
    );
  });

  it("fails on a reserved name", () => {
    expect(invalid({ name: "kube-openedx" })).toThrow('name must not be "default" or start with "kube-", which Kubernetes reserves for itself, got "kube-openedx" (at platform/Namespace)');
  });

  it("fails on an unsupported Kubernetes version", () => {
    expect(invalid({ kubernetesVersion: "latest" })).toThrow('kubernetesVersion must be a version EKS gives standard support for (1.31, 1.32, 1.33, 1.34), got "latest" (at platform/Namespace)');
  });

  it("fails on malformed quantities, reporting every one", () => {
    expect(invalid({ defaultCpuRequest: "fast", maxMemory: "8GB", quotaRequestsStorage: "0" })).toThrow(
      'defaultCpuRequest must be a positive CPU quantity such as "250m" or "2", got "fast"; ' +
        'maxMemory must be a positive byte quantity such as "256Mi" or "8Gi", got "8GB"; ' +
        'quotaRequestsStorage must be a positive byte quantity such as "256Mi" or "8Gi", got "0" (at platform/Namespace)',
    );
  });

  it("fails when a request exceeds its limit or a limit exceeds the maximum", () => {
    expect(invalid({ defaultCpuRequest: "2", defaultMemoryLimit: "16Gi" })).toThrow(
      'defaultCpuRequest must not exceed defaultCpuLimit (1), got "2"; defaultMemoryLimit must not exceed maxMemory (8Gi), got "16Gi" (at platform/Namespace)',
    );
  });

  it("fails when the quota's requests exceed its limits or its limits are below one container's maximum", () => {
    expect(invalid({ quotaRequestsMemory: "256Gi", quotaLimitsCpu: "2" })).toThrow(
      'quotaRequestsCpu must not exceed quotaLimitsCpu (2), got "24"; quotaRequestsMemory must not exceed quotaLimitsMemory (128Gi), got "256Gi"; maxCpu must not exceed quotaLimitsCpu (2), got "4" (at platform/Namespace)',
    );
  });

  it("fails on counts that are not whole numbers of at least 1", () => {
    expect(invalid({ quotaPods: 0, quotaPersistentVolumeClaims: 2.5 })).toThrow(
      "quotaPods must be a whole number of at least 1, got 0; quotaPersistentVolumeClaims must be a whole number of at least 1, got 2.5 (at platform/Namespace)",
    );
  });
});

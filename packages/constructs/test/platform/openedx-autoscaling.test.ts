import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { OpenedxAutoscaling, OpenedxAutoscalingProps } from "../../src/platform/openedx-autoscaling";

type Resources = Record<string, Record<string, Record<string, unknown>>>;

function synthesize(props: OpenedxAutoscalingProps = {}): { resources: Resources; autoscaling: OpenedxAutoscaling } {
  const stack = new TerraformStack(Testing.app(), "test");
  new KubernetesProvider(stack, "kubernetes", { host: "https://kubernetes.example", token: "dummy" });
  const autoscaling = new OpenedxAutoscaling(stack, "autoscaling", props);
  const json = JSON.parse(Testing.synth(stack, true)) as { resource: Resources };
  return { resources: json.resource, autoscaling };
}

function build(props: OpenedxAutoscalingProps): void {
  const stack = new TerraformStack(Testing.app(), "test");
  new OpenedxAutoscaling(stack, "autoscaling", props);
}

const HPA = "kubernetes_horizontal_pod_autoscaler_v2";
const PDB = "kubernetes_pod_disruption_budget_v1";

function byName(resources: Resources, type: string, name: string): Record<string, unknown> {
  const match = Object.values(resources[type] ?? {}).find((resource) => (resource.metadata as { name: string }).name === name);
  if (!match) throw new Error(`no ${type} named ${name}`);
  return match;
}

const SCALE_UP = [
  {
    stabilization_window_seconds: 0,
    select_policy: "Max",
    policy: [
      { type: "Percent", value: 100, period_seconds: 60 },
      { type: "Pods", value: 2, period_seconds: 60 },
    ],
  },
];

function cpuMetric(percent: number) {
  return { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", average_utilization: percent } } };
}

describe("OpenedxAutoscaling", () => {
  const { resources, autoscaling } = synthesize();

  it.each([
    ["lms", 2, 6, 70],
    ["cms", 2, 4, 70],
    ["lms-worker", 2, 6, 80],
    ["cms-worker", 2, 4, 80],
  ] as const)("scales the %s Deployment from %i to %i pods at %i%% CPU by default", (deployment, min, max, cpu) => {
    expect(byName(resources, HPA, deployment)).toEqual({
      metadata: {
        name: deployment,
        namespace: "openedx",
        labels: { "app.kubernetes.io/part-of": "openedx", "app.kubernetes.io/component": deployment, "app.kubernetes.io/managed-by": "terraform" },
      },
      spec: {
        scale_target_ref: { api_version: "apps/v1", kind: "Deployment", name: deployment },
        min_replicas: min,
        max_replicas: max,
        metric: [cpuMetric(cpu)],
        behavior: {
          scale_up: SCALE_UP,
          scale_down: [{ stabilization_window_seconds: 300, select_policy: "Min", policy: [{ type: "Pods", value: 1, period_seconds: 60 }] }],
        },
      },
    });
  });

  it("creates one autoscaler per Deployment and nothing for the other Tutor Deployments", () => {
    expect(Object.keys(resources[HPA])).toHaveLength(4);
    expect(Object.keys(autoscaling.autoscalers).sort()).toEqual(["cms", "cms-worker", "lms", "lms-worker"]);
  });

  it.each(["lms", "cms"])("keeps one %s pod through voluntary disruptions, selecting Tutor's app.kubernetes.io/name label", (deployment) => {
    expect(byName(resources, PDB, deployment)).toEqual({
      metadata: {
        name: deployment,
        namespace: "openedx",
        labels: { "app.kubernetes.io/part-of": "openedx", "app.kubernetes.io/component": deployment, "app.kubernetes.io/managed-by": "terraform" },
      },
      spec: { min_available: "1", selector: { match_labels: { "app.kubernetes.io/name": deployment } } },
    });
  });

  it("creates disruption budgets for lms and cms only", () => {
    expect(Object.keys(resources[PDB])).toHaveLength(2);
    expect(Object.keys(autoscaling.disruptionBudgets).sort()).toEqual(["cms", "lms"]);
    expect(autoscaling.namespace).toBe("openedx");
  });

  it("uses the documented construct ids", () => {
    expect(autoscaling.node.children.map((child) => child.node.id)).toEqual([
      "LmsAutoscaler",
      "CmsAutoscaler",
      "LmsWorkerAutoscaler",
      "CmsWorkerAutoscaler",
      "LmsDisruptionBudget",
      "CmsDisruptionBudget",
    ]);
  });

  it("applies per-Deployment settings, a memory target, the namespace and the stabilization window", () => {
    const { resources: custom } = synthesize({
      namespace: "edx",
      lms: { minReplicas: 3, maxReplicas: 12, targetCpuUtilizationPercent: 60, targetMemoryUtilizationPercent: 85 },
      cmsWorker: { maxReplicas: 2 },
      scaleDownStabilizationSeconds: 600,
    });
    const lms = byName(custom, HPA, "lms");
    expect(lms.metadata).toMatchObject({ namespace: "edx" });
    expect(lms.spec).toMatchObject({
      min_replicas: 3,
      max_replicas: 12,
      metric: [cpuMetric(60), { type: "Resource", resource: { name: "memory", target: { type: "Utilization", average_utilization: 85 } } }],
      behavior: { scale_down: [{ stabilization_window_seconds: 600, select_policy: "Min", policy: [{ type: "Pods", value: 1, period_seconds: 60 }] }] },
    });
    expect(byName(custom, HPA, "cms-worker").spec).toMatchObject({ min_replicas: 2, max_replicas: 2, metric: [cpuMetric(80)] });
    expect(byName(custom, PDB, "lms").metadata).toMatchObject({ namespace: "edx" });
  });

  it("lets a non-production environment run single pods without budgets", () => {
    const single = { minReplicas: 1, maxReplicas: 2 };
    const { resources: staging, autoscaling: stagingScaling } = synthesize({
      production: false,
      podDisruptionBudgets: false,
      lms: single,
      cms: single,
      lmsWorker: single,
      cmsWorker: single,
    });
    expect(resources[PDB]).toBeDefined();
    expect(staging[PDB]).toBeUndefined();
    expect(stagingScaling.disruptionBudgets).toEqual({});
    for (const deployment of ["lms", "cms", "lms-worker", "cms-worker"]) {
      expect(byName(staging, HPA, deployment).spec).toMatchObject({ min_replicas: 1, max_replicas: 2 });
    }
  });

  it("lets a non-production environment run single worker pods with budgets on lms and cms", () => {
    const { resources: staging } = synthesize({ production: false, lmsWorker: { minReplicas: 1 }, cmsWorker: { minReplicas: 1 } });
    expect(byName(staging, HPA, "lms-worker").spec).toMatchObject({ min_replicas: 1 });
    expect(Object.keys(staging[PDB])).toHaveLength(2);
  });

  it.each<[string, OpenedxAutoscalingProps, string]>([
    ["minReplicas is below 1", { lmsWorker: { minReplicas: 0 }, production: false }, "lmsWorker.minReplicas must be a whole number of at least 1, got 0"],
    ["minReplicas is fractional", { cmsWorker: { minReplicas: 2.5 } }, "cmsWorker.minReplicas must be a whole number of at least 1, got 2.5"],
    ["maxReplicas is below minReplicas", { cms: { minReplicas: 3, maxReplicas: 2 } }, "cms.maxReplicas must be at least minReplicas (3), got 2"],
    ["maxReplicas is below the default minReplicas", { lmsWorker: { maxReplicas: 1 } }, "lmsWorker.maxReplicas must be at least minReplicas (2), got 1"],
    ["maxReplicas is 0", { lms: { maxReplicas: 0 } }, "lms.maxReplicas must be a whole number of at least 1, got 0"],
    ["the CPU target is 0", { lms: { targetCpuUtilizationPercent: 0 } }, "lms.targetCpuUtilizationPercent must be a whole percentage from 1 to 100, got 0"],
    ["the CPU target is over 100", { cms: { targetCpuUtilizationPercent: 150 } }, "cms.targetCpuUtilizationPercent must be a whole percentage from 1 to 100, got 150"],
    ["the memory target is over 100", { lmsWorker: { targetMemoryUtilizationPercent: 101 } }, "lmsWorker.targetMemoryUtilizationPercent must be a whole percentage from 1 to 100, got 101"],
    [
      "lms keeps a single pod in production",
      { lms: { minReplicas: 1 } },
      "lms.minReplicas must be at least 2 in production, so one pod can fail or be evicted while another serves, got 1",
    ],
    [
      "a worker keeps a single pod in production",
      { cmsWorker: { minReplicas: 1 } },
      "cmsWorker.minReplicas must be at least 2 in production, so one pod can fail or be evicted while another serves, got 1",
    ],
    [
      "cms keeps a single pod under a disruption budget",
      { production: false, cms: { minReplicas: 1 } },
      "cms.minReplicas must be at least 2 when podDisruptionBudgets is true, as a budget of minAvailable 1 over a single pod blocks every node drain, got 1; set podDisruptionBudgets: false for a single pod",
    ],
    [
      "the stabilization window is over an hour",
      { scaleDownStabilizationSeconds: 3601 },
      "scaleDownStabilizationSeconds must be a whole number of seconds from 0 to 3600 (the Kubernetes limit), got 3601",
    ],
    [
      "the namespace is not a DNS-1123 label",
      { namespace: "Open_edX" },
      'namespace must be a Kubernetes DNS-1123 label (1-63 lowercase letters, digits or "-", starting and ending with a letter or digit), got "Open_edX"',
    ],
  ])("throws when %s", (_case, props, message) => {
    expect(() => build(props)).toThrow(`${message} (at test/autoscaling)`);
  });

  it("reports every problem at once", () => {
    expect(() => build({ lms: { minReplicas: 1, maxReplicas: 0 }, cms: { targetCpuUtilizationPercent: 0 } })).toThrow(
      "lms.minReplicas must be at least 2 in production, so one pod can fail or be evicted while another serves, got 1; lms.maxReplicas must be a whole number of at least 1, got 0; cms.targetCpuUtilizationPercent must be a whole percentage from 1 to 100, got 0 (at test/autoscaling)",
    );
  });
});

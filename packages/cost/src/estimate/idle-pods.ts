import { TutorResources } from "@openedx-infra/constructs";
import { UsageBasedItem } from "./cost-line";
import { cpuMillicores, memoryMiB } from "./quantities";
import { ResourceBody, resourcesOf, StackDocument } from "./stack-document";

/** Identical pods that run while the platform is idle. */
export interface PodGroup {
  /** Where the count and requests come from (stack and address, or the assumption). */
  readonly source: string;
  /** e.g. `openedx/lms`. */
  readonly name: string;
  readonly replicas: number;
  /** CPU request of one pod, millicores. */
  readonly cpuMillicores: number;
  /** Memory request of one pod, MiB. */
  readonly memoryMiB: number;
  /**
   * No two pods of the group share a node: the Tutor hand-off's required spread over nodes
   * (`spreadReplicas`, production), at the idle minimum of replicas.
   * @default false
   */
  readonly spreadOverNodes?: boolean;
}

/** What runs on every node (DaemonSets), requested once per node. */
export interface NodeReserve {
  readonly cpuMillicores: number;
  readonly memoryMiB: number;
  /** Which DaemonSets the reserve is made of. */
  readonly description: string;
}

/** The idle workload of an environment, from its stacks. */
export interface IdleWorkload {
  readonly pods: PodGroup[];
  readonly perNode: NodeReserve;
  /** Scheduled or on-demand work left out of the idle estimate. */
  readonly notIdle: UsageBasedItem[];
  readonly notes: string[];
}

/** Tutor's Deployment name of each scaled workload, and its key in {@link TutorResources}. */
const TUTOR_WORKLOADS: Readonly<Record<string, keyof TutorResources>> = { lms: "lms", cms: "cms", "lms-worker": "lmsWorker", "cms-worker": "cmsWorker" };

/**
 * Tutor's other Deployments once MySQL, MongoDB, Redis and SMTP are external (RUN_*=false): caddy
 * (the in-cluster router), the MFE server and Meilisearch. Tutor sets no requests on them, so the
 * namespace's LimitRange default requests apply.
 */
const TUTOR_UNSCALED = ["caddy", "mfe", "meilisearch"] as const;

/**
 * Pods of the EKS add-ons the cluster stack installs, from each add-on's default manifest:
 * metrics-server's two replicas at 100m/200Mi, the CloudWatch agent operator at 100m/64Mi.
 */
const ADDON_PODS: Readonly<Record<string, readonly { name: string; replicas: number; cpu: string; memory: string }[]>> = {
  "metrics-server": [{ name: "kube-system/metrics-server", replicas: 2, cpu: "100m", memory: "200Mi" }],
  "amazon-cloudwatch-observability": [{ name: "amazon-cloudwatch/cloudwatch-controller-manager", replicas: 1, cpu: "100m", memory: "64Mi" }],
};

/**
 * DaemonSets of the CloudWatch observability add-on, from its chart's default values
 * (aws-observability/helm-charts `amazon-cloudwatch-observability/values.yaml`): the CloudWatch
 * agent requests 250m/128Mi and Fluent Bit 50m/25Mi on every node.
 */
const CLOUDWATCH_DAEMONSETS = { cpuMillicores: 300, memoryMiB: 153, description: "cloudwatch-agent 250m/128Mi + fluent-bit 50m/25Mi (amazon-cloudwatch-observability defaults)" };

/**
 * Sums what runs idle: Tutor's scaled Deployments at their autoscalers' minimum with the requests
 * the Tutor hand-off sets, Tutor's other Deployments at the LimitRange defaults, the helm
 * releases' replicas and requests, and the cluster add-ons' pods; CronJobs are not idle. With
 * `spreadTutorReplicas`, the replicas of each of Tutor's scaled Deployments need a node each.
 */
export function idleWorkload(stacks: readonly StackDocument[], tutorResources: TutorResources, spreadTutorReplicas = false): IdleWorkload {
  const pods: PodGroup[] = [];
  const notIdle: UsageBasedItem[] = [];
  const notes: string[] = [];
  let perNode: NodeReserve = { cpuMillicores: 0, memoryMiB: 0, description: "no DaemonSets" };

  for (const stack of stacks) {
    for (const [name, body] of resourcesOf(stack, "aws_eks_addon")) {
      const addon = String(body.addon_name);
      const known = ADDON_PODS[addon];
      if (known === undefined) {
        notes.push(`${stack.name}: add-on ${addon} (aws_eks_addon.${name}) has no known pod requests; its pods are not counted`);
        continue;
      }
      for (const pod of known) {
        pods.push({ source: `${stack.name} aws_eks_addon.${name} (add-on defaults)`, name: pod.name, replicas: pod.replicas, cpuMillicores: cpuMillicores(pod.cpu), memoryMiB: memoryMiB(pod.memory) });
      }
      if (addon === "amazon-cloudwatch-observability") perNode = CLOUDWATCH_DAEMONSETS;
    }

    for (const [name, body] of resourcesOf(stack, "kubernetes_horizontal_pod_autoscaler_v2")) {
      const metadata = block(body.metadata);
      const deployment = String(metadata.name);
      const key = TUTOR_WORKLOADS[deployment];
      const minReplicas = Number(block(body.spec).min_replicas ?? 1);
      if (key === undefined) {
        notes.push(`${stack.name}: autoscaler ${deployment} targets no known Deployment; its pods are not counted`);
        continue;
      }
      const resources = tutorResources[key];
      pods.push({
        source: `${stack.name} kubernetes_horizontal_pod_autoscaler_v2.${name} (min replicas) + Tutor hand-off requests`,
        name: `${String(metadata.namespace ?? "openedx")}/${deployment}`,
        replicas: minReplicas,
        cpuMillicores: cpuMillicores(resources.cpuRequest),
        memoryMiB: memoryMiB(resources.memoryRequest),
        ...(spreadTutorReplicas ? { spreadOverNodes: true } : {}),
      });
    }

    for (const [name, body] of resourcesOf(stack, "kubernetes_limit_range_v1")) {
      const limit = (block(body.spec).limit as ResourceBody[] | undefined)?.find((entry) => entry.type === "Container");
      const defaults = block(limit?.default_request);
      if (defaults.cpu === undefined || defaults.memory === undefined) continue;
      // The namespace is usually a reference to the namespace resource (`${...}`): Tutor's default then.
      const namespace = String(block(body.metadata).namespace ?? "openedx");
      for (const deployment of TUTOR_UNSCALED) {
        pods.push({
          source: `${stack.name} kubernetes_limit_range_v1.${name} (default requests)`,
          name: `${namespace.startsWith("$") ? "openedx" : namespace}/${deployment}`,
          replicas: 1,
          cpuMillicores: cpuMillicores(String(defaults.cpu)),
          memoryMiB: memoryMiB(String(defaults.memory)),
        });
      }
    }

    for (const [name, body] of resourcesOf(stack, "helm_release")) {
      pods.push(...helmReleasePods(stack, name, body, notes));
    }

    for (const [name] of resourcesOf(stack, "kubernetes_cron_job_v1")) {
      notIdle.push({ stack: stack.name, address: `kubernetes_cron_job_v1.${name}`, what: "scheduled job pods (not idle: they run a few minutes a night)" });
    }
  }
  return { pods, perNode, notIdle, notes };
}

/** The pods a helm release runs, from its values; charts it does not know are reported. */
function helmReleasePods(stack: StackDocument, name: string, body: ResourceBody, notes: string[]): PodGroup[] {
  const chart = String(body.chart);
  const values = (Array.isArray(body.values) ? body.values : []).reduce<ResourceBody>((merged, text) => ({ ...merged, ...(JSON.parse(String(text)) as ResourceBody) }), {});
  const source = `${stack.name} helm_release.${name} (values)`;
  const group = (podName: string, scope: ResourceBody, defaultReplicas: number): PodGroup => {
    const requests = block(block(scope.resources).requests);
    return {
      source,
      name: podName,
      replicas: Number(scope.replicaCount ?? defaultReplicas),
      cpuMillicores: requests.cpu === undefined ? 0 : cpuMillicores(String(requests.cpu)),
      memoryMiB: requests.memory === undefined ? 0 : memoryMiB(String(requests.memory)),
    };
  };
  const namespace = String(body.namespace ?? "default");
  if (chart === "nginx-ingress") return [group(`${namespace}/nginx-ingress-controller`, block(values.controller), 1)];
  if (chart === "cert-manager") {
    const groups = [group(`${namespace}/cert-manager`, values, 1), group(`${namespace}/cert-manager-webhook`, block(values.webhook), 1), group(`${namespace}/cert-manager-cainjector`, block(values.cainjector), 1)];
    for (const unset of groups.filter((pod) => pod.cpuMillicores === 0 && pod.memoryMiB === 0)) {
      notes.push(`${unset.name} sets no requests (chart default): it takes no room in the node estimate`);
    }
    return groups;
  }
  notes.push(`${stack.name}: helm release ${chart} (helm_release.${name}) has no known pod requests; its pods are not counted`);
  return [];
}

/** A nested block as synthesized: an object, or a one-element list of it. */
function block(value: unknown): ResourceBody {
  if (Array.isArray(value)) return (value[0] ?? {}) as ResourceBody;
  return (value ?? {}) as ResourceBody;
}

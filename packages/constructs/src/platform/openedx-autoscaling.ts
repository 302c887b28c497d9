import { HorizontalPodAutoscalerV2, HorizontalPodAutoscalerV2SpecMetric } from "@cdktf/provider-kubernetes/lib/horizontal-pod-autoscaler-v2";
import { PodDisruptionBudgetV1 } from "@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { ValidationError } from "../config/validation-error";

/** The Tutor Deployments that scale horizontally. */
export type OpenedxScaledDeployment = "lms" | "cms" | "lms-worker" | "cms-worker";

/** Every scaled Deployment, in the order resources are created. */
export const OPENEDX_SCALED_DEPLOYMENTS: readonly OpenedxScaledDeployment[] = ["lms", "cms", "lms-worker", "cms-worker"];

/** How one Deployment scales. Each field left out takes the Deployment's default. */
export interface DeploymentScaling {
  /**
   * The fewest pods, at least 1; in production at least 2, so a node drain or a crash never
   * takes the site or a task queue down (the OpenedxKubernetesProduction policy pack checks the
   * same).
   * @default 2
   */
  readonly minReplicas?: number;
  /**
   * The most pods, at least `minReplicas`.
   * @default 6 for `lms` and `lms-worker`, 4 for `cms` and `cms-worker`
   */
  readonly maxReplicas?: number;
  /**
   * Average CPU use, as a percentage of the pods' CPU request, that the autoscaler keeps pods at
   * (1-100). The pods need a CPU request, or the autoscaler cannot compute utilisation and never
   * scales: Tutor sets none, so it comes from the namespace's LimitRange default
   * (`OpenedxNamespace`) or a `k8s-override` patch.
   * @default 70 for `lms` and `cms`, 80 for the workers
   */
  readonly targetCpuUtilizationPercent?: number;
  /**
   * Average memory use, as a percentage of the pods' memory request, that the autoscaler also
   * keeps pods at (1-100). Memory rarely falls after load in Python workers, so this mostly
   * scales up; use it with a generous value.
   * @default - memory is not a scaling metric
   */
  readonly targetMemoryUtilizationPercent?: number;
}

/** Props of {@link OpenedxAutoscaling}. */
export interface OpenedxAutoscalingProps {
  /**
   * Namespace of the Open edX Deployments (Tutor `K8S_NAMESPACE`).
   * @default "openedx"
   */
  readonly namespace?: string;
  /**
   * Scaling of the `lms` Deployment.
   * @default - min 2, max 6, 70% CPU
   */
  readonly lms?: DeploymentScaling;
  /**
   * Scaling of the `cms` (Studio) Deployment.
   * @default - min 2, max 4, 70% CPU
   */
  readonly cms?: DeploymentScaling;
  /**
   * Scaling of the `lms-worker` (Celery) Deployment.
   * @default - min 2, max 6, 80% CPU
   */
  readonly lmsWorker?: DeploymentScaling;
  /**
   * Scaling of the `cms-worker` (Celery) Deployment.
   * @default - min 2, max 4, 80% CPU
   */
  readonly cmsWorker?: DeploymentScaling;
  /**
   * How long, in seconds, load must stay low before the autoscalers remove pods (0-3600); they
   * then remove at most one pod a minute. Keeps bursty traffic from flapping the pod count.
   * @default 300
   */
  readonly scaleDownStabilizationSeconds?: number;
  /**
   * Create a PodDisruptionBudget of `minAvailable: 1` for `lms` and for `cms`, so voluntary
   * evictions (node drains, Auto Mode consolidation and node expiry) never take the last pod.
   * Needs `minReplicas` of at least 2 for both, or no pod could ever be evicted.
   * @default true
   */
  readonly podDisruptionBudgets?: boolean;
  /**
   * The environment is production: every Deployment must keep at least 2 pods.
   * @default true
   */
  readonly production?: boolean;
}

interface ResolvedScaling {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly targetCpuUtilizationPercent: number;
  readonly targetMemoryUtilizationPercent?: number;
}

const DEFAULTS: Readonly<Record<OpenedxScaledDeployment, ResolvedScaling>> = {
  lms: { minReplicas: 2, maxReplicas: 6, targetCpuUtilizationPercent: 70 },
  cms: { minReplicas: 2, maxReplicas: 4, targetCpuUtilizationPercent: 70 },
  "lms-worker": { minReplicas: 2, maxReplicas: 6, targetCpuUtilizationPercent: 80 },
  "cms-worker": { minReplicas: 2, maxReplicas: 4, targetCpuUtilizationPercent: 80 },
};

/** The prop that configures each Deployment, for messages. */
const PROP_NAMES: Readonly<Record<OpenedxScaledDeployment, keyof OpenedxAutoscalingProps>> = {
  lms: "lms",
  cms: "cms",
  "lms-worker": "lmsWorker",
  "cms-worker": "cmsWorker",
};

/** Construct id prefix of each Deployment's resources. */
const ID_PREFIXES: Readonly<Record<OpenedxScaledDeployment, string>> = {
  lms: "Lms",
  cms: "Cms",
  "lms-worker": "LmsWorker",
  "cms-worker": "CmsWorker",
};

/** The Deployments serving web traffic, which get disruption budgets. */
const WEB_DEPLOYMENTS = ["lms", "cms"] as const;

/**
 * Tutor's Deployments select their pods by this label, set to the Deployment name
 * (overhangio/tutor `tutor/templates/k8s/deployments.yml`: `selector.matchLabels`).
 */
export const TUTOR_APP_LABEL = "app.kubernetes.io/name";

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Horizontal Pod Autoscalers (`autoscaling/v2`) for the Open edX web and Celery Deployments that
 * Tutor deploys, and PodDisruptionBudgets for the web ones.
 *
 * Scaling up reacts within a minute (doubling, or adding two pods, whichever is more); scaling
 * down waits for `scaleDownStabilizationSeconds` of low load and then removes one pod a minute.
 * The autoscalers need the metrics API (the `metrics-server` add-on of `AutoModeCluster`) and CPU
 * requests on the pods.
 *
 * Construct ids are API: `LmsAutoscaler`, `CmsAutoscaler`, `LmsWorkerAutoscaler`,
 * `CmsWorkerAutoscaler`, `LmsDisruptionBudget`, `CmsDisruptionBudget`. Kubernetes names: each
 * autoscaler and budget is named after its Deployment.
 *
 * @resource kubernetes_horizontal_pod_autoscaler_v2
 * @see https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/
 */
export class OpenedxAutoscaling extends Construct {
  /** Namespace of the autoscalers and budgets. @attribute */
  readonly namespace: string;
  /** The autoscaler of each Deployment. */
  readonly autoscalers: Readonly<Record<OpenedxScaledDeployment, HorizontalPodAutoscalerV2>>;
  /** The disruption budgets of `lms` and `cms`; empty when `podDisruptionBudgets` is false. */
  readonly disruptionBudgets: Readonly<Partial<Record<OpenedxScaledDeployment, PodDisruptionBudgetV1>>>;

  constructor(scope: Construct, id: string, props: OpenedxAutoscalingProps = {}) {
    super(scope, id);
    const scaling = resolveScaling(props);
    validateProps(this, props, scaling);
    this.namespace = props.namespace ?? "openedx";
    const stabilization = props.scaleDownStabilizationSeconds ?? 300;

    const autoscalers: Partial<Record<OpenedxScaledDeployment, HorizontalPodAutoscalerV2>> = {};
    for (const deployment of OPENEDX_SCALED_DEPLOYMENTS) {
      const target = scaling[deployment];
      const metrics: HorizontalPodAutoscalerV2SpecMetric[] = [utilizationMetric("cpu", target.targetCpuUtilizationPercent)];
      if (target.targetMemoryUtilizationPercent !== undefined) {
        metrics.push(utilizationMetric("memory", target.targetMemoryUtilizationPercent));
      }
      autoscalers[deployment] = new HorizontalPodAutoscalerV2(this, `${ID_PREFIXES[deployment]}Autoscaler`, {
        metadata: { name: deployment, namespace: this.namespace, labels: labelsOf(deployment) },
        spec: {
          scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: deployment },
          minReplicas: target.minReplicas,
          maxReplicas: target.maxReplicas,
          metric: metrics,
          behavior: {
            scaleUp: [
              {
                stabilizationWindowSeconds: 0,
                selectPolicy: "Max",
                policy: [
                  { type: "Percent", value: 100, periodSeconds: 60 },
                  { type: "Pods", value: 2, periodSeconds: 60 },
                ],
              },
            ],
            scaleDown: [
              {
                stabilizationWindowSeconds: stabilization,
                selectPolicy: "Min",
                policy: [{ type: "Pods", value: 1, periodSeconds: 60 }],
              },
            ],
          },
        },
      });
    }
    this.autoscalers = autoscalers as Record<OpenedxScaledDeployment, HorizontalPodAutoscalerV2>;

    const budgets: Partial<Record<OpenedxScaledDeployment, PodDisruptionBudgetV1>> = {};
    if (props.podDisruptionBudgets ?? true) {
      for (const deployment of WEB_DEPLOYMENTS) {
        budgets[deployment] = new PodDisruptionBudgetV1(this, `${ID_PREFIXES[deployment]}DisruptionBudget`, {
          metadata: { name: deployment, namespace: this.namespace, labels: labelsOf(deployment) },
          spec: {
            minAvailable: "1",
            selector: { matchLabels: { [TUTOR_APP_LABEL]: deployment } },
          },
        });
      }
    }
    this.disruptionBudgets = budgets;
  }
}

function labelsOf(deployment: OpenedxScaledDeployment): Record<string, string> {
  return { "app.kubernetes.io/part-of": "openedx", "app.kubernetes.io/component": deployment, "app.kubernetes.io/managed-by": "terraform" };
}

function utilizationMetric(name: "cpu" | "memory", percent: number): HorizontalPodAutoscalerV2SpecMetric {
  return { type: "Resource", resource: { name, target: { type: "Utilization", averageUtilization: percent } } };
}

function resolveScaling(props: OpenedxAutoscalingProps): Record<OpenedxScaledDeployment, ResolvedScaling> {
  const resolved: Partial<Record<OpenedxScaledDeployment, ResolvedScaling>> = {};
  for (const deployment of OPENEDX_SCALED_DEPLOYMENTS) {
    const given = props[PROP_NAMES[deployment]] as DeploymentScaling | undefined;
    resolved[deployment] = { ...DEFAULTS[deployment], ...stripUndefined(given ?? {}) };
  }
  return resolved as Record<OpenedxScaledDeployment, ResolvedScaling>;
}

function stripUndefined(scaling: DeploymentScaling): DeploymentScaling {
  return Object.fromEntries(Object.entries(scaling).filter(([, value]) => value !== undefined)) as DeploymentScaling;
}

function known(value: number | undefined): value is number {
  return value !== undefined && !Token.isUnresolved(value);
}

/** Checks every prop and reports all problems in one error. */
function validateProps(scope: Construct, props: OpenedxAutoscalingProps, scaling: Record<OpenedxScaledDeployment, ResolvedScaling>): void {
  const problems: string[] = [];
  const namespace = props.namespace;
  if (namespace !== undefined && !Token.isUnresolved(namespace) && !DNS_1123_LABEL.test(namespace)) {
    problems.push(`namespace must be a Kubernetes DNS-1123 label (1-63 lowercase letters, digits or "-", starting and ending with a letter or digit), got "${namespace}"`);
  }
  const production = props.production ?? true;
  const budgets = props.podDisruptionBudgets ?? true;
  for (const deployment of OPENEDX_SCALED_DEPLOYMENTS) {
    const prop = PROP_NAMES[deployment];
    const { minReplicas, maxReplicas, targetCpuUtilizationPercent, targetMemoryUtilizationPercent } = scaling[deployment];
    const minKnown = known(minReplicas);
    if (minKnown && (!Number.isInteger(minReplicas) || minReplicas < 1)) {
      problems.push(`${prop}.minReplicas must be a whole number of at least 1, got ${minReplicas}`);
    } else if (minKnown && minReplicas < 2) {
      if (production) {
        problems.push(`${prop}.minReplicas must be at least 2 in production, so one pod can fail or be evicted while another serves, got ${minReplicas}`);
      } else if (budgets && (WEB_DEPLOYMENTS as readonly string[]).includes(deployment)) {
        problems.push(
          `${prop}.minReplicas must be at least 2 when podDisruptionBudgets is true, as a budget of minAvailable 1 over a single pod blocks every node drain, got ${minReplicas}; set podDisruptionBudgets: false for a single pod`,
        );
      }
    }
    if (known(maxReplicas)) {
      if (!Number.isInteger(maxReplicas) || maxReplicas < 1) {
        problems.push(`${prop}.maxReplicas must be a whole number of at least 1, got ${maxReplicas}`);
      } else if (minKnown && maxReplicas < minReplicas) {
        problems.push(`${prop}.maxReplicas must be at least minReplicas (${minReplicas}), got ${maxReplicas}`);
      }
    }
    for (const [field, value] of [
      ["targetCpuUtilizationPercent", targetCpuUtilizationPercent],
      ["targetMemoryUtilizationPercent", targetMemoryUtilizationPercent],
    ] as const) {
      if (known(value) && (!Number.isInteger(value) || value < 1 || value > 100)) {
        problems.push(`${prop}.${field} must be a whole percentage from 1 to 100, got ${value}`);
      }
    }
  }
  const stabilization = props.scaleDownStabilizationSeconds;
  if (known(stabilization) && (!Number.isInteger(stabilization) || stabilization < 0 || stabilization > 3600)) {
    problems.push(`scaleDownStabilizationSeconds must be a whole number of seconds from 0 to 3600 (the Kubernetes limit), got ${stabilization}`);
  }
  if (problems.length > 0) {
    throw new ValidationError(problems.join("; "), scope);
  }
}

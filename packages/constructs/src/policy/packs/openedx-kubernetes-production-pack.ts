import { PolicyPack } from "../policy-pack";
import { kubernetesHpaMinReplicas } from "../rules/kubernetes";

/**
 * The extra guardrails of in-cluster objects in production, checked together with the
 * OpenedxKubernetes pack: workloads keep serving while a node is drained, replaced or lost.
 * Staging stacks leave this pack out, so they can run one replica of each workload.
 *
 * Rule ids are `OpenedxKubernetesProduction-<KIND><n>`: `HPA` for HorizontalPodAutoscalers. Ids
 * are API, kept for life and never reused.
 */
export const OPENEDX_KUBERNETES_PRODUCTION_PACK: PolicyPack = {
  name: "OpenedxKubernetesProduction",
  rules: [
    {
      id: "OpenedxKubernetesProduction-HPA1",
      level: "error",
      cause: "the production HorizontalPodAutoscaler may scale its workload down to a single replica",
      explanation:
        "with one replica, every node drain, Auto Mode node replacement or crash is an outage of the workload, and a PodDisruptionBudget cannot help; set spec.min_replicas to at least 2",
      check: kubernetesHpaMinReplicas,
    },
  ],
};

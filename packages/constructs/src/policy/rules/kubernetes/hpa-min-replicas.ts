import { RuleCheck } from "../../policy-pack";
import { blockAt, numberAt } from "../private/terraform-values";

/** The HorizontalPodAutoscaler resource types of the kubernetes provider; all have `spec.min_replicas`. */
export const KUBERNETES_HPA_TYPES = [
  "kubernetes_horizontal_pod_autoscaler_v2",
  "kubernetes_horizontal_pod_autoscaler_v2beta2",
  "kubernetes_horizontal_pod_autoscaler_v1",
  "kubernetes_horizontal_pod_autoscaler",
] as const;

/** Replicas a production workload keeps at its quietest: one can be evicted or lost with its node while the other serves. */
export const PRODUCTION_MIN_REPLICAS = 2;

/**
 * A HorizontalPodAutoscaler keeps at least {@link PRODUCTION_MIN_REPLICAS} replicas:
 * `spec.min_replicas` ≥ 2. Unset means 1, the Kubernetes default.
 */
export const kubernetesHpaMinReplicas: RuleCheck = (resource) => {
  if (!(KUBERNETES_HPA_TYPES as readonly string[]).includes(resource.type)) {
    return "not-applicable";
  }
  const spec = blockAt(resource.config.spec, "spec") ?? {};
  const minReplicas = numberAt(spec.min_replicas, "spec.min_replicas") ?? 1;
  return minReplicas >= PRODUCTION_MIN_REPLICAS ? "compliant" : "non-compliant";
};

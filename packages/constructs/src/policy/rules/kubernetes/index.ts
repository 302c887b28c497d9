export { helmReleasePinned, isPinnedChartVersion } from "./helm-release-pinned";
export { KUBERNETES_HPA_TYPES, kubernetesHpaMinReplicas, PRODUCTION_MIN_REPLICAS } from "./hpa-min-replicas";
export { KUBERNETES_NETWORK_POLICY_TYPES, kubernetesNamespaceDefaultDeny } from "./namespace-default-deny";
export {
  ENFORCED_POD_SECURITY_LEVELS,
  KUBERNETES_NAMESPACE_TYPES,
  kubernetesNamespacePodSecurity,
  POD_SECURITY_ENFORCE_LABEL,
} from "./namespace-pod-security";

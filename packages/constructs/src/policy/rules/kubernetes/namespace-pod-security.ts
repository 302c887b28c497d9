import { RuleCheck } from "../../policy-pack";
import { isExpression, stringAt, UnresolvableValueError } from "../private/terraform-values";
import { metadataOf } from "./private/metadata";

/** The namespace resource types of the kubernetes provider (the unversioned one is deprecated). */
export const KUBERNETES_NAMESPACE_TYPES = ["kubernetes_namespace_v1", "kubernetes_namespace"] as const;

/** The label by which the Pod Security admission controller enforces a Pod Security Standard. */
export const POD_SECURITY_ENFORCE_LABEL = "pod-security.kubernetes.io/enforce";

/** The Pod Security Standards that restrict pods; `privileged` restricts nothing. */
export const ENFORCED_POD_SECURITY_LEVELS = ["baseline", "restricted"] as const;

/**
 * A namespace created by the stack enforces the `baseline` or `restricted` Pod Security Standard
 * through its `pod-security.kubernetes.io/enforce` label; a missing label (the cluster default,
 * `privileged` on EKS) or `privileged` is non-compliant. Namespaces a Helm release creates
 * (`create_namespace`) are not resources of the stack and are not checked.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/
 */
export const kubernetesNamespacePodSecurity: RuleCheck = (resource) => {
  if (!(KUBERNETES_NAMESPACE_TYPES as readonly string[]).includes(resource.type)) {
    return "not-applicable";
  }
  const labels = metadataOf(resource).labels;
  if (isExpression(labels)) {
    throw new UnresolvableValueError("metadata.labels", labels);
  }
  const level = typeof labels === "object" && labels !== null ? (labels as Record<string, unknown>)[POD_SECURITY_ENFORCE_LABEL] : undefined;
  const value = stringAt(level, `metadata.labels["${POD_SECURITY_ENFORCE_LABEL}"]`);
  return value !== undefined && (ENFORCED_POD_SECURITY_LEVELS as readonly string[]).includes(value) ? "compliant" : "non-compliant";
};

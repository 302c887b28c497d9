import { RuleCheck, SynthesizedResource, SynthesizedStackView } from "../../policy-pack";
import { refersTo } from "../private/references";
import { blockAt, blocksAt, isExpression, literalStringListAt, stringAt, UnresolvableValueError } from "../private/terraform-values";
import { KUBERNETES_NAMESPACE_TYPES } from "./namespace-pod-security";
import { metadataOf } from "./private/metadata";

/** The NetworkPolicy resource types of the kubernetes provider (the unversioned one is deprecated). */
export const KUBERNETES_NETWORK_POLICY_TYPES = ["kubernetes_network_policy_v1", "kubernetes_network_policy"] as const;

// How a policy names a namespace of the stack: `${kubernetes_namespace_v1.x.metadata[0].name}` or `.id` (the name too).
const NAMESPACE_ATTRIBUTES = ["metadata[0].name", "id"] as const;

/**
 * A namespace created by the stack holds a default-deny NetworkPolicy: a `kubernetes_network_policy_v1`
 * in that namespace (`metadata.namespace` a reference to the namespace, or its literal name) that
 * selects every pod (`spec.pod_selector` empty), has `spec.policy_types` Ingress and Egress, and no
 * `ingress` or `egress` rule, so each workload must be allowed the traffic it needs by a policy of
 * its own. Each namespace without one is a violation of its own.
 *
 * Namespaces a Helm release creates (`create_namespace`) are not resources of the stack and are out
 * of scope: create the namespace as a resource, with its policies, and install the release into it.
 * A policy whose namespace is an expression that names no namespace of the stack (a variable, a data
 * source) makes the rule throw when no other policy decides it.
 */
export const kubernetesNamespaceDefaultDeny: RuleCheck = (resource, stack) => {
  if (!(KUBERNETES_NAMESPACE_TYPES as readonly string[]).includes(resource.type)) {
    return "not-applicable";
  }
  let unresolved: UnresolvableValueError | undefined;
  for (const policy of KUBERNETES_NETWORK_POLICY_TYPES.flatMap((type) => stack.resourcesOfType(type))) {
    try {
      if (isInNamespace(policy, resource, stack) && isDefaultDeny(policy)) {
        return "compliant";
      }
    } catch (error) {
      if (!(error instanceof UnresolvableValueError)) {
        throw error;
      }
      unresolved ??= error;
    }
  }
  if (unresolved) {
    throw unresolved;
  }
  return "non-compliant";
};

function isInNamespace(policy: SynthesizedResource, namespace: SynthesizedResource, stack: SynthesizedStackView): boolean {
  const value = metadataOf(policy).namespace;
  if (refersTo(value, namespace, NAMESPACE_ATTRIBUTES, stack)) {
    return true;
  }
  if (isExpression(value)) {
    const namesAnotherNamespace = KUBERNETES_NAMESPACE_TYPES.some((type) =>
      stack.resourcesOfType(type).some((other) => refersTo(value, other, NAMESPACE_ATTRIBUTES, stack)),
    );
    if (namesAnotherNamespace) {
      return false;
    }
    throw new UnresolvableValueError(`metadata.namespace of ${policy.address}`, value);
  }
  // Kubernetes puts a policy without a namespace into "default".
  const policyNamespace = stringAt(value, `metadata.namespace of ${policy.address}`) ?? "default";
  const name = metadataOf(namespace).name;
  return typeof name === "string" && !isExpression(name) && name === policyNamespace;
}

function isDefaultDeny(policy: SynthesizedResource): boolean {
  const where = (path: string) => `${path} of ${policy.address}`;
  const spec = blockAt(policy.config.spec, where("spec")) ?? {};
  const selector = blockAt(spec.pod_selector, where("spec.pod_selector")) ?? {};
  const matchLabels = selector.match_labels;
  if (isExpression(matchLabels)) {
    throw new UnresolvableValueError(where("spec.pod_selector.match_labels"), matchLabels);
  }
  const selectsEveryPod =
    (matchLabels === undefined || matchLabels === null || Object.keys(matchLabels as object).length === 0) &&
    blocksAt(selector.match_expressions, where("spec.pod_selector.match_expressions")).length === 0;
  const policyTypes = literalStringListAt(spec.policy_types, where("spec.policy_types")) ?? [];
  return (
    selectsEveryPod &&
    policyTypes.includes("Ingress") &&
    policyTypes.includes("Egress") &&
    blocksAt(spec.ingress, where("spec.ingress")).length === 0 &&
    blocksAt(spec.egress, where("spec.egress")).length === 0
  );
}

import { PolicyPack } from "../policy-pack";
import { helmReleasePinned, kubernetesNamespaceDefaultDeny, kubernetesNamespacePodSecurity } from "../rules/kubernetes";

/**
 * The guardrails of the objects openedx-infra creates inside the cluster (resources of the
 * kubernetes and helm providers), for every stack that holds such objects, together with the
 * OpenedxAws pack when the stack also holds AWS resources.
 *
 * Rule ids are `OpenedxKubernetes-<KIND><n>`: `NS` for namespaces and `HELM` for Helm releases,
 * numbered from 1 within the kind. Ids are API, kept for life and never reused.
 */
export const OPENEDX_KUBERNETES_PACK: PolicyPack = {
  name: "OpenedxKubernetes",
  rules: [
    {
      id: "OpenedxKubernetes-NS1",
      level: "error",
      cause: "the namespace does not enforce the baseline or restricted Pod Security Standard",
      explanation:
        "without enforcement any pod of the namespace may run privileged, share the host's network or mount its filesystem, so one compromised workload takes the node; set the label pod-security.kubernetes.io/enforce to restricted (or baseline where a workload needs it) in metadata.labels",
      check: kubernetesNamespacePodSecurity,
    },
    {
      id: "OpenedxKubernetes-NS2",
      level: "error",
      cause: "the namespace has no default-deny NetworkPolicy",
      explanation:
        "without one every pod accepts traffic from any pod of the cluster and may reach anything, so one compromised workload can reach every other; add a kubernetes_network_policy_v1 in the namespace with an empty pod_selector, policy_types Ingress and Egress and no rules, then allow each workload the traffic it needs with policies of its own",
      check: kubernetesNamespaceDefaultDeny,
    },
    {
      id: "OpenedxKubernetes-HELM1",
      level: "error",
      cause: "the Helm release is not pinned to an exact chart version from a named repository",
      explanation:
        "an unset or ranged version installs whatever the repository publishes next, untested, on the next apply, and a chart without a repository comes from the machine that runs Terraform; set repository (https:// or oci://) and version to one exact version such as 4.11.3, and upgrade by changing it in review",
      check: helmReleasePinned,
    },
  ],
};

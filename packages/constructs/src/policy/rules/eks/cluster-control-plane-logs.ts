import { RuleCheck } from "../../policy-pack";
import { literalStringListAt } from "../private/terraform-values";

/** Every EKS control-plane log type; these are the names the EKS API accepts. */
export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;

/** An `aws_eks_cluster` enables all control-plane log types; one finding per missing type, e.g. `scheduler`. */
export const eksClusterControlPlaneLogs: RuleCheck = (resource) => {
  if (resource.type !== "aws_eks_cluster") {
    return "not-applicable";
  }
  const enabled = literalStringListAt(resource.config.enabled_cluster_log_types, "enabled_cluster_log_types") ?? [];
  const missing = CONTROL_PLANE_LOG_TYPES.filter((type) => !enabled.includes(type));
  return missing.length === 0 ? "compliant" : missing;
};

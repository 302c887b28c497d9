export { CONTROL_PLANE_LOG_TYPES, eksClusterControlPlaneLogs } from "./cluster-control-plane-logs";
export { eksClusterEndpointNotWorldOpen } from "./cluster-endpoint-not-world-open";
export { eksClusterSecretsEncrypted } from "./cluster-secrets-encrypted";

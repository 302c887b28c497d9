export { securityGroupNoWorldIngress } from "./security-group-no-world-ingress";
export { vpcFlowLogsEnabled } from "./vpc-flow-logs-enabled";

export { instanceImdsv2Required } from "./instance-imdsv2-required";
export { DEFAULT_SECURITY_GROUP_FINDING, instanceNoIngress } from "./instance-no-ingress";
export { instanceNoKeyPair } from "./instance-no-key-pair";
export { instanceNoPublicIp } from "./instance-no-public-ip";
export { instanceVolumesEncrypted } from "./instance-volumes-encrypted";
export { securityGroupNoWorldIngress } from "./security-group-no-world-ingress";
export { vpcFlowLogsEnabled } from "./vpc-flow-logs-enabled";

export { BASTION_AMI_PARAMETER, SSM_MANAGED_INSTANCE_CORE_POLICY_ARN, SsmBastion } from "./ssm-bastion";
export type { SsmBastionProps } from "./ssm-bastion";

/**
 * The public SSM parameter holding the newest Amazon Linux 2023 arm64 AMI. EC2 resolves it when it
 * launches an instance from a launch template whose `image_id` is `resolve:ssm:<parameter>`, so
 * planning needs no AWS call and no AMI id is pinned in the code.
 */
export const AMAZON_LINUX_2023_ARM64_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64";

/** The root device of Amazon Linux 2023 images. */
export const AMAZON_LINUX_2023_ROOT_DEVICE = "/dev/xvda";

// Graviton types carry a "g" among the attribute letters after the generation: t4g, m7gd, c7gn.
const GRAVITON_INSTANCE_TYPE = /^[a-z]+[0-9]+[a-z-]*g[a-z-]*\.[0-9a-z]+$/;

/** Whether `instanceType` is a Graviton (arm64) type, the only kind the arm64 image boots on. */
export function isGravitonInstanceType(instanceType: string): boolean {
  return GRAVITON_INSTANCE_TYPE.test(instanceType);
}

import { InstanceLaunchTemplate } from "@cdktf/provider-aws/lib/instance";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { KmsKey } from "../encryption/kms-key";

/**
 * The public SSM parameter holding the newest Amazon Linux 2023 arm64 AMI. EC2 resolves it when it
 * launches an instance from a launch template whose `image_id` is `resolve:ssm:<parameter>`, so
 * planning needs no AWS call and no AMI id is pinned in the code.
 */
export const AMAZON_LINUX_2023_ARM64_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64";

/** The root device of Amazon Linux 2023 images. */
export const AMAZON_LINUX_2023_ROOT_DEVICE = "/dev/xvda";

/**
 * IMDSv2 only, with a hop limit of 1: only the instance itself, not a container on it, reads the
 * metadata service. Set on the instance and on its launch template, so an instance launched from
 * the template by hand cannot fall back to IMDSv1.
 */
export const IMDSV2_ONLY_METADATA_OPTIONS = { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 } as const;

// Graviton types carry a "g" among the attribute letters after the generation: t4g, m7gd, c7gn.
const GRAVITON_INSTANCE_TYPE = /^[a-z]+[0-9]+[a-z-]*g[a-z-]*\.[0-9a-z]+$/;

/** Whether `instanceType` is a Graviton (arm64) type, the only kind the arm64 image boots on. */
export function isGravitonInstanceType(instanceType: string): boolean {
  return GRAVITON_INSTANCE_TYPE.test(instanceType);
}

/** What differs between the launch templates of {@link amazonLinux2023LaunchTemplate}. */
export interface AmazonLinux2023LaunchTemplateProps {
  /** The template's name, also the `Name` tag of the root volume. */
  readonly name: string;
  readonly description: string;
  /** Key that encrypts the root volume. */
  readonly encryptionKey: KmsKey;
  /** Size of the gp3 root volume in GiB; the image's size when absent. */
  readonly rootVolumeSizeGiB?: number;
  /** EC2 user data, base64-encoded. */
  readonly userData?: string;
}

/**
 * A launch template of the newest Amazon Linux 2023 arm64 image, resolved by EC2 at launch (no data
 * source, so planning needs no AWS call), IMDSv2 only, with a gp3 root volume encrypted with the
 * given key. `aws_instance` alone cannot take the image this way: with a `root_block_device` the
 * provider looks the AMI up by id and fails on `resolve:ssm:`.
 */
export function amazonLinux2023LaunchTemplate(scope: Construct, id: string, props: AmazonLinux2023LaunchTemplateProps): LaunchTemplate {
  return new LaunchTemplate(scope, id, {
    name: props.name,
    description: props.description,
    imageId: `resolve:ssm:${AMAZON_LINUX_2023_ARM64_PARAMETER}`,
    blockDeviceMappings: [
      {
        deviceName: AMAZON_LINUX_2023_ROOT_DEVICE,
        ebs: { volumeType: "gp3", volumeSize: props.rootVolumeSizeGiB, encrypted: "true", kmsKeyId: props.encryptionKey.keyArn, deleteOnTermination: "true" },
      },
    ],
    metadataOptions: IMDSV2_ONLY_METADATA_OPTIONS,
    userData: props.userData,
    tagSpecifications: [{ resourceType: "volume", tags: { Name: props.name } }],
    updateDefaultVersion: true,
  });
}

/** The `launch_template` block of an instance launched from the template's latest version, so a new version replaces it. */
export function latestVersionOf(template: LaunchTemplate): InstanceLaunchTemplate {
  return { id: template.id, version: Token.asString(template.latestVersion) };
}

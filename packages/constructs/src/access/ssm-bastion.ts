import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { ExclusiveRole } from "../iam/private/exclusive-role";
import { ValidationError } from "../config/validation-error";
import { KmsKey } from "../encryption/kms-key";
import { serviceTrustPolicy } from "../iam/policy-document";
import { parseIpv4Cidr } from "../network/cidr";
import { AMAZON_LINUX_2023_ARM64_PARAMETER, amazonLinux2023LaunchTemplate, IMDSV2_ONLY_METADATA_OPTIONS, isGravitonInstanceType, latestVersionOf } from "../compute/amazon-linux-2023";

/** The one managed policy the bastion's role holds: what the SSM agent needs, and nothing else. */
export const SSM_MANAGED_INSTANCE_CORE_POLICY_ARN = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";

/**
 * The public SSM parameter holding the newest Amazon Linux 2023 arm64 AMI, which ships the SSM
 * agent. EC2 resolves it when it launches the instance.
 */
export const BASTION_AMI_PARAMETER = AMAZON_LINUX_2023_ARM64_PARAMETER;

/** MySQL, MongoDB (DocumentDB) and Redis (ElastiCache). */
const DEFAULT_EGRESS_PORTS: readonly number[] = [3306, 27017, 6379];

const NAME_SUFFIX = "-ssm-bastion";
const IAM_ROLE_NAME_MAX_LENGTH = 64;

/** Props of an {@link SsmBastion}. */
export interface SsmBastionProps {
  /**
   * Names the role, instance profile, security group and launch template `<name>-ssm-bastion`.
   * 1-52 letters, digits or `-`, e.g. `openedx-production`.
   */
  readonly name: string;
  /** The VPC of the security group. */
  readonly vpcId: string;
  /**
   * The VPC's IPv4 block, the only destination of the data-service ports (`Network.vpcCidrBlock`).
   */
  readonly vpcCidrBlock: string;
  /**
   * A private subnet (egress through NAT, no public IPs), e.g. one of `Network.privateSubnetIds`.
   * The SSM agent reaches the SSM endpoints over HTTPS from there.
   */
  readonly subnetId: string;
  /** Key that encrypts the root volume (the environment's storage key). */
  readonly encryptionKey: KmsKey;
  /**
   * A Graviton (arm64) instance type, as the image is arm64. A port-forwarding hop needs little.
   * @default "t4g.nano"
   */
  readonly instanceType?: string;
  /**
   * TCP ports the bastion may open connections to inside the VPC, besides HTTPS anywhere. Each port
   * once; an empty list leaves only the HTTPS rule.
   * @default [3306, 27017, 6379] (MySQL, DocumentDB, Redis)
   */
  readonly egressPorts?: readonly number[];
}

/**
 * An EC2 instance to reach the data services for maintenance through AWS Systems Manager Session
 * Manager, with no inbound network path at all: no public IP, no SSH key, and a security group
 * without a single ingress rule. Who may open a session is decided by IAM (`ssm:StartSession` on
 * the instance) and recorded in CloudTrail.
 *
 * - The instance runs in a private subnet; its security group allows egress only to HTTPS anywhere
 *   (the SSM, EC2 messages and package endpoints, through NAT) and to the data-service ports inside
 *   the VPC. The data services admit it by listing {@link SsmBastion.securityGroupId} among their
 *   client security groups.
 * - Its role is trusted by EC2 and holds exactly `AmazonSSMManagedInstanceCore`, exclusively: a
 *   policy attached by hand is removed on the next apply.
 * - IMDSv2 is required with a hop limit of 1, so only the instance itself (not a container on it)
 *   reads its credentials; the root volume is gp3, encrypted with the given key.
 * - The image is the newest Amazon Linux 2023 for arm64, resolved by EC2 at launch from the public
 *   SSM parameter ({@link BASTION_AMI_PARAMETER}) through a launch template, with no data source, so
 *   planning needs no AWS call. `aws_instance` alone cannot do this: with a `root_block_device` the
 *   provider looks the AMI up by id and fails on `resolve:ssm:`. Changes to `ami` are ignored, so a
 *   newer image never replaces a running bastion; replace it (`terraform apply -replace=…`) to
 *   pick one up.
 *
 * Open a shell, or forward a local port to a database (the AWS CLI needs the Session Manager
 * plugin):
 *
 * ```sh
 * aws ssm start-session --target <instanceId>
 * aws ssm start-session --target <instanceId> \
 *   --document-name AWS-StartPortForwardingSessionToRemoteHost \
 *   --parameters '{"host":["<mysql endpoint>"],"portNumber":["3306"],"localPortNumber":["13306"]}'
 * mysql --host 127.0.0.1 --port 13306 --user <user> --password --ssl-mode=REQUIRED
 * ```
 *
 * Construct ids are API (changing one replaces the resource): `Resource` (the instance),
 * `LaunchTemplate`, `Role`, `InstanceProfile`, `SecurityGroup`, `HttpsOut` and `ToVpc-<port>` per
 * egress port.
 *
 * @resource aws_instance
 * @see https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-sessions-port-forwarding.html
 */
export class SsmBastion extends Construct {
  /** The instance id, the `--target` of `aws ssm start-session`. @attribute */
  readonly instanceId: string;
  /** The bastion's security group, to add to the data services' client security groups. @attribute */
  readonly securityGroupId: string;
  /** The instance's role. @attribute */
  readonly roleArn: string;
  /** The instance resource. */
  readonly resource: Instance;

  constructor(scope: Construct, id: string, props: SsmBastionProps) {
    super(scope, id);
    validateProps(this, props);
    const name = `${props.name}${NAME_SUFFIX}`;
    const egressPorts = props.egressPorts ?? DEFAULT_EGRESS_PORTS;

    const role = new ExclusiveRole(this, "Role", {
      roleName: name,
      description: `SSM Session Manager bastion of ${props.name}`,
      assumeRolePolicy: serviceTrustPolicy("ec2.amazonaws.com"),
      managedPolicyArns: [SSM_MANAGED_INSTANCE_CORE_POLICY_ARN],
      inlinePolicies: {},
    });
    const profile = new IamInstanceProfile(this, "InstanceProfile", { name, role: role.roleName });

    // Terraform removes the allow-all egress rule AWS adds to a new group; the rules below replace it.
    const securityGroup = new SecurityGroup(this, "SecurityGroup", {
      name,
      description: `SSM bastion of ${props.name}: no ingress; egress to HTTPS and the data services`,
      vpcId: props.vpcId,
      tags: { Name: name },
    });
    new VpcSecurityGroupEgressRule(this, "HttpsOut", {
      securityGroupId: securityGroup.id,
      description: "SSM agent and package repositories over HTTPS",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: "0.0.0.0/0",
    });
    for (const port of egressPorts) {
      new VpcSecurityGroupEgressRule(this, `ToVpc-${port}`, {
        securityGroupId: securityGroup.id,
        description: `Data service on ${port} inside the VPC`,
        ipProtocol: "tcp",
        fromPort: port,
        toPort: port,
        cidrIpv4: props.vpcCidrBlock,
      });
    }

    const template = amazonLinux2023LaunchTemplate(this, "LaunchTemplate", {
      name,
      description: `SSM bastion of ${props.name}: Amazon Linux 2023 arm64, resolved at launch`,
      encryptionKey: props.encryptionKey,
    });

    this.resource = new Instance(this, "Resource", {
      launchTemplate: latestVersionOf(template),
      instanceType: props.instanceType ?? "t4g.nano",
      subnetId: props.subnetId,
      vpcSecurityGroupIds: [securityGroup.id],
      associatePublicIpAddress: false,
      iamInstanceProfile: profile.name,
      metadataOptions: IMDSV2_ONLY_METADATA_OPTIONS,
      tags: { Name: name },
      lifecycle: { ignoreChanges: ["ami"] },
      // The agent registers at boot with the role's permissions; on destroy, the instance goes first.
      dependsOn: role.policies,
    });

    this.instanceId = this.resource.id;
    this.securityGroupId = securityGroup.id;
    this.roleArn = role.roleArn;
  }
}

const NAME = /^[A-Za-z0-9-]+$/;
const NAME_MAX_LENGTH = IAM_ROLE_NAME_MAX_LENGTH - NAME_SUFFIX.length;
const VPC_ID = /^vpc-[0-9a-f]{8,17}$/;
const SUBNET_ID = /^subnet-[0-9a-f]{8,17}$/;

/** Checks every prop and reports all problems in one error. */
function validateProps(scope: Construct, props: SsmBastionProps): void {
  const problems: string[] = [];
  if (!Token.isUnresolved(props.name) && (!NAME.test(props.name) || props.name.length > NAME_MAX_LENGTH)) {
    problems.push(`name must be 1-${NAME_MAX_LENGTH} letters, digits or "-" (it names the IAM role "<name>${NAME_SUFFIX}"), got "${props.name}"`);
  }
  if (!Token.isUnresolved(props.vpcId) && !VPC_ID.test(props.vpcId)) {
    problems.push(`vpcId must be a VPC id such as "vpc-0123456789abcdef0", got "${props.vpcId}"`);
  }
  if (!Token.isUnresolved(props.vpcCidrBlock) && !parseIpv4Cidr(props.vpcCidrBlock)) {
    problems.push(`vpcCidrBlock must be an IPv4 CIDR block such as "10.40.0.0/16" (no host bits set), got "${props.vpcCidrBlock}"`);
  }
  if (!Token.isUnresolved(props.subnetId) && !SUBNET_ID.test(props.subnetId)) {
    problems.push(`subnetId must be a subnet id such as "subnet-0123456789abcdef0", got "${props.subnetId}"`);
  }
  const instanceType = props.instanceType;
  if (instanceType !== undefined && !Token.isUnresolved(instanceType) && !isGravitonInstanceType(instanceType)) {
    problems.push(`instanceType must be a Graviton (arm64) instance type such as "t4g.nano" or "m7g.medium", as the image is arm64, got "${instanceType}"`);
  }
  const ports = props.egressPorts;
  if (ports !== undefined) {
    const invalid = ports.filter((port) => !Number.isInteger(port) || port < 1 || port > 65535);
    if (invalid.length > 0 || new Set(ports).size !== ports.length) {
      problems.push(`egressPorts must hold TCP ports from 1 to 65535, each once, got ${JSON.stringify(ports)}`);
    }
  }
  if (problems.length > 0) {
    throw new ValidationError(problems.join("; "), scope);
  }
}

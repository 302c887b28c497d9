import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NetworkInterface } from "@cdktf/provider-aws/lib/network-interface";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { amazonLinux2023LaunchTemplate, IMDSV2_ONLY_METADATA_OPTIONS, isGravitonInstanceType, latestVersionOf } from "../compute/amazon-linux-2023";
import { ValidationError } from "../config/validation-error";
import { KmsKey } from "../encryption/kms-key";
import { suppressRules } from "../policy/suppressions";
import { AwsStack } from "../stack/aws-stack";
import { parseIpv4Cidr } from "./cidr";

/** The tag value (`openedx:role`) that marks a NAT instance, for the cost and diagram tools. */
export const NAT_INSTANCE_ROLE_TAG = "nat-instance";

/** Props of a {@link NatInstance}. */
export interface NatInstanceProps {
  /**
   * Names the security group, launch template, alarm and `Name` tags, e.g.
   * `openedx-staging-nat-eu-west-1a`. 1-64 letters, digits or `-`.
   */
  readonly name: string;
  /** The VPC of the security group. */
  readonly vpcId: string;
  /** A public subnet (default route to the internet gateway), where the instance and its address live. */
  readonly subnetId: string;
  /** The VPC's internet gateway: an Elastic IP can only be associated once it is attached. */
  readonly internetGateway: InternetGateway;
  /**
   * The IPv4 blocks whose traffic the instance translates, normally the private subnets'. They are
   * the only sources its security group admits and the only ones it masquerades, and they are
   * written into its start-up script, so they must be literal blocks, not tokens.
   */
  readonly sourceCidrBlocks: readonly string[];
  /** Key that encrypts the root volume (the environment's storage key). */
  readonly encryptionKey: KmsKey;
  /**
   * A Graviton (arm64) instance type, as the image is arm64. Forwarding packets needs little CPU;
   * a nano's network bandwidth (up to 5 Gbit/s burst, 32 Mbit/s baseline) suits an environment
   * that pulls images and calls APIs, not one that moves data in bulk.
   * @default "t4g.nano"
   */
  readonly instanceType?: string;
  /**
   * Size of the gp3 root volume, in GiB. Amazon Linux 2023 needs 8; nothing else is stored.
   * @default 8
   */
  readonly rootVolumeSizeGiB?: number;
}

/**
 * A NAT instance: one small EC2 instance that gives private subnets their outbound IPv4 path
 * for about a tenth of a NAT gateway's hourly price. It is the cost lever of environments that
 * can accept its trade-offs, which the environment configuration refuses in production:
 * - it is one instance in one zone: a reboot, a replacement or the zone's loss cuts the egress of
 *   every subnet routed to it (image pulls from public registries, AWS APIs without endpoints);
 * - its throughput is the instance type's network bandwidth, not a NAT gateway's 100 Gbit/s;
 * - its operating system is the Amazon Linux 2023 image current at launch; it takes no updates by
 *   itself. Replace it (`terraform apply -replace=<instance address>`) to pick up a newer image;
 *   egress stops for the minute or two the new instance takes to boot.
 *
 * What keeps it safe and steady:
 * - the private subnets route to a network interface of its own (`NetworkInterface`, source/
 *   destination check off) that outlives the instance, so replacing the instance changes no route,
 *   and the Elastic IP sits on that interface before the instance boots: the egress address is
 *   stable, and the start-up script can reach the package repository at once;
 * - the security group admits only the source blocks (every protocol, as it forwards whatever they
 *   send out) and nothing from the internet; there is no SSH key, no IAM role at all, IMDSv2 is
 *   required with a hop limit of 1, and the root volume is gp3, encrypted with the given key;
 * - EC2's simplified automatic recovery (`maintenance_options.auto_recovery`) moves it to healthy
 *   hardware when the system status check fails, and an alarm reboots it when its own status check
 *   fails for three minutes;
 * - the start-up script turns on IPv4 forwarding, installs `iptables-services` (retrying while
 *   the network comes up) and masquerades only the source blocks behind the instance's address,
 *   saving the rules so they survive a reboot.
 *
 * Construct ids are API (changing one replaces the resource): `Resource` (the instance),
 * `LaunchTemplate`, `NetworkInterface`, `Eip`, `SecurityGroup`, `From-<block>` per source block,
 * `ToInternet` and `RebootOnFailedStatusCheck`.
 *
 * @resource aws_instance
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/work-with-nat-instances.html
 */
export class NatInstance extends Construct {
  /** The network interface the private route tables send `0.0.0.0/0` to. @attribute */
  readonly networkInterfaceId: string;
  /** The Elastic IP: the egress address of the subnets routed here. @attribute */
  readonly publicIp: string;
  /** The instance id. @attribute */
  readonly instanceId: string;
  /** The instance's security group. @attribute */
  readonly securityGroupId: string;
  /** The instance resource. */
  readonly resource: Instance;

  constructor(scope: Construct, id: string, props: NatInstanceProps) {
    super(scope, id);
    validateProps(this, props);
    const tags = { Name: props.name, "openedx:role": NAT_INSTANCE_ROLE_TAG };

    // Terraform removes the allow-all egress rule AWS adds to a new group; the rules below replace it.
    const securityGroup = new SecurityGroup(this, "SecurityGroup", {
      name: props.name,
      description: `NAT instance ${props.name}: admits the private subnets only, forwards to the internet`,
      vpcId: props.vpcId,
      tags: { Name: props.name },
    });
    for (const cidrBlock of props.sourceCidrBlocks) {
      new VpcSecurityGroupIngressRule(this, `From-${cidrBlock.replace("/", "-")}`, {
        securityGroupId: securityGroup.id,
        description: `Traffic to translate from ${cidrBlock}`,
        ipProtocol: "-1",
        cidrIpv4: cidrBlock,
      });
    }
    new VpcSecurityGroupEgressRule(this, "ToInternet", {
      securityGroupId: securityGroup.id,
      description: "Translated traffic to the internet",
      ipProtocol: "-1",
      cidrIpv4: "0.0.0.0/0",
    });

    const networkInterface = new NetworkInterface(this, "NetworkInterface", {
      subnetId: props.subnetId,
      securityGroups: [securityGroup.id],
      sourceDestCheck: false,
      description: `NAT instance ${props.name}: the private subnets' default route`,
      tags: { Name: props.name },
    });
    const eip = new Eip(this, "Eip", {
      domain: "vpc",
      networkInterface: networkInterface.id,
      tags: { Name: props.name },
      dependsOn: [props.internetGateway],
    });

    const template = amazonLinux2023LaunchTemplate(this, "LaunchTemplate", {
      name: props.name,
      description: `NAT instance ${props.name}: Amazon Linux 2023 arm64, resolved at launch`,
      encryptionKey: props.encryptionKey,
      rootVolumeSizeGiB: props.rootVolumeSizeGiB ?? 8,
      userData: Buffer.from(natStartupScript(props.sourceCidrBlocks), "utf8").toString("base64"),
    });

    this.resource = new Instance(this, "Resource", {
      launchTemplate: latestVersionOf(template),
      instanceType: props.instanceType ?? "t4g.nano",
      networkInterface: [{ networkInterfaceId: networkInterface.id, deviceIndex: 0 }],
      metadataOptions: IMDSV2_ONLY_METADATA_OPTIONS,
      maintenanceOptions: { autoRecovery: "default" },
      tags,
      lifecycle: { ignoreChanges: ["ami"] },
      // The start-up script installs packages over the Elastic IP, so the address comes first.
      dependsOn: [eip],
    });
    suppressRules(this.resource, [
      {
        id: "OpenedxAws-BASTION5",
        reason:
          "a NAT instance must admit the traffic it forwards: its network interface's security group admits the private subnets' blocks only, nothing from the internet",
      },
    ]);

    new CloudwatchMetricAlarm(this, "RebootOnFailedStatusCheck", {
      alarmName: `${props.name}-reboot-on-failed-status-check`,
      alarmDescription: `Reboots the NAT instance ${props.name} when its instance status check fails for three minutes`,
      namespace: "AWS/EC2",
      metricName: "StatusCheckFailed_Instance",
      dimensions: { InstanceId: this.resource.id },
      statistic: "Maximum",
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold: 1,
      period: 60,
      evaluationPeriods: 3,
      treatMissingData: "missing",
      alarmActions: [`arn:aws:automate:${AwsStack.of(this).region}:ec2:reboot`],
    });

    this.networkInterfaceId = networkInterface.id;
    this.publicIp = eip.publicIp;
    this.instanceId = this.resource.id;
    this.securityGroupId = securityGroup.id;
  }
}

/**
 * The start-up script (EC2 user data) of a NAT instance that translates `sourceCidrBlocks`:
 * forwarding on now and at every boot, `iptables-services` installed, one MASQUERADE rule per block
 * on the interface of the default route, the FORWARD chain's default reject removed, and the rules
 * saved to `/etc/sysconfig/iptables`, which the `iptables` service loads at boot.
 */
export function natStartupScript(sourceCidrBlocks: readonly string[]): string {
  return [
    "#!/bin/bash",
    "# NAT for the private subnets (openedx-infra NatInstance).",
    "set -euo pipefail",
    "echo 'net.ipv4.ip_forward = 1' > /etc/sysctl.d/90-nat-instance.conf",
    "sysctl -w net.ipv4.ip_forward=1",
    "# The package repository may not answer in the first seconds of the network: retry for 5 minutes.",
    "attempt=0",
    "until dnf install -y iptables-services; do",
    "  attempt=$((attempt + 1))",
    '  if [ "$attempt" -ge 30 ]; then echo "nat-instance: iptables-services could not be installed" >&2; exit 1; fi',
    "  sleep 10",
    "done",
    "systemctl enable --now iptables",
    "interface=$(ip -o -4 route show default | awk '{print $5; exit}')",
    "# The stock rules reject forwarded packets; the security group already limits who may send them.",
    "iptables -F FORWARD",
    ...sourceCidrBlocks.map((cidrBlock) => `iptables -t nat -A POSTROUTING -o "$interface" -s ${cidrBlock} -j MASQUERADE`),
    "# What `service iptables save` writes, without depending on the service wrapper.",
    "iptables-save > /etc/sysconfig/iptables",
    "",
  ].join("\n");
}

const NAME = /^[A-Za-z0-9-]{1,64}$/;
const VPC_ID = /^vpc-[0-9a-f]{8,17}$/;
const SUBNET_ID = /^subnet-[0-9a-f]{8,17}$/;

/** Checks every prop and reports all problems in one error. */
function validateProps(scope: Construct, props: NatInstanceProps): void {
  const problems: string[] = [];
  if (!Token.isUnresolved(props.name) && !NAME.test(props.name)) {
    problems.push(`name must be 1-64 letters, digits or "-", got "${props.name}"`);
  }
  if (!Token.isUnresolved(props.vpcId) && !VPC_ID.test(props.vpcId)) {
    problems.push(`vpcId must be a VPC id such as "vpc-0123456789abcdef0", got "${props.vpcId}"`);
  }
  if (!Token.isUnresolved(props.subnetId) && !SUBNET_ID.test(props.subnetId)) {
    problems.push(`subnetId must be a subnet id such as "subnet-0123456789abcdef0", got "${props.subnetId}"`);
  }
  const blocks = props.sourceCidrBlocks;
  const badBlocks = blocks.filter((block) => Token.isUnresolved(block) || !parseIpv4Cidr(block));
  if (blocks.length === 0 || badBlocks.length > 0 || new Set(blocks).size !== blocks.length) {
    problems.push(
      `sourceCidrBlocks must list IPv4 CIDR blocks such as "10.40.16.0/20", each once and known when synthesizing (they are written into the start-up script), got ${JSON.stringify(blocks)}`,
    );
  }
  const instanceType = props.instanceType;
  if (instanceType !== undefined && !Token.isUnresolved(instanceType) && !isGravitonInstanceType(instanceType)) {
    problems.push(`instanceType must be a Graviton (arm64) instance type such as "t4g.nano" or "c7g.medium", as the image is arm64, got "${instanceType}"`);
  }
  const size = props.rootVolumeSizeGiB;
  if (size !== undefined && (!Number.isInteger(size) || size < 8 || size > 16384)) {
    problems.push(`rootVolumeSizeGiB must be a whole number of GiB from 8 (the image's size) to 16384, got ${size}`);
  }
  if (problems.length > 0) {
    throw new ValidationError(problems.join("; "), scope);
  }
}

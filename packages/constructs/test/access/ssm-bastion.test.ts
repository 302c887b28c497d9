import { describe, expect, it } from "vitest";
import { BASTION_AMI_PARAMETER, SsmBastion, SsmBastionProps, SSM_MANAGED_INSTANCE_CORE_POLICY_ARN } from "../../src/access";
import { KmsKey } from "../../src/encryption/kms-key";
import { AwsStack } from "../../src/stack/aws-stack";
import { dataFixture, rejectionOf, resolvedAttributes } from "../construct-fixture";
import { policyOf, SynthesizedStack, testStack } from "../synth";

const LITERAL_PROPS = {
  name: "openedx-test",
  vpcId: "vpc-0123456789abcdef0",
  vpcCidrBlock: "10.40.0.0/16",
  subnetId: "subnet-0123456789abcdef0",
};

/** A bastion in a real network, as the environments wire it. */
function build(overrides: Partial<SsmBastionProps> = {}): { stack: AwsStack; bastion: SsmBastion } {
  const { stack, network } = dataFixture();
  const encryptionKey = new KmsKey(stack, "storage", { aliasName: "test/storage", description: "storage" });
  const bastion = new SsmBastion(stack, "bastion", {
    name: "openedx-test",
    vpcId: network.vpcId,
    vpcCidrBlock: network.vpcCidrBlock,
    subnetId: network.privateSubnetIds[0],
    encryptionKey,
    ...overrides,
  });
  return { stack, bastion };
}

/** A bastion from literal ids, for the validation of each prop. */
function rejected(overrides: Partial<SsmBastionProps>): string {
  const stack = testStack();
  const encryptionKey = new KmsKey(stack, "storage", { aliasName: "test/storage", description: "storage" });
  return rejectionOf(() => new SsmBastion(stack, "bastion", { ...LITERAL_PROPS, encryptionKey, ...overrides }));
}

/** `type.name` as `depends_on` lists it. */
function address(synthesized: SynthesizedStack, type: string, suffix: string): string {
  return synthesized.ref(type, suffix, "x").slice(2, -3);
}

describe("SsmBastion", () => {
  const synthesized = new SynthesizedStack(build().stack);
  const securityGroupId = synthesized.ref("aws_security_group", "bastion/SecurityGroup", "id");
  const vpcCidr = synthesized.ref("aws_vpc", "network/Resource", "cidr_block");
  const instance = synthesized.only("aws_instance");
  const template = synthesized.only("aws_launch_template");

  it("has a security group without any ingress rule", () => {
    const group = synthesized.only("aws_security_group");
    expect(group).toMatchObject({ name: "openedx-test-ssm-bastion", vpc_id: synthesized.ref("aws_vpc", "network/Resource", "id") });
    expect(group).not.toHaveProperty("ingress");
    expect(group).not.toHaveProperty("egress");
    expect(synthesized.resources("aws_vpc_security_group_ingress_rule")).toEqual([]);
    expect(synthesized.resources("aws_security_group_rule")).toEqual([]);
  });

  it("allows egress only to HTTPS anywhere and to MySQL, DocumentDB and Redis inside the VPC", () => {
    const egress = synthesized
      .resources("aws_vpc_security_group_egress_rule")
      .map(([, rule]) => ({ group: rule.security_group_id, protocol: rule.ip_protocol, from: rule.from_port, to: rule.to_port, cidr: rule.cidr_ipv4 }));
    expect(egress).toEqual([
      { group: securityGroupId, protocol: "tcp", from: 443, to: 443, cidr: "0.0.0.0/0" },
      { group: securityGroupId, protocol: "tcp", from: 3306, to: 3306, cidr: vpcCidr },
      { group: securityGroupId, protocol: "tcp", from: 27017, to: 27017, cidr: vpcCidr },
      { group: securityGroupId, protocol: "tcp", from: 6379, to: 6379, cidr: vpcCidr },
    ]);
  });

  it("runs one t4g.nano in the private subnet, with no public IP and no key pair", () => {
    expect(synthesized.resources("aws_instance")).toHaveLength(1);
    expect(instance).toMatchObject({
      instance_type: "t4g.nano",
      subnet_id: synthesized.ref("aws_subnet", "network/Private/eu-west-1a", "id"),
      vpc_security_group_ids: [securityGroupId],
      associate_public_ip_address: false,
      iam_instance_profile: synthesized.ref("aws_iam_instance_profile", "bastion/InstanceProfile", "name"),
      tags: { Name: "openedx-test-ssm-bastion" },
    });
    expect(instance).not.toHaveProperty("key_name");
    expect(template).not.toHaveProperty("key_name");
    expect(synthesized.resources("aws_key_pair")).toEqual([]);
  });

  it("requires IMDSv2 with a hop limit of 1, on the instance and its launch template", () => {
    const imds = { http_endpoint: "enabled", http_tokens: "required", http_put_response_hop_limit: 1 };
    expect(instance.metadata_options).toEqual(imds);
    expect(template.metadata_options).toEqual(imds);
  });

  it("launches Amazon Linux 2023 arm64 resolved by EC2 from the public SSM parameter, with no data source", () => {
    expect(template.image_id).toBe("resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64");
    expect(BASTION_AMI_PARAMETER).toBe("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64");
    expect(instance.launch_template).toEqual({
      id: synthesized.ref("aws_launch_template", "bastion/LaunchTemplate", "id"),
      version: synthesized.ref("aws_launch_template", "bastion/LaunchTemplate", "latest_version"),
    });
    expect(instance).not.toHaveProperty("ami");
    expect(instance).not.toHaveProperty("root_block_device");
    expect(synthesized.json).not.toHaveProperty("data");
  });

  it("ignores image changes, so a newer AMI does not replace the instance", () => {
    expect(instance.lifecycle).toEqual({ ignore_changes: ["ami"] });
  });

  it("encrypts the gp3 root volume with the given key", () => {
    expect(template.block_device_mappings).toEqual([
      {
        device_name: "/dev/xvda",
        ebs: {
          volume_type: "gp3",
          encrypted: "true",
          kms_key_id: synthesized.ref("aws_kms_key", "storage/Resource", "arn"),
          delete_on_termination: "true",
        },
      },
    ]);
  });

  it("gives the instance a role trusted by EC2 holding exactly AmazonSSMManagedInstanceCore", () => {
    const role = synthesized.byPath("aws_iam_role", "bastion/Role/Resource");
    expect(role.name).toBe("openedx-test-ssm-bastion");
    expect(policyOf(role.assume_role_policy).Statement).toEqual([
      { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: ["sts:AssumeRole"] },
    ]);
    const roleName = synthesized.ref("aws_iam_role", "bastion/Role/Resource", "name");
    expect(synthesized.byPath("aws_iam_role_policy_attachments_exclusive", "bastion/Role/ManagedPolicies")).toMatchObject({
      role_name: roleName,
      policy_arns: ["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"],
    });
    expect(SSM_MANAGED_INSTANCE_CORE_POLICY_ARN).toBe("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore");
    expect(synthesized.byPath("aws_iam_role_policies_exclusive", "bastion/Role/InlinePolicies")).toMatchObject({ role_name: roleName, policy_names: [] });
    const ofBastion = (type: string) => synthesized.resources(type).filter(([, config]) => JSON.stringify(config).includes(roleName));
    expect(ofBastion("aws_iam_role_policy")).toEqual([]);
    expect(ofBastion("aws_iam_role_policy_attachment")).toEqual([]);
    expect(synthesized.only("aws_iam_instance_profile")).toMatchObject({ name: "openedx-test-ssm-bastion", role: roleName });
  });

  it("starts after the role's policies are in place", () => {
    expect([...(instance.depends_on as string[])].sort()).toEqual(
      [
        address(synthesized, "aws_iam_role_policy_attachments_exclusive", "bastion/Role/ManagedPolicies"),
        address(synthesized, "aws_iam_role_policies_exclusive", "bastion/Role/InlinePolicies"),
      ].sort(),
    );
  });

  it("exposes the instance id, security group id and role ARN", () => {
    const { stack, bastion } = build();
    const { synthesized: withOutputs, values } = resolvedAttributes(stack, {
      instanceId: bastion.instanceId,
      securityGroupId: bastion.securityGroupId,
      roleArn: bastion.roleArn,
    });
    expect(values).toEqual({
      instanceId: withOutputs.ref("aws_instance", "bastion/Resource", "id"),
      securityGroupId: withOutputs.ref("aws_security_group", "bastion/SecurityGroup", "id"),
      roleArn: withOutputs.ref("aws_iam_role", "bastion/Role/Resource", "arn"),
    });
  });

  it("takes another Graviton type and other data-service ports", () => {
    const custom = new SynthesizedStack(build({ instanceType: "m7g.medium", egressPorts: [3306, 9200] }).stack);
    expect(custom.only("aws_instance").instance_type).toBe("m7g.medium");
    const ports = custom.resources("aws_vpc_security_group_egress_rule").map(([, rule]) => [rule.from_port, rule.cidr_ipv4]);
    const cidr = custom.ref("aws_vpc", "network/Resource", "cidr_block");
    expect(ports).toEqual([
      [443, "0.0.0.0/0"],
      [3306, cidr],
      [9200, cidr],
    ]);
  });

  it("keeps only the HTTPS rule when no data-service port is given", () => {
    const custom = new SynthesizedStack(build({ egressPorts: [] }).stack);
    expect(custom.resources("aws_vpc_security_group_egress_rule").map(([, rule]) => rule.from_port)).toEqual([443]);
  });

  it("accepts literal ids", () => {
    const stack = testStack();
    const encryptionKey = new KmsKey(stack, "storage", { aliasName: "test/storage", description: "storage" });
    new SsmBastion(stack, "bastion", { ...LITERAL_PROPS, encryptionKey });
    const literal = new SynthesizedStack(stack);
    expect(literal.only("aws_instance").subnet_id).toBe("subnet-0123456789abcdef0");
    expect(literal.byPath("aws_vpc_security_group_egress_rule", "bastion/ToVpc-3306").cidr_ipv4).toBe("10.40.0.0/16");
  });

  it.each<[string, Partial<SsmBastionProps>, string]>([
    ["a name with an underscore", { name: "openedx_test" }, 'name must be 1-52 letters, digits or "-" (it names the IAM role "<name>-ssm-bastion"), got "openedx_test"'],
    ["a name too long for the role", { name: "a".repeat(53) }, `name must be 1-52 letters, digits or "-" (it names the IAM role "<name>-ssm-bastion"), got "${"a".repeat(53)}"`],
    ["a VPC name instead of an id", { vpcId: "production" }, 'vpcId must be a VPC id such as "vpc-0123456789abcdef0", got "production"'],
    ["a CIDR block with host bits", { vpcCidrBlock: "10.40.0.1/16" }, 'vpcCidrBlock must be an IPv4 CIDR block such as "10.40.0.0/16" (no host bits set), got "10.40.0.1/16"'],
    ["a security group id as subnet", { subnetId: "sg-0123456789abcdef0" }, 'subnetId must be a subnet id such as "subnet-0123456789abcdef0", got "sg-0123456789abcdef0"'],
    [
      "an x86 instance type",
      { instanceType: "t3.nano" },
      'instanceType must be a Graviton (arm64) instance type such as "t4g.nano" or "m7g.medium", as the image is arm64, got "t3.nano"',
    ],
    [
      "a GPU instance type",
      { instanceType: "g5.xlarge" },
      'instanceType must be a Graviton (arm64) instance type such as "t4g.nano" or "m7g.medium", as the image is arm64, got "g5.xlarge"',
    ],
    ["a port out of range", { egressPorts: [3306, 70000] }, "egressPorts must hold TCP ports from 1 to 65535, each once, got [3306,70000]"],
    ["a repeated port", { egressPorts: [3306, 3306] }, "egressPorts must hold TCP ports from 1 to 65535, each once, got [3306,3306]"],
  ])("rejects %s", (_, overrides, message) => {
    expect(rejected(overrides)).toBe(`${message} (at test/bastion)`);
  });

  it("reports every problem at once", () => {
    expect(rejected({ vpcId: "vpc-1", subnetId: "subnet-1", instanceType: "m5.large" })).toBe(
      'vpcId must be a VPC id such as "vpc-0123456789abcdef0", got "vpc-1"; ' +
        'subnetId must be a subnet id such as "subnet-0123456789abcdef0", got "subnet-1"; ' +
        'instanceType must be a Graviton (arm64) instance type such as "t4g.nano" or "m7g.medium", as the image is arm64, got "m5.large" (at test/bastion)',
    );
  });
});

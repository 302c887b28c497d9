import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { describe, expect, it } from "vitest";
import { KmsKey } from "../../src/encryption/kms-key";
import { NAT_INSTANCE_ROLE_TAG, NatInstance, NatInstanceProps, natStartupScript } from "../../src/network/nat-instance";
import { rejectionOf, resolvedAttributes } from "../construct-fixture";
import { SynthesizedStack, testStack } from "../synth";

const SOURCES = ["10.50.0.0/19", "10.50.32.0/19"];

function build(overrides: Partial<NatInstanceProps> = {}): { synthesized: SynthesizedStack; nat: NatInstance; stack: ReturnType<typeof testStack> } {
  const stack = testStack();
  const encryptionKey = new KmsKey(stack, "storage", { aliasName: "test/storage", description: "storage" });
  const internetGateway = new InternetGateway(stack, "igw", { vpcId: "vpc-0123456789abcdef0" });
  const nat = new NatInstance(stack, "nat", {
    name: "openedx-test-nat-eu-west-1a",
    vpcId: "vpc-0123456789abcdef0",
    subnetId: "subnet-0123456789abcdef0",
    internetGateway,
    sourceCidrBlocks: SOURCES,
    encryptionKey,
    ...overrides,
  });
  return { synthesized: new SynthesizedStack(stack), nat, stack };
}

function rejected(overrides: Partial<NatInstanceProps>): string {
  return rejectionOf(() => build(overrides));
}

function decodedUserData(synthesized: SynthesizedStack): string {
  return Buffer.from(String(synthesized.only("aws_launch_template").user_data), "base64").toString("utf8");
}

describe("NatInstance", () => {
  const { synthesized, nat } = build();
  const instance = synthesized.only("aws_instance");
  const template = synthesized.only("aws_launch_template");
  const networkInterface = synthesized.only("aws_network_interface");
  const interfaceId = synthesized.ref("aws_network_interface", "nat/NetworkInterface", "id");
  const groupId = synthesized.ref("aws_security_group", "nat/SecurityGroup", "id");

  it("forwards through a network interface of its own with the source/destination check off, in the public subnet", () => {
    expect(networkInterface).toMatchObject({ subnet_id: "subnet-0123456789abcdef0", security_groups: [groupId], source_dest_check: false });
    expect(instance.network_interface).toEqual([{ network_interface_id: interfaceId, device_index: 0 }]);
    expect(instance).not.toHaveProperty("subnet_id");
    expect(instance).not.toHaveProperty("associate_public_ip_address");
  });

  it("holds its Elastic IP on that interface, after the internet gateway, and boots only once the address is there", () => {
    const eip = synthesized.only("aws_eip");
    expect(eip).toMatchObject({ domain: "vpc", network_interface: interfaceId });
    expect(eip).not.toHaveProperty("instance");
    expect(eip.depends_on).toEqual([synthesized.ref("aws_internet_gateway", "igw", "x").slice(2, -3)]);
    expect(instance.depends_on).toEqual([synthesized.ref("aws_eip", "nat/Eip", "x").slice(2, -3)]);
  });

  it("admits every protocol from the source blocks only, and sends translated traffic anywhere", () => {
    const ingress = synthesized.resources("aws_vpc_security_group_ingress_rule").map(([, rule]) => [rule.security_group_id, rule.ip_protocol, rule.cidr_ipv4]);
    expect(ingress).toEqual(SOURCES.map((cidr) => [groupId, "-1", cidr]));
    const egress = synthesized.resources("aws_vpc_security_group_egress_rule").map(([, rule]) => [rule.security_group_id, rule.ip_protocol, rule.cidr_ipv4]);
    expect(egress).toEqual([[groupId, "-1", "0.0.0.0/0"]]);
    const group = synthesized.only("aws_security_group");
    expect(group).not.toHaveProperty("ingress");
    expect(group).not.toHaveProperty("egress");
  });

  it("runs a t4g.nano with no key pair, no IAM role, IMDSv2 with a hop limit of 1 and simplified automatic recovery", () => {
    expect(instance).toMatchObject({ instance_type: "t4g.nano", maintenance_options: { auto_recovery: "default" } });
    const imds = { http_endpoint: "enabled", http_tokens: "required", http_put_response_hop_limit: 1 };
    expect(instance.metadata_options).toEqual(imds);
    expect(template.metadata_options).toEqual(imds);
    for (const resource of [instance, template]) {
      expect(resource).not.toHaveProperty("key_name");
      expect(resource).not.toHaveProperty("iam_instance_profile");
    }
    expect(synthesized.resources("aws_iam_role")).toEqual([]);
    expect(instance.tags).toEqual({ Name: "openedx-test-nat-eu-west-1a", "openedx:role": NAT_INSTANCE_ROLE_TAG });
  });

  it("launches Amazon Linux 2023 arm64 resolved at launch from the public SSM parameter, with no data source, ignoring newer images", () => {
    expect(template.image_id).toBe("resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64");
    expect(instance.launch_template).toEqual({
      id: synthesized.ref("aws_launch_template", "nat/LaunchTemplate", "id"),
      version: synthesized.ref("aws_launch_template", "nat/LaunchTemplate", "latest_version"),
    });
    expect(instance).not.toHaveProperty("ami");
    expect(instance.lifecycle).toEqual({ ignore_changes: ["ami"] });
    expect(synthesized.json).not.toHaveProperty("data");
  });

  it("encrypts its 8 GiB gp3 root volume with the given key", () => {
    expect(template.block_device_mappings).toEqual([
      {
        device_name: "/dev/xvda",
        ebs: {
          volume_type: "gp3",
          volume_size: 8,
          encrypted: "true",
          kms_key_id: synthesized.ref("aws_kms_key", "storage/Resource", "arn"),
          delete_on_termination: "true",
        },
      },
    ]);
  });

  it("starts with a script that turns forwarding on and masquerades exactly the source blocks, saving the rules", () => {
    const script = decodedUserData(synthesized);
    expect(script).toBe(natStartupScript(SOURCES));
    expect(script.startsWith("#!/bin/bash\n")).toBe(true);
    expect(script).toContain("net.ipv4.ip_forward = 1");
    expect(script).toContain("until dnf install -y iptables-services; do");
    expect(script).toContain("systemctl enable --now iptables");
    expect(script).toContain("iptables -F FORWARD");
    expect(script.match(/-j MASQUERADE/g)).toHaveLength(2);
    for (const cidr of SOURCES) expect(script).toContain(`iptables -t nat -A POSTROUTING -o "$interface" -s ${cidr} -j MASQUERADE`);
    expect(script).toContain("sysctl -w net.ipv4.ip_forward=1");
    expect(script.trimEnd().endsWith("iptables-save > /etc/sysconfig/iptables")).toBe(true);
    // Terraform would read "${" as an interpolation if the script were ever inlined.
    expect(script).not.toContain("${");
  });

  it("has a start-up script that bash parses", () => {
    const directory = mkdtempSync(join(tmpdir(), "nat-instance-"));
    const file = join(directory, "user-data.sh");
    writeFileSync(file, decodedUserData(synthesized));
    expect(() => execFileSync("bash", ["-n", file], { stdio: "pipe" })).not.toThrow();
  });

  it("reboots the instance when its own status check fails for three minutes", () => {
    expect(synthesized.only("aws_cloudwatch_metric_alarm")).toMatchObject({
      alarm_name: "openedx-test-nat-eu-west-1a-reboot-on-failed-status-check",
      namespace: "AWS/EC2",
      metric_name: "StatusCheckFailed_Instance",
      dimensions: { InstanceId: synthesized.ref("aws_instance", "nat/Resource", "id") },
      statistic: "Maximum",
      comparison_operator: "GreaterThanOrEqualToThreshold",
      threshold: 1,
      period: 60,
      evaluation_periods: 3,
      alarm_actions: ["arn:aws:automate:eu-west-1:ec2:reboot"],
    });
  });

  it("passes the AWS pack, with the no-ingress rule of bastions suppressed on the instance with its reason", () => {
    const infos = nat.resource.node.metadata.filter((entry) => entry.type === "@cdktf/info").map((entry) => String(entry.data));
    expect(infos).toEqual([expect.stringMatching(/^\[OpenedxAws-BASTION5\] suppressed at test\/nat\/Resource \(aws_instance\.nat_[0-9A-F]{8}\): a NAT instance must admit the traffic it forwards/)]);
  });

  it("exposes the route target, public IP, instance id and security group id", () => {
    const { stack, nat: built } = build();
    const { synthesized: withOutputs, values } = resolvedAttributes(stack, {
      networkInterfaceId: built.networkInterfaceId,
      publicIp: built.publicIp,
      instanceId: built.instanceId,
      securityGroupId: built.securityGroupId,
    });
    expect(values).toEqual({
      networkInterfaceId: withOutputs.ref("aws_network_interface", "nat/NetworkInterface", "id"),
      publicIp: withOutputs.ref("aws_eip", "nat/Eip", "public_ip"),
      instanceId: withOutputs.ref("aws_instance", "nat/Resource", "id"),
      securityGroupId: withOutputs.ref("aws_security_group", "nat/SecurityGroup", "id"),
    });
  });

  it("takes another Graviton type and a larger root volume", () => {
    const { synthesized: custom } = build({ instanceType: "c7g.medium", rootVolumeSizeGiB: 16 });
    expect(custom.only("aws_instance").instance_type).toBe("c7g.medium");
    expect((custom.only("aws_launch_template").block_device_mappings as { ebs: { volume_size: number } }[])[0].ebs.volume_size).toBe(16);
  });

  it.each<[string, Partial<NatInstanceProps>, string]>([
    ["a name with an underscore", { name: "nat_a" }, 'name must be 1-64 letters, digits or "-", got "nat_a"'],
    ["a VPC name instead of an id", { vpcId: "staging" }, 'vpcId must be a VPC id such as "vpc-0123456789abcdef0", got "staging"'],
    ["a security group id as subnet", { subnetId: "sg-0123456789abcdef0" }, 'subnetId must be a subnet id such as "subnet-0123456789abcdef0", got "sg-0123456789abcdef0"'],
    [
      "no source block",
      { sourceCidrBlocks: [] },
      'sourceCidrBlocks must list IPv4 CIDR blocks such as "10.40.16.0/20", each once and known when synthesizing (they are written into the start-up script), got []',
    ],
    [
      "a source block with host bits",
      { sourceCidrBlocks: ["10.50.0.1/19"] },
      'sourceCidrBlocks must list IPv4 CIDR blocks such as "10.40.16.0/20", each once and known when synthesizing (they are written into the start-up script), got ["10.50.0.1/19"]',
    ],
    [
      "a source block twice",
      { sourceCidrBlocks: ["10.50.0.0/19", "10.50.0.0/19"] },
      'sourceCidrBlocks must list IPv4 CIDR blocks such as "10.40.16.0/20", each once and known when synthesizing (they are written into the start-up script), got ["10.50.0.0/19","10.50.0.0/19"]',
    ],
    [
      "an x86 instance type",
      { instanceType: "t3.nano" },
      'instanceType must be a Graviton (arm64) instance type such as "t4g.nano" or "c7g.medium", as the image is arm64, got "t3.nano"',
    ],
    ["a root volume below the image", { rootVolumeSizeGiB: 4 }, "rootVolumeSizeGiB must be a whole number of GiB from 8 (the image's size) to 16384, got 4"],
  ])("refuses %s", (_, overrides, message) => {
    expect(rejected(overrides)).toContain(message);
  });

  it("refuses a source block only known at apply time, as the start-up script needs it", () => {
    const stack = testStack();
    const encryptionKey = new KmsKey(stack, "storage", { aliasName: "test/storage", description: "storage" });
    const internetGateway = new InternetGateway(stack, "igw", { vpcId: "vpc-0123456789abcdef0" });
    const message = rejectionOf(
      () =>
        new NatInstance(stack, "nat", {
          name: "nat",
          vpcId: "vpc-0123456789abcdef0",
          subnetId: "subnet-0123456789abcdef0",
          internetGateway,
          sourceCidrBlocks: [internetGateway.id],
          encryptionKey,
        }),
    );
    expect(message).toContain("sourceCidrBlocks must list IPv4 CIDR blocks");
    expect(message).toContain("known when synthesizing");
  });

  it("reports every bad prop at once", () => {
    const message = rejected({ name: "nat_a", instanceType: "t3.nano" });
    expect(message).toContain("name must be");
    expect(message).toContain("instanceType must be");
  });
});

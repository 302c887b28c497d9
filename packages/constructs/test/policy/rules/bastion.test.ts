import { Eip } from "@cdktf/provider-aws/lib/eip";
import { EipAssociation } from "@cdktf/provider-aws/lib/eip-association";
import { Instance, InstanceConfig } from "@cdktf/provider-aws/lib/instance";
import { LaunchTemplate, LaunchTemplateConfig } from "@cdktf/provider-aws/lib/launch-template";
import { SecurityGroup, SecurityGroupConfig } from "@cdktf/provider-aws/lib/security-group";
import { SecurityGroupRule } from "@cdktf/provider-aws/lib/security-group-rule";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { packOf, policyStack, ruleStack, synthFailure, violationLines } from "../fixtures";
import { violatedRules } from "./rule-results";

const KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/1";
const BASTION_RULES = ["OpenedxAws-BASTION1", "OpenedxAws-BASTION2", "OpenedxAws-BASTION3", "OpenedxAws-BASTION4", "OpenedxAws-BASTION5"];

/** The bastion's security group `test/bastion_sg`: egress to HTTPS only, no ingress; `changes` override its settings. */
function securityGroup(stack: TerraformStack, changes: Partial<SecurityGroupConfig> = {}): SecurityGroup {
  return new SecurityGroup(stack, "bastion_sg", {
    name: "openedx-bastion",
    vpcId: "vpc-1",
    egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/16"] }],
    ...changes,
  });
}

/** A bastion `test/bastion` in a private subnet meeting every BASTION rule; `changes` override its settings. */
function bastion(stack: TerraformStack, changes: Partial<InstanceConfig> = {}): Instance {
  const group = securityGroup(stack);
  return new Instance(stack, "bastion", {
    ami: "ami-0123456789abcdef0",
    instanceType: "t4g.nano",
    subnetId: "subnet-1",
    iamInstanceProfile: "openedx-bastion",
    vpcSecurityGroupIds: [group.id],
    metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 },
    rootBlockDevice: { encrypted: true, kmsKeyId: KEY_ARN, volumeType: "gp3" },
    ...changes,
  });
}

/** The security group {@link bastion} created in `stack`. */
function bastionGroupOf(stack: TerraformStack): SecurityGroup {
  const group = stack.node.tryFindChild("bastion_sg");
  if (!(group instanceof SecurityGroup)) {
    throw new Error("no bastion security group in the stack");
  }
  return group;
}

/** A launch template `test/template` meeting every BASTION rule; `changes` override its settings. */
function launchTemplate(stack: TerraformStack, changes: Partial<LaunchTemplateConfig> = {}): LaunchTemplate {
  return new LaunchTemplate(stack, "template", {
    name: "openedx-bastion",
    imageId: "ami-0123456789abcdef0",
    instanceType: "t4g.nano",
    metadataOptions: { httpTokens: "required", httpEndpoint: "enabled" },
    blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", kmsKeyId: KEY_ARN } }],
    ...changes,
  });
}

describe("a hardened bastion", () => {
  it("passes every BASTION rule, as an instance and as a launch template", () => {
    const stack = policyStack([packOf(...BASTION_RULES)]);
    bastion(stack);
    launchTemplate(stack, { vpcSecurityGroupIds: ["sg-1"] });
    new VpcSecurityGroupEgressRule(stack, "egress", { securityGroupId: bastionGroupOf(stack).id, ipProtocol: "-1", cidrIpv4: "10.0.0.0/16" });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("passes when an instance takes its metadata options, volumes and security groups from a launch template of the stack", () => {
    const stack = policyStack([packOf(...BASTION_RULES)]);
    const group = securityGroup(stack);
    const template = launchTemplate(stack, { networkInterfaces: [{ associatePublicIpAddress: "false", securityGroups: [group.id] }] });
    new Instance(stack, "from_template", { launchTemplate: { id: template.id, version: "$Latest" }, subnetId: "subnet-1" });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});

describe("OpenedxAws-BASTION1: no public IP address", () => {
  it("names associate_public_ip_address and each Elastic IP pointing at the instance", () => {
    const stack = ruleStack("OpenedxAws-BASTION1");
    const instance = bastion(stack, { associatePublicIpAddress: true });
    new Eip(stack, "eip", { domain: "vpc", instance: instance.id });
    const unattached = new Eip(stack, "spare", { domain: "vpc" });
    new EipAssociation(stack, "association", { allocationId: unattached.id, instanceId: instance.id });
    expect(violatedRules(stack)).toEqual([
      "[OpenedxAws-BASTION1[associate_public_ip_address]]",
      "[OpenedxAws-BASTION1[aws_eip.eip]]",
      "[OpenedxAws-BASTION1[aws_eip_association.association]]",
    ]);
    expect(violationLines(stack)[0]).toBe(
      "[OpenedxAws-BASTION1[associate_public_ip_address]] the EC2 instance or launch template gets a public IP address at test/bastion (aws_instance.bastion): a public address makes the instance reachable from the internet, one security-group mistake away from exposure; place it in a private subnet, set associate_public_ip_address to false, attach no Elastic IP, and reach it through SSM Session Manager",
    );
  });

  it("names each network interface of a launch template that associates a public address", () => {
    const stack = ruleStack("OpenedxAws-BASTION1");
    launchTemplate(stack, { networkInterfaces: [{ associatePublicIpAddress: "false" }, { associatePublicIpAddress: "true", deviceIndex: 1 }] });
    expect(violationLines(stack)).toEqual([
      expect.stringMatching(/^\[OpenedxAws-BASTION1\[network_interfaces\[1\]\.associate_public_ip_address\]\] .* at test\/template \(aws_launch_template\.template\): /),
    ]);
  });

  it("reports an unresolvable associate_public_ip_address as a violation", () => {
    const stack = ruleStack("OpenedxAws-BASTION1");
    const exposed = new TerraformVariable(stack, "exposed", { type: "bool" });
    bastion(stack, { associatePublicIpAddress: exposed.booleanValue });
    expect(synthFailure(stack)).toContain('[OpenedxAws-BASTION1] rule threw: associate_public_ip_address is the Terraform expression "${var.exposed}"');
  });
});

describe("OpenedxAws-BASTION2: no SSH key pair", () => {
  it("fails on an instance and a launch template with key_name", () => {
    const stack = ruleStack("OpenedxAws-BASTION2");
    bastion(stack, { keyName: "ops" });
    launchTemplate(stack, { keyName: "ops" });
    expect(violationLines(stack)).toEqual([
      "[OpenedxAws-BASTION2] the EC2 instance or launch template installs an SSH key pair at test/bastion (aws_instance.bastion): a shared SSH key cannot be tied to a person, is rarely rotated and outlives the people who had it; remove key_name and connect through SSM Session Manager, which authenticates with IAM and records each session",
      expect.stringMatching(/^\[OpenedxAws-BASTION2\] the EC2 instance or launch template installs an SSH key pair at test\/template \(aws_launch_template\.template\): /),
    ]);
  });

  it("fails on a key pair named through a variable", () => {
    const stack = ruleStack("OpenedxAws-BASTION2");
    const key = new TerraformVariable(stack, "key", { type: "string" });
    bastion(stack, { keyName: key.stringValue });
    expect(violatedRules(stack)).toEqual(["[OpenedxAws-BASTION2]"]);
  });
});

describe("OpenedxAws-BASTION3: IMDSv2 is required", () => {
  it("fails when http_tokens is optional or unset", () => {
    for (const metadataOptions of [{ httpTokens: "optional" }, { httpPutResponseHopLimit: 1 }, undefined]) {
      const stack = ruleStack("OpenedxAws-BASTION3");
      bastion(stack, { metadataOptions });
      expect(violationLines(stack)).toEqual([
        "[OpenedxAws-BASTION3] the EC2 instance or launch template does not require IMDSv2 at test/bastion (aws_instance.bastion): the IMDSv1 metadata service answers any request that reaches it, so one server-side request forgery leaks the instance role's credentials; set metadata_options.http_tokens to required (and http_put_response_hop_limit to 1 unless containers need the metadata service)",
      ]);
    }
  });

  it("fails on a launch template, and on an instance taking optional tokens from its template", () => {
    const stack = ruleStack("OpenedxAws-BASTION3");
    const template = launchTemplate(stack, { metadataOptions: { httpTokens: "optional" } });
    new Instance(stack, "from_template", { launchTemplate: { name: template.name } });
    expect(violatedRules(stack)).toEqual(["[OpenedxAws-BASTION3]", "[OpenedxAws-BASTION3]"]);
    expect(violationLines(stack)[0]).toContain("at test/template (aws_launch_template.template)");
    expect(violationLines(stack)[1]).toContain("at test/from_template (aws_instance.from_template)");
  });

  it("passes when the metadata service is disabled", () => {
    const stack = ruleStack("OpenedxAws-BASTION3");
    bastion(stack, { metadataOptions: { httpEndpoint: "disabled" } });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("reports a launch template that is not in this stack as a violation", () => {
    const stack = ruleStack("OpenedxAws-BASTION3");
    bastion(stack, { metadataOptions: undefined, launchTemplate: { id: "lt-0123456789abcdef0" } });
    expect(synthFailure(stack)).toContain(
      '[OpenedxAws-BASTION3] rule threw: launch_template.id "lt-0123456789abcdef0" names no aws_launch_template of this stack, so the settings the instance takes from it cannot be read; define the template in the same stack, or suppress the rule with a reason at test/bastion (aws_instance.bastion)',
    );
  });

  it("reports unresolvable http_tokens as a violation", () => {
    const stack = ruleStack("OpenedxAws-BASTION3");
    const tokens = new TerraformVariable(stack, "tokens", { type: "string" });
    bastion(stack, { metadataOptions: { httpTokens: tokens.stringValue } });
    expect(synthFailure(stack)).toContain('[OpenedxAws-BASTION3] rule threw: metadata_options.http_tokens is the Terraform expression "${var.tokens}"');
  });
});

describe("OpenedxAws-BASTION4: EBS volumes are encrypted", () => {
  it("names the root volume and each unencrypted extra volume of an instance", () => {
    const stack = ruleStack("OpenedxAws-BASTION4");
    bastion(stack, {
      rootBlockDevice: { volumeType: "gp3" },
      ebsBlockDevice: [
        { deviceName: "/dev/sdf", volumeSize: 10 },
        { deviceName: "/dev/sdg", volumeSize: 10, encrypted: true, kmsKeyId: KEY_ARN },
      ],
    });
    expect(violatedRules(stack)).toEqual(["[OpenedxAws-BASTION4[root_block_device]]", "[OpenedxAws-BASTION4[ebs_block_device /dev/sdf]]"]);
    expect(violationLines(stack)[0]).toBe(
      "[OpenedxAws-BASTION4[root_block_device]] an EBS volume of the EC2 instance or launch template is not encrypted at test/bastion (aws_instance.bastion): volumes and their snapshots keep shell histories, credentials and data copied to the host; set encrypted to true on root_block_device and every ebs_block_device (every block_device_mappings ebs of a launch template), with kms_key_id a customer-managed key",
    );
  });

  it("names a launch template that maps no EBS volume, and each unencrypted mapping", () => {
    const stack = ruleStack("OpenedxAws-BASTION4");
    launchTemplate(stack, { blockDeviceMappings: [{ deviceName: "/dev/sdb", virtualName: "ephemeral0" }] });
    const other = ruleStack("OpenedxAws-BASTION4");
    launchTemplate(other, { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "false" } }] });
    expect(violatedRules(stack)).toEqual(["[OpenedxAws-BASTION4[block_device_mappings]]"]);
    expect(violatedRules(other)).toEqual(["[OpenedxAws-BASTION4[block_device_mappings /dev/xvda]]"]);
  });

  it("names the root volume of an instance whose template does not encrypt it", () => {
    const stack = ruleStack("OpenedxAws-BASTION4");
    const template = launchTemplate(stack, { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 20 } }] });
    new Instance(stack, "from_template", { launchTemplate: { id: template.id } });
    expect(violatedRules(stack)).toEqual(["[OpenedxAws-BASTION4[block_device_mappings /dev/xvda]]", "[OpenedxAws-BASTION4[root_block_device]]"]);
  });

  it("reports an unresolvable encrypted flag as a violation", () => {
    const stack = ruleStack("OpenedxAws-BASTION4");
    const encrypted = new TerraformVariable(stack, "encrypted", { type: "bool" });
    bastion(stack, { rootBlockDevice: { encrypted: encrypted.booleanValue } });
    expect(synthFailure(stack)).toContain('[OpenedxAws-BASTION4] rule threw: root_block_device.encrypted is the Terraform expression "${var.encrypted}"');
  });
});

describe("OpenedxAws-BASTION5: the instance's security groups admit nothing", () => {
  it("names inline ingress and each ingress rule resource on the instance's group, not egress rules", () => {
    const stack = ruleStack("OpenedxAws-BASTION5");
    bastion(stack);
    const group = bastionGroupOf(stack);
    group.putIngress([{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.0.0.0/8"] }]);
    new VpcSecurityGroupIngressRule(stack, "ssh", { securityGroupId: group.id, ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "10.0.0.0/8" });
    new SecurityGroupRule(stack, "legacy_ssh", { type: "ingress", securityGroupId: group.id, protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.0.0.0/8"] });
    new SecurityGroupRule(stack, "legacy_egress", { type: "egress", securityGroupId: group.id, protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] });
    expect(violatedRules(stack)).toEqual([
      "[OpenedxAws-BASTION5[ingress of aws_security_group.bastion_sg]]",
      "[OpenedxAws-BASTION5[aws_vpc_security_group_ingress_rule.ssh]]",
      "[OpenedxAws-BASTION5[aws_security_group_rule.legacy_ssh]]",
    ]);
    expect(violationLines(stack)[0]).toBe(
      "[OpenedxAws-BASTION5[ingress of aws_security_group.bastion_sg]] a security group of the EC2 instance admits inbound traffic at test/bastion (aws_instance.bastion): an instance reached through SSM Session Manager needs no inbound port, and any open port is an entry point; remove the ingress blocks and ingress rule resources of its security groups, keep only the egress it needs, and never leave it in the VPC's default security group",
    );
  });

  it("names the default security group when the instance has none", () => {
    const stack = ruleStack("OpenedxAws-BASTION5");
    bastion(stack, { vpcSecurityGroupIds: undefined });
    expect(violatedRules(stack)).toEqual(["[OpenedxAws-BASTION5[default security group]]"]);
  });

  it("checks the groups an instance takes from its launch template", () => {
    const stack = ruleStack("OpenedxAws-BASTION5");
    const group = securityGroup(stack, { ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.0.0.0/8"] }] });
    const template = launchTemplate(stack, { vpcSecurityGroupIds: [group.id] });
    new Instance(stack, "from_template", { launchTemplate: { id: template.id } });
    expect(violationLines(stack)).toEqual([expect.stringMatching(/^\[OpenedxAws-BASTION5\[ingress of aws_security_group\.bastion_sg\]\] .* at test\/from_template /)]);
  });

  it("reports a security group that is not in this stack as a violation", () => {
    const stack = ruleStack("OpenedxAws-BASTION5");
    bastion(stack, { vpcSecurityGroupIds: ["sg-0123456789abcdef0"] });
    expect(synthFailure(stack)).toContain(
      '[OpenedxAws-BASTION5] rule threw: vpc_security_group_ids[0] "sg-0123456789abcdef0" names no aws_security_group of this stack, so its ingress cannot be read; define the security group in the same stack, or suppress the rule with a reason at test/bastion (aws_instance.bastion)',
    );
  });

  it("reports a security group known only at apply time as a violation", () => {
    const stack = ruleStack("OpenedxAws-BASTION5");
    const group = new TerraformVariable(stack, "group", { type: "string" });
    bastion(stack, { vpcSecurityGroupIds: [group.stringValue] });
    expect(synthFailure(stack)).toContain('[OpenedxAws-BASTION5] rule threw: vpc_security_group_ids[0] is the Terraform expression "${var.group}"');
  });
});

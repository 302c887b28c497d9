import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SecurityGroupRule } from "@cdktf/provider-aws/lib/security-group-rule";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { Construct } from "constructs";
import { describe, expect, it } from "vitest";
import { ruleStack, synthFailure, violationLines } from "../fixtures";

function vpc(stack: TerraformStack): Vpc {
  return new Vpc(new Construct(stack, "network"), "Resource", { cidrBlock: "10.0.0.0/16" });
}

function flowLog(stack: TerraformStack, vpcId: string, trafficType: string): FlowLog {
  return new FlowLog(stack, "flow_log", { vpcId, trafficType, logDestination: "arn:aws:logs:eu-west-1:123456789012:log-group:flow" });
}

describe("OpenedxAws-VPC1: every VPC has a flow log of ALL traffic", () => {
  it("fails without a flow log", () => {
    const stack = ruleStack("OpenedxAws-VPC1");
    vpc(stack);
    expect(violationLines(stack)).toEqual([
      expect.stringMatching(/^\[OpenedxAws-VPC1\] the VPC has no flow log that captures ALL traffic at test\/network\/Resource \(aws_vpc\.network_[0-9A-F]{8}\): flow logs are/),
    ]);
  });

  it("fails when the only flow log captures rejected traffic only", () => {
    const stack = ruleStack("OpenedxAws-VPC1");
    flowLog(stack, vpc(stack).id, "REJECT");
    expect(synthFailure(stack)).toContain("[OpenedxAws-VPC1] the VPC has no flow log that captures ALL traffic at test/network/Resource");
  });

  it("fails when the flow log is on another VPC", () => {
    const stack = ruleStack("OpenedxAws-VPC1");
    vpc(stack);
    const other = new Vpc(stack, "other", { cidrBlock: "10.1.0.0/16" });
    flowLog(stack, other.id, "ALL");
    expect(violationLines(stack)).toEqual([expect.stringContaining("at test/network/Resource")]);
  });

  it("passes with a flow log of ALL traffic on the VPC", () => {
    const stack = ruleStack("OpenedxAws-VPC1");
    flowLog(stack, vpc(stack).id, "ALL");
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("reports an unresolvable traffic_type as a violation", () => {
    const stack = ruleStack("OpenedxAws-VPC1");
    const trafficType = new TerraformVariable(stack, "traffic_type", { type: "string" });
    flowLog(stack, vpc(stack).id, trafficType.stringValue);
    expect(synthFailure(stack)).toContain(
      '[OpenedxAws-VPC1] rule threw: traffic_type of aws_flow_log.flow_log is the Terraform expression "${var.traffic_type}"',
    );
  });
});

describe("OpenedxAws-SG1: no ingress from the whole internet", () => {
  it("fails on inline ingress blocks, once per offending port and CIDR", () => {
    const stack = ruleStack("OpenedxAws-SG1");
    new SecurityGroup(new Construct(stack, "web"), "Resource", {
      ingress: [
        { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] },
        { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.0.0.0/8"] },
        { protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] },
      ],
    });
    const lines = violationLines(stack);
    expect(lines.map((line) => line.slice(0, line.indexOf("] ") + 1))).toEqual([
      "[OpenedxAws-SG1[tcp/443 from 0.0.0.0/0]]",
      "[OpenedxAws-SG1[tcp/443 from ::/0]]",
      "[OpenedxAws-SG1[all traffic from 0.0.0.0/0]]",
    ]);
    expect(lines[0]).toContain("the security group allows ingress from the whole internet (a /0 CIDR) at test/web/Resource (aws_security_group.web_");
  });

  it("fails on an aws_security_group_rule of type ingress", () => {
    const stack = ruleStack("OpenedxAws-SG1");
    new SecurityGroupRule(stack, "ssh", { type: "ingress", securityGroupId: "sg-1", protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] });
    expect(violationLines(stack)).toEqual([expect.stringMatching(/^\[OpenedxAws-SG1\[tcp\/22 from 0\.0\.0\.0\/0\]\] .* at test\/ssh \(aws_security_group_rule\.ssh\)/)]);
  });

  it("fails on an aws_vpc_security_group_ingress_rule with a port range", () => {
    const stack = ruleStack("OpenedxAws-SG1");
    new VpcSecurityGroupIngressRule(stack, "high_ports", { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 1024, toPort: 65535, cidrIpv6: "::/0" });
    expect(violationLines(stack)).toEqual([expect.stringMatching(/^\[OpenedxAws-SG1\[tcp\/1024-65535 from ::\/0\]\] .* at test\/high_ports /)]);
  });

  it("passes on egress to the internet and ingress from private ranges, including a VPC's literal CIDR", () => {
    const stack = ruleStack("OpenedxAws-SG1");
    const network = vpc(stack);
    new SecurityGroup(stack, "app", {
      ingress: [{ protocol: "tcp", fromPort: 8000, toPort: 8000, cidrBlocks: [network.cidrBlock] }],
      egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
    });
    new SecurityGroupRule(stack, "egress", { type: "egress", securityGroupId: "sg-1", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] });
    new VpcSecurityGroupIngressRule(stack, "from_vpc", { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "10.0.0.0/16" });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("reports an unresolvable CIDR as a violation", () => {
    const stack = ruleStack("OpenedxAws-SG1");
    const cidr = new TerraformVariable(stack, "admin_cidr", { type: "string" });
    new VpcSecurityGroupIngressRule(stack, "admin", { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: cidr.stringValue });
    expect(synthFailure(stack)).toContain('[OpenedxAws-SG1] rule threw: cidr_ipv4 is the Terraform expression "${var.admin_cidr}"');
  });
});

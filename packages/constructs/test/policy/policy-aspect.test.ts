import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { Aspects, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { describe, expect, it } from "vitest";
import { OPENEDX_AWS_PACK } from "../../src/policy/packs/openedx-aws-pack";
import { PolicyAspect } from "../../src/policy/policy-aspect";
import { PolicyPack, PolicyRule } from "../../src/policy/policy-pack";
import { annotations, manifestAnnotations, packOf, policyStack, ruleStack, synthFailure, violationLines } from "./fixtures";

function rule(id: string, check: PolicyRule["check"], level: PolicyRule["level"] = "error"): PolicyRule {
  return { id, level, cause: "test cause", explanation: "test explanation", check };
}

describe("PolicyAspect", () => {
  it("fails synth with one line per violation, naming rule, cause, path, address and explanation", () => {
    const stack = ruleStack("OpenedxAws-KMS1");
    new KmsKey(new Construct(stack, "keys"), "Resource", {});
    new KmsKey(stack, "other", {});
    const message = synthFailure(stack);
    expect(message).toMatch(/^Validation failed with the following errors:\n {2}\[test\] \[OpenedxAws-KMS1\] /);
    expect(violationLines(stack)).toEqual([
      expect.stringMatching(/^\[OpenedxAws-KMS1\] the KMS key does not rotate its key material at test\/keys\/Resource \(aws_kms_key\.keys_[0-9A-F]{8}\): yearly rotation/),
      expect.stringMatching(/^\[OpenedxAws-KMS1\] the KMS key does not rotate its key material at test\/other \(aws_kms_key\.other\): yearly rotation/),
    ]);
  });

  it("fails app.synth(), which runs validations before writing any stack", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "test");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    Aspects.of(stack).add(new PolicyAspect([OPENEDX_AWS_PACK]));
    new KmsKey(stack, "key", { enableKeyRotation: false });
    expect(() => app.synth()).toThrow("[test] [OpenedxAws-KMS1] the KMS key does not rotate its key material at test/key (aws_kms_key.key)");
  });

  it("adds an error annotation on the violating resource", () => {
    const stack = ruleStack("OpenedxAws-KMS1");
    const key = new KmsKey(stack, "key", {});
    synthFailure(stack);
    expect(key.node.metadata.filter((entry) => entry.type === "@cdktf/error").map((entry) => entry.data)).toEqual([
      expect.stringMatching(/^\[OpenedxAws-KMS1\] the KMS key does not rotate its key material at test\/key \(aws_kms_key\.key\)/),
    ]);
  });

  it("does not throw inside visit, so Testing.synth without validations still returns the JSON", () => {
    const stack = ruleStack("OpenedxAws-KMS1");
    new KmsKey(stack, "key", {});
    expect(JSON.parse(Testing.synth(stack)).resource.aws_kms_key.key).toEqual({});
    expect(annotations(stack, "error")).toHaveLength(1);
  });

  it("makes a rule that throws its own violation, never a pass", () => {
    const pack: PolicyPack = {
      name: "Test",
      rules: [
        rule("Test-BOOM1", () => {
          throw new Error("something broke");
        }),
      ],
    };
    const stack = policyStack([pack]);
    new KmsKey(stack, "key", {});
    expect(violationLines(stack)).toEqual(["[Test-BOOM1] rule threw: something broke at test/key (aws_kms_key.key): test explanation"]);
  });

  it("gives rules the resolved JSON and a view of the whole stack", () => {
    const seen: string[] = [];
    const pack: PolicyPack = {
      name: "Test",
      rules: [
        rule("Test-VIEW1", (resource, stack) => {
          if (resource.type === "aws_flow_log") {
            const [vpc] = stack.resourcesOfType("aws_vpc");
            seen.push(`${resource.address} ${String(resource.config.vpc_id)} ${stack.referenceTo(vpc, "id")} ${JSON.stringify(vpc.config)}`);
            expect(Object.isFrozen(resource.config)).toBe(true);
            expect(resource.config["//"]).toBeUndefined();
          }
          return "compliant";
        }),
      ],
    };
    const stack = policyStack([pack]);
    const vpc = new Vpc(stack, "vpc", { cidrBlock: "10.0.0.0/16" });
    new FlowLog(stack, "flow", { vpcId: vpc.id, trafficType: "ALL" });
    Testing.synth(stack, true);
    expect(seen).toEqual(['aws_flow_log.flow ${aws_vpc.vpc.id} ${aws_vpc.vpc.id} {"cidr_block":"10.0.0.0/16"}']);
  });

  it("reports every finding of a rule separately", () => {
    const stack = ruleStack("OpenedxAws-SG1");
    new SecurityGroup(stack, "sg", {
      ingress: [
        { protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"] },
        { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] },
      ],
    });
    expect(violationLines(stack)).toHaveLength(2);
  });

  it("re-reads the stack on every synth, without repeating annotations", () => {
    const stack = ruleStack("OpenedxAws-KMS1");
    const key = new KmsKey(stack, "key", {});
    synthFailure(stack);
    synthFailure(stack);
    expect(annotations(stack, "error")).toHaveLength(1);
    key.addOverride("enable_key_rotation", true);
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("sees resources added between two synths", () => {
    const stack = ruleStack("OpenedxAws-VPC1");
    const vpc = new Vpc(stack, "vpc", { cidrBlock: "10.0.0.0/16" });
    synthFailure(stack);
    new FlowLog(stack, "flow", { vpcId: vpc.id, trafficType: "ALL" });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("checks each stack on its own", () => {
    const app = Testing.app();
    const aspect = new PolicyAspect([packOf("OpenedxAws-KMS1")]);
    const [bad, good] = ["bad", "good"].map((id) => {
      const stack = new TerraformStack(app, id);
      new AwsProvider(stack, "aws", { region: "eu-west-1" });
      Aspects.of(stack).add(aspect);
      return stack;
    });
    new KmsKey(bad, "key", {});
    new KmsKey(good, "key", { enableKeyRotation: true });
    expect(() => Testing.synth(good, true)).not.toThrow();
    expect(synthFailure(bad)).toContain("[bad] [OpenedxAws-KMS1] the KMS key does not rotate its key material at bad/key");
  });

  it("writes warning-level violations to manifest.json as annotations without failing synth", () => {
    const asWarning = { ...packOf("OpenedxAws-EKS2").rules[0], level: "warning" as const };
    const stack = policyStack([{ name: "OpenedxAws", rules: [asWarning] }]);
    new EksCluster(stack, "cluster", { name: "c", roleArn: "arn:aws:iam::123456789012:role/eks", vpcConfig: { subnetIds: ["subnet-1"] }, enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager"] });
    expect(manifestAnnotations(stack)).toEqual([
      { constructPath: "test/cluster", level: "@cdktf/warn", message: expect.stringMatching(/^\[OpenedxAws-EKS2\[scheduler\]\] /) },
    ]);
  });

  it("passes a stack built to every rule of the pack", () => {
    const stack = policyStack([OPENEDX_AWS_PACK]);
    const key = new KmsKey(stack, "key", { enableKeyRotation: true });
    const vpc = new Vpc(stack, "vpc", { cidrBlock: "10.0.0.0/16" });
    const logs = new CloudwatchLogGroup(stack, "flow_logs", { name: "/openedx/flow", kmsKeyId: key.arn, retentionInDays: 365 });
    new FlowLog(stack, "flow", { vpcId: vpc.id, trafficType: "ALL", logDestination: logs.arn });
    new SecurityGroup(stack, "sg", { vpcId: vpc.id, ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [vpc.cidrBlock] }] });
    new EksCluster(stack, "cluster", {
      name: "openedx",
      roleArn: "arn:aws:iam::123456789012:role/eks",
      vpcConfig: { subnetIds: ["subnet-1"], endpointPublicAccess: false },
      encryptionConfig: { resources: ["secrets"], provider: { keyArn: key.arn } },
      enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
    });
    expect(() => Testing.synth(stack, true)).not.toThrow();
    expect([...annotations(stack, "error"), ...annotations(stack, "warning")]).toEqual([]);
  });

  it("rejects a pack whose rule ids do not carry the pack name", () => {
    expect(() => new PolicyAspect([{ name: "Test", rules: [rule("Other-X1", () => "compliant")] }])).toThrow(
      'rule id "Other-X1" of pack Test must have the form "Test-<suffix>" (letters and digits, groups joined by "-")',
    );
  });

  it("rejects duplicate rule ids", () => {
    const pack: PolicyPack = { name: "Test", rules: [rule("Test-X1", () => "compliant"), rule("Test-X1", () => "compliant")] };
    expect(() => new PolicyAspect([pack])).toThrow("rule id Test-X1 appears more than once in the packs given to PolicyAspect; rule ids must be unique");
  });
});

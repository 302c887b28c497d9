import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { describe, expect, it } from "vitest";
import { RuleSuppression, suppressRules, SUPPRESSIONS_METADATA_TYPE } from "../../src/policy/suppressions";
import { annotations, manifestAnnotations, packOf, policyStack, ruleStack, synthFailure, violationLines } from "./fixtures";

const REASON = "a real reason here, reviewed by the platform team";

/** A security group at `test/edge/Resource` open to the internet on 80 and 443. */
function publicSecurityGroup(stack: TerraformStack): { scope: Construct; group: SecurityGroup } {
  const scope = new Construct(stack, "edge");
  const group = new SecurityGroup(scope, "Resource", {
    ingress: [
      { protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"] },
      { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] },
    ],
  });
  return { scope, group };
}

describe("suppressRules", () => {
  it("suppresses a rule on the resource itself", () => {
    const stack = ruleStack("OpenedxAws-KMS1");
    const key = new KmsKey(stack, "key", {});
    suppressRules(key, [{ id: "OpenedxAws-KMS1", reason: REASON }]);
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("suppresses a rule on every resource below a construct", () => {
    const stack = ruleStack("OpenedxAws-SG1");
    const { scope } = publicSecurityGroup(stack);
    suppressRules(scope, [{ id: "OpenedxAws-SG1", reason: REASON }]);
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("suppresses a rule on every resource of a stack", () => {
    const stack = ruleStack("OpenedxAws-KMS1");
    new KmsKey(stack, "one", {});
    new KmsKey(new Construct(stack, "nested"), "two", {});
    suppressRules(stack, [{ id: "OpenedxAws-KMS1", reason: REASON }]);
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("suppresses only the named finding when the id has one", () => {
    const stack = ruleStack("OpenedxAws-SG1");
    const { group } = publicSecurityGroup(stack);
    suppressRules(group, [{ id: "OpenedxAws-SG1[tcp/443 from 0.0.0.0/0]", reason: "the public LMS is served over HTTPS" }]);
    expect(violationLines(stack)).toEqual([expect.stringMatching(/^\[OpenedxAws-SG1\[tcp\/80 from 0\.0\.0\.0\/0\]\] .* at test\/edge\/Resource /)]);
  });

  it("does not suppress other rules or other stacks", () => {
    const stack = policyStack([packOf("OpenedxAws-KMS1", "OpenedxAws-SG1")]);
    const key = new KmsKey(stack, "key", {});
    publicSecurityGroup(stack);
    suppressRules(key, [{ id: "OpenedxAws-SG1", reason: REASON }]);
    const other = ruleStack("OpenedxAws-KMS1");
    new KmsKey(other, "key", {});
    suppressRules(stack, [{ id: "OpenedxAws-KMS1", reason: REASON }]);
    expect(violationLines(stack).map((line) => line.slice(0, line.indexOf(" ")))).toEqual([
      "[OpenedxAws-SG1[tcp/80",
      "[OpenedxAws-SG1[tcp/443",
    ]);
    expect(synthFailure(other)).toContain("[OpenedxAws-KMS1]");
  });

  it("records each suppressed violation with its rule and reason as an info annotation in manifest.json", () => {
    const stack = ruleStack("OpenedxAws-SG1");
    const { scope } = publicSecurityGroup(stack);
    suppressRules(scope, [{ id: "OpenedxAws-SG1", reason: "public load balancer of the LMS" }]);
    expect(manifestAnnotations(stack)).toEqual([
      {
        constructPath: "test/edge/Resource",
        level: "@cdktf/info",
        message: expect.stringMatching(
          /^\[OpenedxAws-SG1\[tcp\/80 from 0\.0\.0\.0\/0\]\] suppressed at test\/edge\/Resource \(aws_security_group\.edge_[0-9A-F]{8}\), by the suppression on test\/edge: public load balancer of the LMS$/,
        ),
      },
      { constructPath: "test/edge/Resource", level: "@cdktf/info", message: expect.stringMatching(/^\[OpenedxAws-SG1\[tcp\/443 from 0\.0\.0\.0\/0\]\] suppressed at /) },
    ]);
  });

  it("stores the suppressions as construct metadata", () => {
    const stack = ruleStack("OpenedxAws-KMS1");
    const key = new KmsKey(stack, "key", {});
    suppressRules(key, [{ id: "OpenedxAws-KMS1", reason: `  ${REASON}  ` }]);
    expect(key.node.metadata.filter((entry) => entry.type === SUPPRESSIONS_METADATA_TYPE).map((entry) => entry.data)).toEqual([
      [{ id: "OpenedxAws-KMS1", reason: REASON }],
    ]);
  });

  it("warns when a suppression names no rule of a checked pack", () => {
    const stack = ruleStack("OpenedxAws-KMS1");
    const key = new KmsKey(stack, "key", { enableKeyRotation: true });
    suppressRules(key, [{ id: "OpenedxAws-KMS01", reason: REASON }, { id: "OtherPack-X1", reason: REASON }]);
    Testing.synth(stack, true);
    expect(annotations(stack, "warning")).toEqual([
      "[policy] suppression OpenedxAws-KMS01 names no rule of pack OpenedxAws; its rules are OpenedxAws-KMS1",
    ]);
  });

  it.each<[string, Partial<RuleSuppression>, string]>([
    ["no reason", { id: "OpenedxAws-EKS3" }, "suppression of OpenedxAws-EKS3 needs a reason of at least 10 characters saying why the exception is acceptable (got none) (at test/key)"],
    ["a short reason", { id: "OpenedxAws-EKS3", reason: "temporary" }, 'suppression of OpenedxAws-EKS3 needs a reason of at least 10 characters saying why the exception is acceptable (got "temporary") (at test/key)'],
    ["a blank-padded short reason", { id: "OpenedxAws-SG1[tcp/22 from 0.0.0.0/0]", reason: "   short      " }, 'suppression of OpenedxAws-SG1[tcp/22 from 0.0.0.0/0] needs a reason of at least 10 characters'],
    ["an id without a pack", { id: "EKS3", reason: REASON }, 'suppression id "EKS3" is not a rule id: expected <Pack>-<Suffix>, optionally followed by one [finding], e.g. "OpenedxAws-EKS1" or "OpenedxAws-SG1[tcp/443 from 0.0.0.0/0]" (at test/key)'],
    ["an empty finding", { id: "OpenedxAws-SG1[]", reason: REASON }, 'suppression id "OpenedxAws-SG1[]" is not a rule id'],
    ["no id", { reason: REASON }, "suppression id undefined is not a rule id"],
  ])("rejects a suppression with %s", (_case, suppression, message) => {
    const stack = ruleStack("OpenedxAws-KMS1");
    const key = new KmsKey(stack, "key", {});
    expect(() => suppressRules(key, [suppression as RuleSuppression])).toThrow(message);
    expect(key.node.metadata.filter((entry) => entry.type === SUPPRESSIONS_METADATA_TYPE)).toEqual([]);
  });
});

import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { TerraformVariable, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { ruleStack, synthFailure, violationLines } from "../fixtures";

describe("OpenedxAws-KMS1: symmetric KMS keys rotate", () => {
  it("fails when rotation is unset", () => {
    const stack = ruleStack("OpenedxAws-KMS1");
    new KmsKey(stack, "key", { description: "data" });
    expect(violationLines(stack)).toEqual([
      "[OpenedxAws-KMS1] the KMS key does not rotate its key material at test/key (aws_kms_key.key): yearly rotation limits how much data one key version protects, at no cost to callers; set enable_key_rotation to true (the encryption KmsKey construct does this)",
    ]);
  });

  it("fails when rotation is off", () => {
    const stack = ruleStack("OpenedxAws-KMS1");
    new KmsKey(stack, "key", { enableKeyRotation: false });
    expect(synthFailure(stack)).toContain("[OpenedxAws-KMS1] the KMS key does not rotate its key material at test/key (aws_kms_key.key)");
  });

  it("passes when rotation is on", () => {
    const stack = ruleStack("OpenedxAws-KMS1");
    new KmsKey(stack, "key", { enableKeyRotation: true });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("does not apply to asymmetric keys, which cannot rotate", () => {
    const stack = ruleStack("OpenedxAws-KMS1");
    new KmsKey(stack, "signing", { customerMasterKeySpec: "ECC_NIST_P256", keyUsage: "SIGN_VERIFY" });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("reports an unresolvable enable_key_rotation as a violation", () => {
    const stack = ruleStack("OpenedxAws-KMS1");
    const rotate = new TerraformVariable(stack, "rotate", { type: "bool" });
    new KmsKey(stack, "key", { enableKeyRotation: rotate.booleanValue });
    expect(synthFailure(stack)).toContain('[OpenedxAws-KMS1] rule threw: enable_key_rotation is the Terraform expression "${var.rotate}"');
  });
});

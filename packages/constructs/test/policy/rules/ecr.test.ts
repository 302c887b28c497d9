import { EcrRegistryScanningConfiguration, EcrRegistryScanningConfigurationRule } from "@cdktf/provider-aws/lib/ecr-registry-scanning-configuration";
import { EcrRepository, EcrRepositoryConfig } from "@cdktf/provider-aws/lib/ecr-repository";
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { packOf, policyStack, ruleStack, synthFailure, violationLines } from "../fixtures";
import { violatedRules } from "./rule-results";

const KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/1";

/** A repository `test/repository` meeting every ECR rule; `changes` override its settings. */
function repository(stack: TerraformStack, changes: Partial<EcrRepositoryConfig> = {}): EcrRepository {
  return new EcrRepository(stack, "repository", {
    name: "openedx/openedx",
    imageTagMutability: "IMMUTABLE",
    imageScanningConfiguration: { scanOnPush: true },
    encryptionConfiguration: [{ encryptionType: "KMS", kmsKey: KEY_ARN }],
    ...changes,
  });
}

function registryScanning(stack: TerraformStack, rule: EcrRegistryScanningConfigurationRule[]): EcrRegistryScanningConfiguration {
  return new EcrRegistryScanningConfiguration(stack, "scanning", { scanType: "ENHANCED", rule });
}

describe("a hardened repository", () => {
  it("passes every ECR rule", () => {
    const stack = policyStack([packOf("OpenedxAws-ECR1", "OpenedxAws-ECR2", "OpenedxAws-ECR3")]);
    repository(stack);
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});

describe("OpenedxAws-ECR1: tags are immutable", () => {
  it("fails when tags are mutable or the setting is left to its MUTABLE default", () => {
    for (const imageTagMutability of ["MUTABLE", undefined]) {
      const stack = ruleStack("OpenedxAws-ECR1");
      repository(stack, { imageTagMutability });
      expect(violationLines(stack)).toEqual([
        "[OpenedxAws-ECR1] the ECR repository lets tags be overwritten at test/repository (aws_ecr_repository.repository): with mutable tags a push can silently replace the image a tag names, so what runs is not what was scanned and reviewed; set image_tag_mutability to IMMUTABLE and publish every build under a new tag",
      ]);
    }
  });

  it("reports an unresolvable setting as a violation", () => {
    const stack = ruleStack("OpenedxAws-ECR1");
    const mutability = new TerraformVariable(stack, "mutability", { type: "string" });
    repository(stack, { imageTagMutability: mutability.stringValue });
    expect(synthFailure(stack)).toContain('[OpenedxAws-ECR1] rule threw: image_tag_mutability is the Terraform expression "${var.mutability}"');
  });
});

describe("OpenedxAws-ECR2: images are scanned on push", () => {
  it("fails without scan on push", () => {
    const stack = ruleStack("OpenedxAws-ECR2");
    repository(stack, { imageScanningConfiguration: { scanOnPush: false } });
    expect(violationLines(stack)).toEqual([
      "[OpenedxAws-ECR2] the ECR repository does not scan images when they are pushed at test/repository (aws_ecr_repository.repository): scanning on push reports known vulnerabilities in an image before it is deployed; set image_scanning_configuration.scan_on_push to true, or add to the registry scanning configuration a SCAN_ON_PUSH or CONTINUOUS_SCAN rule whose filter matches the repository",
    ]);
  });

  it("passes when a registry scanning rule of the stack matches the repository", () => {
    const stack = ruleStack("OpenedxAws-ECR2");
    repository(stack, { imageScanningConfiguration: undefined });
    registryScanning(stack, [{ scanFrequency: "CONTINUOUS_SCAN", repositoryFilter: [{ filter: "openedx/*", filterType: "WILDCARD" }] }]);
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("fails when the registry rules scan only manually or match other repositories", () => {
    const stack = ruleStack("OpenedxAws-ECR2");
    repository(stack, { imageScanningConfiguration: undefined });
    registryScanning(stack, [
      { scanFrequency: "MANUAL", repositoryFilter: [{ filter: "*", filterType: "WILDCARD" }] },
      { scanFrequency: "SCAN_ON_PUSH", repositoryFilter: [{ filter: "openedx", filterType: "WILDCARD" }] },
    ]);
    expect(violatedRules(stack)).toEqual(["[OpenedxAws-ECR2]"]);
  });

  it("matches a repository whose name is known only at apply time only with the filter *", () => {
    const stack = ruleStack("OpenedxAws-ECR2");
    const name = new TerraformVariable(stack, "name", { type: "string" });
    repository(stack, { name: name.stringValue, imageScanningConfiguration: undefined });
    registryScanning(stack, [{ scanFrequency: "SCAN_ON_PUSH", repositoryFilter: [{ filter: "openedx/*", filterType: "WILDCARD" }] }]);
    expect(violatedRules(stack)).toEqual(["[OpenedxAws-ECR2]"]);

    const matched = ruleStack("OpenedxAws-ECR2");
    const otherName = new TerraformVariable(matched, "name", { type: "string" });
    repository(matched, { name: otherName.stringValue, imageScanningConfiguration: undefined });
    registryScanning(matched, [{ scanFrequency: "SCAN_ON_PUSH", repositoryFilter: [{ filter: "*", filterType: "WILDCARD" }] }]);
    expect(() => Testing.synth(matched, true)).not.toThrow();
  });

  it("reports an unresolvable scan_on_push as a violation", () => {
    const stack = ruleStack("OpenedxAws-ECR2");
    const scan = new TerraformVariable(stack, "scan", { type: "bool" });
    repository(stack, { imageScanningConfiguration: { scanOnPush: scan.booleanValue } });
    expect(synthFailure(stack)).toContain('[OpenedxAws-ECR2] rule threw: image_scanning_configuration.scan_on_push is the Terraform expression "${var.scan}"');
  });
});

describe("OpenedxAws-ECR3: images are encrypted with a customer-managed key", () => {
  it("names encryption_type and kms_key when the repository uses the AES256 default", () => {
    const stack = ruleStack("OpenedxAws-ECR3");
    repository(stack, { encryptionConfiguration: undefined });
    expect(violatedRules(stack)).toEqual(["[OpenedxAws-ECR3[encryption_type]]", "[OpenedxAws-ECR3[kms_key]]"]);
    expect(violationLines(stack)[0]).toBe(
      "[OpenedxAws-ECR3[encryption_type]] the ECR repository is not encrypted with a customer-managed KMS key at test/repository (aws_ecr_repository.repository): images hold application code and sometimes baked-in configuration; set encryption_configuration with encryption_type KMS and kms_key to a customer-managed key, whose policy can be audited and revoked (this can only be set when the repository is created)",
    );
  });

  it("names kms_key when KMS uses the AWS-managed aws/ecr key", () => {
    const stack = ruleStack("OpenedxAws-ECR3");
    repository(stack, { encryptionConfiguration: [{ encryptionType: "KMS" }] });
    expect(violatedRules(stack)).toEqual(["[OpenedxAws-ECR3[kms_key]]"]);
  });

  it("reports an unresolvable encryption type as a violation", () => {
    const stack = ruleStack("OpenedxAws-ECR3");
    const type = new TerraformVariable(stack, "encryption", { type: "string" });
    repository(stack, { encryptionConfiguration: [{ encryptionType: type.stringValue, kmsKey: KEY_ARN }] });
    expect(synthFailure(stack)).toContain('[OpenedxAws-ECR3] rule threw: encryption_configuration.encryption_type is the Terraform expression "${var.encryption}"');
  });
});

import { AcmCertificate, AcmCertificateConfig } from "@cdktf/provider-aws/lib/acm-certificate";
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { ruleStack, synthFailure, violationLines } from "../fixtures";
import { violatedRules } from "./rule-results";

/** An AWS-issued certificate `test/certificate` meeting ACM1; `changes` override its settings. */
function certificate(stack: TerraformStack, changes: Partial<AcmCertificateConfig> = {}): AcmCertificate {
  return new AcmCertificate(stack, "certificate", {
    domainName: "courses.example.edu",
    subjectAlternativeNames: ["*.courses.example.edu"],
    validationMethod: "DNS",
    keyAlgorithm: "EC_prime256v1",
    lifecycle: { createBeforeDestroy: true },
    ...changes,
  });
}

describe("OpenedxAws-ACM1: AWS-issued certificates are DNS-validated and replaced before destroyed", () => {
  it("names validation_method and create_before_destroy", () => {
    const stack = ruleStack("OpenedxAws-ACM1");
    certificate(stack, { validationMethod: "EMAIL", lifecycle: undefined });
    expect(violatedRules(stack)).toEqual(["[OpenedxAws-ACM1[validation_method]]", "[OpenedxAws-ACM1[create_before_destroy]]"]);
    expect(violationLines(stack)[0]).toBe(
      "[OpenedxAws-ACM1[validation_method]] the ACM certificate is not DNS-validated or not created before its replacement is destroyed at test/certificate (aws_acm_certificate.certificate): a DNS-validated certificate is renewed by ACM unattended as long as its validation records stay, while an e-mail-validated one expires unless someone answers the renewal mail; set validation_method to DNS, keep the validation records in Route 53, and set lifecycle.create_before_destroy so a replaced certificate is detached from CloudFront before it is deleted",
    );
  });

  it("names create_before_destroy when the lifecycle leaves it false", () => {
    const stack = ruleStack("OpenedxAws-ACM1");
    certificate(stack, { lifecycle: { createBeforeDestroy: false, preventDestroy: false } });
    expect(violatedRules(stack)).toEqual(["[OpenedxAws-ACM1[create_before_destroy]]"]);
  });

  it("passes a DNS-validated certificate created before destroy", () => {
    const stack = ruleStack("OpenedxAws-ACM1");
    certificate(stack);
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("does not apply to imported certificates or certificates of a private CA", () => {
    const stack = ruleStack("OpenedxAws-ACM1");
    const privateKey = new TerraformVariable(stack, "private_key", { type: "string", sensitive: true });
    new AcmCertificate(stack, "imported", { privateKey: privateKey.stringValue, certificateBody: "-----BEGIN CERTIFICATE-----" });
    new AcmCertificate(stack, "private", { domainName: "internal.example.edu", certificateAuthorityArn: "arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/1" });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("reports an unresolvable validation method as a violation", () => {
    const stack = ruleStack("OpenedxAws-ACM1");
    const method = new TerraformVariable(stack, "method", { type: "string" });
    certificate(stack, { validationMethod: method.stringValue });
    expect(synthFailure(stack)).toContain('[OpenedxAws-ACM1] rule threw: validation_method is the Terraform expression "${var.method}"');
  });
});

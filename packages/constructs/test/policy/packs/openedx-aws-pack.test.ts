import { describe, expect, it } from "vitest";
import { OPENEDX_AWS_PACK } from "../../../src/policy/packs/openedx-aws-pack";
import { isRuleId } from "../../../src/policy/rule-id";

describe("OPENEDX_AWS_PACK", () => {
  // Ids are cited in suppressions: adding, removing or re-levelling a rule must be a visible diff.
  it("has exactly these rules, at these levels", () => {
    expect(OPENEDX_AWS_PACK.name).toBe("OpenedxAws");
    expect(OPENEDX_AWS_PACK.rules.map((rule) => `${rule.id} ${rule.level}`)).toEqual([
      "OpenedxAws-VPC1 error",
      "OpenedxAws-SG1 error",
      "OpenedxAws-EKS1 error",
      "OpenedxAws-EKS2 error",
      "OpenedxAws-EKS3 error",
      "OpenedxAws-KMS1 error",
      "OpenedxAws-LOG1 error",
      "OpenedxAws-LOG2 error",
      "OpenedxAws-S3-1 error",
      "OpenedxAws-S3-2 error",
      "OpenedxAws-S3-3 error",
      "OpenedxAws-S3-4 error",
      "OpenedxAws-S3-5 error",
      "OpenedxAws-RDS1 error",
      "OpenedxAws-RDS2 error",
      "OpenedxAws-RDS3 error",
      "OpenedxAws-RDS4 error",
      "OpenedxAws-RDS5 error",
      "OpenedxAws-RDS6 error",
      "OpenedxAws-RDS7 error",
      "OpenedxAws-DOCDB1 error",
      "OpenedxAws-DOCDB2 error",
      "OpenedxAws-DOCDB3 error",
      "OpenedxAws-DOCDB4 error",
      "OpenedxAws-DOCDB5 error",
      "OpenedxAws-EC1 error",
      "OpenedxAws-EC2 error",
      "OpenedxAws-EC3 error",
      "OpenedxAws-EC4 error",
      "OpenedxAws-EC5 error",
      "OpenedxAws-OS1 error",
      "OpenedxAws-OS2 error",
      "OpenedxAws-OS3 error",
      "OpenedxAws-OS4 error",
      "OpenedxAws-OS5 error",
      "OpenedxAws-OS6 error",
      "OpenedxAws-SNS1 error",
      "OpenedxAws-CF1 error",
      "OpenedxAws-CF2 error",
      "OpenedxAws-CF3 error",
      "OpenedxAws-CF4 error",
      "OpenedxAws-CF5 error",
      "OpenedxAws-CF6 error",
      "OpenedxAws-WAF1 error",
      "OpenedxAws-WAF2 error",
      "OpenedxAws-WAF3 error",
      "OpenedxAws-WAF4 error",
      "OpenedxAws-ACM1 error",
      "OpenedxAws-ECR1 error",
      "OpenedxAws-ECR2 error",
      "OpenedxAws-ECR3 error",
      "OpenedxAws-BASTION1 error",
      "OpenedxAws-BASTION2 error",
      "OpenedxAws-BASTION3 error",
      "OpenedxAws-BASTION4 error",
      "OpenedxAws-BASTION5 error",
      "OpenedxAws-BACKUP1 error",
      "OpenedxAws-BACKUP2 error",
      "OpenedxAws-BACKUP3 error",
    ]);
  });

  it("follows the id scheme OpenedxAws-<SERVICE><n>, with a hyphen after a service code ending in a digit", () => {
    for (const { id } of OPENEDX_AWS_PACK.rules) {
      expect(isRuleId(id)).toBe(true);
      expect(id).toMatch(/^OpenedxAws-(?:[A-Z]*[A-Z]\d+|[A-Z]+\d-\d+)$/);
    }
  });

  it("writes causes and explanations in the message style: lowercase first, no final period", () => {
    for (const { cause, explanation } of OPENEDX_AWS_PACK.rules) {
      for (const text of [cause, explanation]) {
        expect(text).toMatch(/^[a-z]/);
        expect(text).not.toMatch(/\.$/);
      }
    }
  });
});

import { describe, expect, it } from "vitest";
import { OPENEDX_AWS_PACK } from "../../../src/policy/packs/openedx-aws-pack";
import { OPENEDX_AWS_PRODUCTION_PACK } from "../../../src/policy/packs/openedx-aws-production-pack";
import { PolicyAspect } from "../../../src/policy/policy-aspect";
import { isRuleId } from "../../../src/policy/rule-id";

describe("OPENEDX_AWS_PRODUCTION_PACK", () => {
  // Ids are cited in suppressions: adding, removing or re-levelling a rule must be a visible diff.
  it("has exactly these rules, at these levels", () => {
    expect(OPENEDX_AWS_PRODUCTION_PACK.name).toBe("OpenedxAwsProduction");
    expect(OPENEDX_AWS_PRODUCTION_PACK.rules.map((rule) => `${rule.id} ${rule.level}`)).toEqual([
      "OpenedxAwsProduction-DB1 error",
      "OpenedxAwsProduction-DB2 error",
      "OpenedxAwsProduction-DB3 error",
      "OpenedxAwsProduction-DB4 error",
      "OpenedxAwsProduction-EC1 error",
      "OpenedxAwsProduction-OS1 error",
      "OpenedxAwsProduction-TF1 error",
      "OpenedxAwsProduction-KMS1 error",
      "OpenedxAwsProduction-BACKUP1 error",
      "OpenedxAwsProduction-BACKUP2 error",
      "OpenedxAwsProduction-DB5 error",
    ]);
  });

  it("follows the id scheme OpenedxAwsProduction-<AREA><n>", () => {
    for (const { id } of OPENEDX_AWS_PRODUCTION_PACK.rules) {
      expect(isRuleId(id)).toBe(true);
      expect(id).toMatch(/^OpenedxAwsProduction-[A-Z]+\d+$/);
    }
  });

  it("writes causes and explanations in the message style: lowercase first, no final period", () => {
    for (const { cause, explanation } of OPENEDX_AWS_PRODUCTION_PACK.rules) {
      for (const text of [cause, explanation]) {
        expect(text).toMatch(/^[a-z]/);
        expect(text).not.toMatch(/\.$/);
      }
    }
  });

  it("can be checked together with the OpenedxAws pack, as production stacks do", () => {
    expect(() => new PolicyAspect([OPENEDX_AWS_PACK, OPENEDX_AWS_PRODUCTION_PACK])).not.toThrow();
  });
});

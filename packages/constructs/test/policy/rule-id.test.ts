import { describe, expect, it } from "vitest";
import { formatRuleReference, isRuleId, packNameOf, parseRuleReference } from "../../src/policy/rule-id";

describe("rule ids", () => {
  it.each(["OpenedxAws-EKS1", "OpenedxAws-S3-1", "Test-X1"])("accepts %s", (id) => {
    expect(isRuleId(id)).toBe(true);
  });

  it.each(["EKS1", "OpenedxAws-", "-EKS1", "OpenedxAws-EKS 1", "OpenedxAws-S3--1", "OpenedxAws-EKS1[x]"])("rejects %s", (id) => {
    expect(isRuleId(id)).toBe(false);
  });

  it("parses and formats a reference with and without a finding", () => {
    expect(parseRuleReference("OpenedxAws-EKS2")).toEqual({ ruleId: "OpenedxAws-EKS2" });
    expect(parseRuleReference("OpenedxAws-SG1[tcp/443 from ::/0]")).toEqual({ ruleId: "OpenedxAws-SG1", finding: "tcp/443 from ::/0" });
    expect(parseRuleReference("OpenedxAws-SG1[]")).toBeUndefined();
    expect(parseRuleReference("OpenedxAws-SG1[a]b")).toBeUndefined();
    expect(formatRuleReference({ ruleId: "OpenedxAws-SG1", finding: "tcp/22 from 0.0.0.0/0" })).toBe("OpenedxAws-SG1[tcp/22 from 0.0.0.0/0]");
    expect(packNameOf("OpenedxAws-S3-1")).toBe("OpenedxAws");
  });
});

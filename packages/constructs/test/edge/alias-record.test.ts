import { TerraformOutput } from "cdktf";
import { describe, expect, it } from "vitest";
import { AliasRecord, AliasRecordOptions } from "../../src/edge/alias-record";
import { CLOUDFRONT_HOSTED_ZONE_ID, EnvironmentZone } from "../../src/edge/environment-zone";
import { rejection } from "../storage/storage-fixture";
import { SynthesizedStack, testStack } from "../synth";

const DOMAIN = "courses.example.edu";
const CLOUDFRONT = { dnsName: "d111111abcdef8.cloudfront.net", hostedZoneId: CLOUDFRONT_HOSTED_ZONE_ID };

function rejected(options: Partial<AliasRecordOptions>): string {
  const zone = new EnvironmentZone(testStack(), "zone", { domainName: DOMAIN });
  return rejection(() => zone.addAliasRecord("Lms", { recordName: DOMAIN, target: CLOUDFRONT, ...options }));
}

describe("AliasRecord", () => {
  describe("to CloudFront", () => {
    const stack = testStack();
    const zone = new EnvironmentZone(stack, "zone", { domainName: DOMAIN });
    const lms = zone.addAliasRecord("Lms", { recordName: DOMAIN, target: CLOUDFRONT });
    zone.addAliasRecord("Studio", { recordName: `studio.${DOMAIN}`, target: CLOUDFRONT });
    new TerraformOutput(stack, "fqdn", { value: lms.ipv4Record.fqdn });
    const synthesized = new SynthesizedStack(stack);
    const zoneId = synthesized.ref("aws_route53_zone", "zone/Resource", "zone_id");
    const alias = { name: "d111111abcdef8.cloudfront.net", zone_id: "Z2FDTNDATAQYW2", evaluate_target_health: false };

    it("answers A and AAAA queries at the apex with the distribution's addresses", () => {
      expect(synthesized.byPath("aws_route53_record", "zone/Lms/A")).toEqual(
        expect.objectContaining({ zone_id: zoneId, name: DOMAIN, type: "A", alias }),
      );
      expect(synthesized.byPath("aws_route53_record", "zone/Lms/AAAA")).toEqual(
        expect.objectContaining({ zone_id: zoneId, name: DOMAIN, type: "AAAA", alias }),
      );
    });

    it("carries no TTL or values of its own", () => {
      for (const [, record] of synthesized.resources("aws_route53_record")) {
        expect(record).not.toHaveProperty("ttl");
        expect(record).not.toHaveProperty("records");
      }
    });

    it("creates two records per name", () => {
      expect(synthesized.resources("aws_route53_record")).toHaveLength(4);
      expect(synthesized.byPath("aws_route53_record", "zone/Studio/A").name).toBe("studio.courses.example.edu");
      expect(lms.recordName).toBe(DOMAIN);
      expect(lms.ipv6Record).toBeDefined();
    });
  });

  it("leaves out AAAA for an IPv4-only target and can evaluate target health", () => {
    const stack = testStack();
    const zone = new EnvironmentZone(stack, "zone", { domainName: DOMAIN });
    const origin = new AliasRecord(stack, "origin", {
      zone,
      recordName: `origin.${DOMAIN}`,
      target: { dnsName: "k8s-ingress-0123456789.eu-west-1.elb.amazonaws.com", hostedZoneId: "Z32O12XQLNTSW2" },
      evaluateTargetHealth: true,
      ipv6: false,
    });
    const synthesized = new SynthesizedStack(stack);
    expect(synthesized.only("aws_route53_record")).toMatchObject({
      zone_id: synthesized.ref("aws_route53_zone", "zone/Resource", "zone_id"),
      name: "origin.courses.example.edu",
      type: "A",
      alias: { name: "k8s-ingress-0123456789.eu-west-1.elb.amazonaws.com", zone_id: "Z32O12XQLNTSW2", evaluate_target_health: true },
    });
    expect(origin.ipv6Record).toBeUndefined();
  });

  describe("rejects", () => {
    it("a name outside the zone, naming the record and the zone", () => {
      expect(rejected({ recordName: "studio.example.org" })).toBe(
        'recordName "studio.example.org" is outside the zone courses.example.edu: use "courses.example.edu" or a name ending in ".courses.example.edu" (at test/zone/Lms)',
      );
    });

    it("a name that is not a DNS name", () => {
      expect(rejected({ recordName: "studio..courses.example.edu" })).toBe(
        'recordName must be a lowercase DNS name such as "studio.courses.example.edu" (dot-separated labels of 1-63 letters, digits, hyphens or underscores, no hyphen at either end; at most 253 characters; no trailing dot; "*" only as the whole leftmost label), got "studio..courses.example.edu" (at test/zone/Lms)',
      );
    });

    it("a target zone id that is not one, and an empty target, together", () => {
      expect(rejected({ target: { dnsName: "", hostedZoneId: "cloudfront" } })).toBe(
        'target.hostedZoneId must be a Route 53 hosted zone id, "Z" and 1-32 uppercase letters or digits, got "cloudfront"; target.dnsName must name the endpoint, got an empty string (at test/zone/Lms)',
      );
    });
  });
});

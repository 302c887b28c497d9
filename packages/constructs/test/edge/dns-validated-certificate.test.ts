import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput } from "cdktf";
import { describe, expect, it } from "vitest";
import { CertificateKeyAlgorithm, DnsValidatedCertificate, DnsValidatedCertificateProps } from "../../src/edge/dns-validated-certificate";
import { EnvironmentZone } from "../../src/edge/environment-zone";
import { AwsStack } from "../../src/stack/aws-stack";
import { rejection } from "../storage/storage-fixture";
import { SynthesizedStack, testStack } from "../synth";

const DOMAIN = "courses.example.edu";
const NAMES = "dot-separated labels of 1-63 letters, digits or hyphens, no hyphen at either end; at most 253 characters; no trailing dot";

interface EdgeFixture {
  readonly stack: AwsStack;
  readonly zone: EnvironmentZone;
  readonly usEast1: AwsProvider;
}

function edgeFixture(): EdgeFixture {
  const stack = testStack();
  const zone = new EnvironmentZone(stack, "zone", { domainName: DOMAIN });
  const usEast1 = new AwsProvider(stack, "us-east-1", { alias: "us_east_1", region: "us-east-1", allowedAccountIds: ["111122223333"] });
  return { stack, zone, usEast1 };
}

function rejected(overrides: Partial<DnsValidatedCertificateProps>): string {
  const { stack, zone } = edgeFixture();
  return rejection(() => new DnsValidatedCertificate(stack, "cert", { domainName: DOMAIN, zone, ...overrides }));
}

describe("DnsValidatedCertificate", () => {
  describe("for the environment's domain and its wildcard", () => {
    const { stack, zone } = edgeFixture();
    const certificate = new DnsValidatedCertificate(stack, "cert", { domainName: DOMAIN, subjectAlternativeNames: [`*.${DOMAIN}`], zone });
    new TerraformOutput(stack, "certificate_arn", { value: certificate.certificateArn });
    const synthesized = new SynthesizedStack(stack);
    const certificateRef = (attribute: string): string => synthesized.ref("aws_acm_certificate", "cert/Resource", attribute);

    it("requests a DNS-validated RSA 2048 certificate with transparency logging, replaced before it is destroyed", () => {
      expect(synthesized.only("aws_acm_certificate")).toMatchObject({
        domain_name: DOMAIN,
        subject_alternative_names: ["*.courses.example.edu"],
        validation_method: "DNS",
        key_algorithm: "RSA_2048",
        options: { certificate_transparency_logging_preference: "ENABLED" },
        lifecycle: { create_before_destroy: true },
        tags: { Name: DOMAIN },
      });
      expect(synthesized.only("aws_acm_certificate")).not.toHaveProperty("provider");
    });

    it("writes one validation record per name without its wildcard, keyed by names known at plan time", () => {
      expect(synthesized.byPath("aws_route53_record", "cert/ValidationRecords")).toEqual(
        expect.objectContaining({
          for_each: `\${{ for key, val in ${certificateRef("domain_validation_options").slice(2, -1)}: trimprefix(val.domain_name, "*.") => val... }}`,
          zone_id: synthesized.ref("aws_route53_zone", "zone/Resource", "zone_id"),
          name: "${each.value.0.resource_record_name}",
          type: "${each.value.0.resource_record_type}",
          records: ["${each.value.0.resource_record_value}"],
          ttl: 300,
          allow_overwrite: true,
        }),
      );
      expect(synthesized.resources("aws_route53_record")).toHaveLength(1);
    });

    it("waits for validation through every record, and hands out the ARN from the validation", () => {
      const records = synthesized.ref("aws_route53_record", "cert/ValidationRecords", "x").replace(".x}", "");
      expect(synthesized.only("aws_acm_certificate_validation")).toEqual(
        expect.objectContaining({
          certificate_arn: certificateRef("arn"),
          validation_record_fqdns: `\${[ for key, val in ${records.slice(2)}: val.fqdn]}`,
        }),
      );
      expect(synthesized.json.output).toMatchObject({
        certificate_arn: { value: synthesized.ref("aws_acm_certificate_validation", "cert/Validation", "certificate_arn") },
      });
      expect(certificate.domainName).toBe(DOMAIN);
    });
  });

  it("puts the certificate and its validation in us-east-1 and keeps the records on the default provider", () => {
    const { stack, zone, usEast1 } = edgeFixture();
    new DnsValidatedCertificate(stack, "cloudfront", { domainName: DOMAIN, subjectAlternativeNames: [`*.${DOMAIN}`], zone, provider: usEast1 });
    const synthesized = new SynthesizedStack(stack);
    expect(synthesized.only("aws_acm_certificate").provider).toBe("aws.us_east_1");
    expect(synthesized.only("aws_acm_certificate_validation").provider).toBe("aws.us_east_1");
    expect(synthesized.only("aws_route53_record")).not.toHaveProperty("provider");
    expect(synthesized.json.provider?.aws).toHaveLength(2);
  });

  it("covers only the domain name when given no alternative names, with the key algorithm asked for", () => {
    const { stack, zone } = edgeFixture();
    new DnsValidatedCertificate(stack, "cert", { domainName: `media.${DOMAIN}`, zone, keyAlgorithm: "EC_prime256v1" });
    const certificate = new SynthesizedStack(stack).only("aws_acm_certificate");
    expect(certificate).toMatchObject({ domain_name: "media.courses.example.edu", key_algorithm: "EC_prime256v1" });
    expect(certificate).not.toHaveProperty("subject_alternative_names");
  });

  describe("rejects", () => {
    it("a name outside the zone, naming it and the zone", () => {
      expect(rejected({ subjectAlternativeNames: [`*.${DOMAIN}`, "courses.example.org"] })).toBe(
        'subjectAlternativeNames[1] "courses.example.org" is outside the zone courses.example.edu: use "courses.example.edu" or a name ending in ".courses.example.edu" (at test/cert)',
      );
    });

    it.each([["studio.*.courses.example.edu"], ["*studio.courses.example.edu"], ["*.*.courses.example.edu"], ["*"]])("the wildcard %s", (name) => {
      expect(rejected({ subjectAlternativeNames: [name] })).toBe(
        `subjectAlternativeNames[0] "${name}" may use "*" only as the whole leftmost label, as in "*.courses.example.edu" (at test/cert)`,
      );
    });

    it.each([["Courses.example.edu"], ["courses.example.edu."], ["_acme.courses.example.edu"]])("the name %s", (domainName) => {
      expect(rejected({ domainName })).toBe(
        `domainName must be a lowercase DNS name such as "courses.example.edu" (${NAMES}; "*" only as the whole leftmost label), got "${domainName}" (at test/cert)`,
      );
    });

    it("a first name longer than a Common Name", () => {
      const domainName = `${"a".repeat(45)}.${DOMAIN}`;
      expect(rejected({ domainName })).toBe(
        `domainName "${domainName}" is 65 characters long; ACM allows at most 64 in the first name (a longer name can be one of subjectAlternativeNames) (at test/cert)`,
      );
    });

    it("more than 10 names", () => {
      const subjectAlternativeNames = Array.from({ length: 10 }, (_, index) => `site${index}.${DOMAIN}`);
      expect(rejected({ subjectAlternativeNames })).toBe(
        "a certificate holds at most 10 names (domainName and subjectAlternativeNames), got 11 (at test/cert)",
      );
    });

    it("a name listed twice", () => {
      expect(rejected({ subjectAlternativeNames: [`*.${DOMAIN}`, DOMAIN, `*.${DOMAIN}`] })).toBe(
        'subjectAlternativeNames[1] "courses.example.edu" repeats domainName; subjectAlternativeNames[2] "*.courses.example.edu" repeats subjectAlternativeNames[0] (at test/cert)',
      );
    });

    it("a key algorithm ACM does not issue", () => {
      expect(rejected({ keyAlgorithm: "RSA_4096" as CertificateKeyAlgorithm })).toBe(
        'keyAlgorithm must be one of RSA_2048, EC_prime256v1, EC_secp384r1, got "RSA_4096" (at test/cert)',
      );
    });
  });
});

import { Fn, TerraformOutput, Token } from "cdktf";
import { describe, expect, it } from "vitest";
import { EnvironmentZone, EnvironmentZoneProps } from "../../src/edge/environment-zone";
import { rejection } from "../storage/storage-fixture";
import { SynthesizedStack, testStack } from "../synth";

const DOMAIN = "courses.example.edu";
const PARENT = "Z0123456789ABCDEFGHIJ";
const LABELS = "of 1-63 letters, digits or hyphens, no hyphen at either end; at most 253 characters; no trailing dot";
const RECORD_LABELS = "of 1-63 letters, digits, hyphens or underscores, no hyphen at either end; at most 253 characters; no trailing dot";

function zoneRejected(overrides: Partial<EnvironmentZoneProps>): string {
  return rejection(() => new EnvironmentZone(testStack(), "zone", { domainName: DOMAIN, ...overrides }));
}

function recordRejected(add: (zone: EnvironmentZone) => unknown): string {
  const zone = new EnvironmentZone(testStack(), "zone", { domainName: DOMAIN });
  return rejection(() => add(zone));
}

describe("EnvironmentZone", () => {
  describe("by default", () => {
    const stack = testStack();
    const zone = new EnvironmentZone(stack, "zone", { domainName: DOMAIN, parentHostedZoneId: PARENT });
    new TerraformOutput(stack, "name_servers", { value: zone.nameServers });
    new TerraformOutput(stack, "zone_id", { value: zone.zoneId });
    const synthesized = new SynthesizedStack(stack);

    it("is a public zone for the domain that Terraform can neither destroy nor empty", () => {
      const resource = synthesized.byPath("aws_route53_zone", "zone/Resource");
      expect(resource).toMatchObject({
        name: DOMAIN,
        comment: "Open edX environment courses.example.edu, managed by Terraform",
        force_destroy: false,
        lifecycle: { prevent_destroy: true },
      });
      expect(resource).not.toHaveProperty("vpc");
      expect(synthesized.resources("aws_route53_zone")).toHaveLength(1);
    });

    it("writes no delegation unless asked, even with a parent zone", () => {
      expect(synthesized.resources("aws_route53_record")).toHaveLength(0);
    });

    it("exposes the name servers, zone id and literal zone name", () => {
      expect(synthesized.json.output).toMatchObject({
        name_servers: { value: synthesized.ref("aws_route53_zone", "zone/Resource", "name_servers") },
        zone_id: { value: synthesized.ref("aws_route53_zone", "zone/Resource", "zone_id") },
      });
      expect(zone.zoneName).toBe(DOMAIN);
      expect(zone.delegation).toBeUndefined();
    });
  });

  it("delegates from a parent zone in the same account with a two-day NS record", () => {
    const stack = testStack();
    const zone = new EnvironmentZone(stack, "zone", { domainName: DOMAIN, parentHostedZoneId: PARENT, delegateFromParent: true });
    const synthesized = new SynthesizedStack(stack);
    expect(synthesized.only("aws_route53_record")).toMatchObject({
      zone_id: PARENT,
      name: DOMAIN,
      type: "NS",
      ttl: 172800,
      records: synthesized.ref("aws_route53_zone", "zone/Resource", "name_servers"),
    });
    expect(synthesized.byPath("aws_route53_record", "zone/Delegation")).toBeDefined();
    expect(zone.delegation).toBeDefined();
  });

  it("can be destroyed when preventDestroy is false, and takes a comment", () => {
    const stack = testStack();
    new EnvironmentZone(stack, "zone", { domainName: DOMAIN, preventDestroy: false, comment: "staging" });
    const resource = new SynthesizedStack(stack).only("aws_route53_zone");
    expect(resource).not.toHaveProperty("lifecycle");
    expect(resource).toMatchObject({ comment: "staging", force_destroy: false });
  });

  describe("record helpers", () => {
    const stack = testStack();
    const zone = new EnvironmentZone(stack, "zone", { domainName: DOMAIN });
    const dkimKey = `v=DKIM1; k=rsa; p=${"A".repeat(400)}`;
    zone.addCnameRecord("Dkim", { recordName: `token._domainkey.${DOMAIN}`, target: "token.dkim.amazonses.com" });
    zone.addTxtRecord("Spf", { recordName: `mail.${DOMAIN}`, values: ["v=spf1 include:amazonses.com ~all"], ttlSeconds: 3600 });
    zone.addTxtRecord("DkimKey", { recordName: `selector._domainkey.${DOMAIN}`, values: [dkimKey] });
    zone.addMxRecord("MailFrom", {
      recordName: `mail.${DOMAIN}`,
      mailServers: [
        { priority: 10, hostName: "feedback-smtp.eu-west-1.amazonses.com" },
        { priority: 20, hostName: "feedback-smtp.eu-west-2.amazonses.com" },
      ],
    });
    zone.addCnameRecord("Dynamic", { recordName: `${Token.asString(Fn.element(["a", "b"], 0))}.${DOMAIN}`, target: "x.example.net" });
    const synthesized = new SynthesizedStack(stack);
    const zoneId = synthesized.ref("aws_route53_zone", "zone/Resource", "zone_id");

    it("writes a CNAME with a five-minute TTL in the zone", () => {
      expect(synthesized.byPath("aws_route53_record", "zone/Dkim")).toMatchObject({
        zone_id: zoneId,
        name: "token._domainkey.courses.example.edu",
        type: "CNAME",
        ttl: 300,
        records: ["token.dkim.amazonses.com"],
      });
    });

    it("writes TXT texts as given, with the TTL asked for", () => {
      expect(synthesized.byPath("aws_route53_record", "zone/Spf")).toMatchObject({
        zone_id: zoneId,
        name: "mail.courses.example.edu",
        type: "TXT",
        ttl: 3600,
        records: ["v=spf1 include:amazonses.com ~all"],
      });
    });

    it("splits a text longer than 255 characters into 255-character strings", () => {
      const records = synthesized.byPath("aws_route53_record", "zone/DkimKey").records as string[];
      expect(records).toEqual([`${dkimKey.slice(0, 255)}""${dkimKey.slice(255)}`]);
    });

    it("writes MX records as priority and host", () => {
      expect(synthesized.byPath("aws_route53_record", "zone/MailFrom")).toMatchObject({
        zone_id: zoneId,
        type: "MX",
        ttl: 300,
        records: ["10 feedback-smtp.eu-west-1.amazonses.com", "20 feedback-smtp.eu-west-2.amazonses.com"],
      });
    });

    it("does not check names known only at apply time", () => {
      expect(synthesized.byPath("aws_route53_record", "zone/Dynamic").name).toBe('${element(["a", "b"], 0)}.courses.example.edu');
      expect(synthesized.resources("aws_route53_record")).toHaveLength(5);
    });
  });

  describe("rejects", () => {
    it.each([
      ["Courses.Example.edu"],
      ["courses.example.edu."],
      ["https://courses.example.edu"],
      ["localhost"],
      ["-courses.example.edu"],
    ])("the domain name %s", (domainName) => {
      expect(zoneRejected({ domainName })).toBe(
        `domainName must be a lowercase DNS name such as "courses.example.edu" (at least 2 dot-separated labels ${LABELS}), got "${domainName}" (at test/zone)`,
      );
    });

    it("a parent zone id that is not one", () => {
      expect(zoneRejected({ parentHostedZoneId: "z123" })).toBe(
        'parentHostedZoneId must be a Route 53 hosted zone id, "Z" and 1-32 uppercase letters or digits, got "z123" (at test/zone)',
      );
    });

    it("delegation without a parent zone", () => {
      expect(zoneRejected({ delegateFromParent: true })).toBe(
        "delegateFromParent needs parentHostedZoneId, the zone the NS record is written in (at test/zone)",
      );
    });

    it("a comment longer than Route 53 takes", () => {
      expect(zoneRejected({ comment: "x".repeat(257) })).toBe("comment must be at most 256 characters, got 257 (at test/zone)");
    });

    it("every problem at once", () => {
      expect(zoneRejected({ domainName: "x", parentHostedZoneId: "nope", comment: "x".repeat(300) })).toBe(
        `domainName must be a lowercase DNS name such as "courses.example.edu" (at least 2 dot-separated labels ${LABELS}), got "x"; ` +
          'parentHostedZoneId must be a Route 53 hosted zone id, "Z" and 1-32 uppercase letters or digits, got "nope"; ' +
          "comment must be at most 256 characters, got 300 (at test/zone)",
      );
    });

    it("a record outside the zone, naming the record and the zone", () => {
      expect(recordRejected((zone) => zone.addTxtRecord("Dmarc", { recordName: "_dmarc.example.edu", values: ["v=DMARC1; p=none"] }))).toBe(
        'record Dmarc: recordName "_dmarc.example.edu" is outside the zone courses.example.edu: use "courses.example.edu" or a name ending in ".courses.example.edu" (at test/zone)',
      );
    });

    it("a record name that only ends like the zone", () => {
      expect(recordRejected((zone) => zone.addCnameRecord("X", { recordName: "evilcourses.example.edu", target: "a.example.net" }))).toContain(
        'recordName "evilcourses.example.edu" is outside the zone courses.example.edu',
      );
    });

    it("a record name that is not a DNS name", () => {
      expect(recordRejected((zone) => zone.addCnameRecord("X", { recordName: "Studio.courses.example.edu.", target: "a.example.net" }))).toBe(
        `record X: recordName must be a lowercase DNS name such as "studio.courses.example.edu" (dot-separated labels ${RECORD_LABELS}; "*" only as the whole leftmost label), got "Studio.courses.example.edu." (at test/zone)`,
      );
    });

    it("a CNAME at the apex", () => {
      expect(recordRejected((zone) => zone.addCnameRecord("Apex", { recordName: DOMAIN, target: "a.example.net" }))).toBe(
        'record Apex: recordName "courses.example.edu" is the zone apex, where DNS allows no CNAME: use addAliasRecord for the apex (at test/zone)',
      );
    });

    it("a CNAME target that is not a DNS name", () => {
      expect(recordRejected((zone) => zone.addCnameRecord("X", { recordName: `x.${DOMAIN}`, target: "a.example.net." }))).toBe(
        `record X: target must be a lowercase DNS name such as "token.dkim.amazonses.com" (dot-separated labels ${RECORD_LABELS}), got "a.example.net." (at test/zone)`,
      );
    });

    it.each([[-1], [1.5], [2147483648]])("the TTL %s", (ttlSeconds) => {
      expect(recordRejected((zone) => zone.addCnameRecord("X", { recordName: `x.${DOMAIN}`, target: "a.example.net", ttlSeconds }))).toBe(
        `record X: ttlSeconds must be a whole number of seconds from 0 to 2147483647, got ${ttlSeconds} (at test/zone)`,
      );
    });

    it("a TXT record without texts", () => {
      expect(recordRejected((zone) => zone.addTxtRecord("X", { recordName: DOMAIN, values: [] }))).toBe(
        "record X: values must hold at least one text (at test/zone)",
      );
    });

    it.each([['say "hi"'], ["back\\slash"], ["tab\there"], ["naïve"], [""]])("the TXT text %j", (value) => {
      expect(recordRejected((zone) => zone.addTxtRecord("X", { recordName: DOMAIN, values: ["ok", value] }))).toBe(
        `record X: values[1] must be 1 or more printable ASCII characters other than " and \\, got ${JSON.stringify(value)} (at test/zone)`,
      );
    });

    it("a TXT text too long for Route 53", () => {
      expect(recordRejected((zone) => zone.addTxtRecord("X", { recordName: DOMAIN, values: ["a".repeat(3954)] }))).toBe(
        "record X: values[0] is 3954 characters long; Route 53 takes at most 4000 per value once split into quoted 255-character strings (at test/zone)",
      );
      const stack = testStack();
      new EnvironmentZone(stack, "zone", { domainName: DOMAIN }).addTxtRecord("X", { recordName: DOMAIN, values: ["a".repeat(3953)] });
      expect(new SynthesizedStack(stack).only("aws_route53_record").type).toBe("TXT");
    });

    it("an MX record without servers", () => {
      expect(recordRejected((zone) => zone.addMxRecord("X", { recordName: DOMAIN, mailServers: [] }))).toBe(
        "record X: mailServers must hold at least one mail server (at test/zone)",
      );
    });

    it("a bad MX priority and host, together", () => {
      expect(recordRejected((zone) => zone.addMxRecord("X", { recordName: DOMAIN, mailServers: [{ priority: 65536, hostName: "_smtp.example.net" }] }))).toBe(
        `record X: mailServers[0].priority must be a whole number from 0 to 65535, got 65536; mailServers[0].hostName must be a lowercase DNS name such as "inbound-smtp.eu-west-1.amazonaws.com" (dot-separated labels ${LABELS}), got "_smtp.example.net" (at test/zone)`,
      );
    });
  });
});

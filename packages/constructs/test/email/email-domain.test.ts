import { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import { describe, expect, it } from "vitest";
import { EmailDomain, EmailDomainProps } from "../../src/email";
import { KmsKey } from "../../src/encryption/kms-key";
import { AwsStack } from "../../src/stack/aws-stack";
import { plaintextSecrets, rejectionOf, resolvedAttributes } from "../construct-fixture";
import { policyOf, SynthesizedStack, testStack } from "../synth";

const ZONE_ID = "Z0123456789ABCDEFGHIJ";
const ZONE_NAME = "courses.example.edu";

function build(overrides: Partial<EmailDomainProps> = {}): { stack: AwsStack; email: EmailDomain } {
  const stack = testStack();
  const encryptionKey = new KmsKey(stack, "databases", { aliasName: "test/databases", description: "databases" });
  const email = new EmailDomain(stack, "email", { name: "openedx-test", zoneId: ZONE_ID, zoneName: ZONE_NAME, encryptionKey, ...overrides });
  return { stack, email };
}

function synth(overrides: Partial<EmailDomainProps> = {}): SynthesizedStack {
  return new SynthesizedStack(build(overrides).stack);
}

/** `type.name` as `depends_on` lists it. */
function address(synthesized: SynthesizedStack, type: string, suffix: string): string {
  return synthesized.ref(type, suffix, "x").slice(2, -3);
}

describe("EmailDomain", () => {
  const synthesized = synth();
  const identityArn = synthesized.ref("aws_sesv2_email_identity", "email/Resource", "arn");
  const configurationSetArn = synthesized.ref("aws_sesv2_configuration_set", "email/ConfigurationSet", "arn");
  const tokens = `${address(synthesized, "aws_sesv2_email_identity", "email/Resource")}.dkim_signing_attributes[0].tokens`;

  it("verifies the zone's domain with Easy DKIM and 2048-bit keys, through the configuration set", () => {
    expect(synthesized.only("aws_sesv2_email_identity")).toMatchObject({
      email_identity: ZONE_NAME,
      dkim_signing_attributes: { next_signing_key_length: "RSA_2048_BIT" },
      configuration_set_name: synthesized.ref("aws_sesv2_configuration_set", "email/ConfigurationSet", "configuration_set_name"),
    });
  });

  it("delivers over TLS only, records reputation and suppresses bounced and complaining addresses", () => {
    expect(synthesized.only("aws_sesv2_configuration_set")).toMatchObject({
      configuration_set_name: "openedx-test",
      delivery_options: { tls_policy: "REQUIRE" },
      reputation_options: { reputation_metrics_enabled: true },
      sending_options: { sending_enabled: true },
      suppression_options: { suppressed_reasons: ["BOUNCE", "COMPLAINT"] },
    });
  });

  it("publishes the three DKIM selectors as CNAMEs, counted at plan time and named after apply", () => {
    const token = `\${element(${tokens}, count.index)}`;
    expect(synthesized.byPath("aws_route53_record", "email/DkimRecords")).toMatchObject({
      count: 3,
      zone_id: ZONE_ID,
      type: "CNAME",
      ttl: 600,
      name: `${token}._domainkey.${ZONE_NAME}`,
      records: [`${token}.dkim.amazonses.com`],
    });
  });

  it("sends from the MAIL FROM domain mail.<domain>, refusing to send while its MX record is missing", () => {
    const mailFrom = synthesized.only("aws_sesv2_email_identity_mail_from_attributes");
    expect(mailFrom).toMatchObject({
      email_identity: synthesized.ref("aws_sesv2_email_identity", "email/Resource", "email_identity"),
      mail_from_domain: `mail.${ZONE_NAME}`,
      behavior_on_mx_failure: "REJECT_MESSAGE",
    });
    expect([...(mailFrom.depends_on as string[])].sort()).toEqual(
      [address(synthesized, "aws_route53_record", "email/MailFromMx"), address(synthesized, "aws_route53_record", "email/MailFromSpf")].sort(),
    );
  });

  it("publishes the MAIL FROM domain's MX to SES feedback in the stack's region and its SPF record", () => {
    expect(synthesized.byPath("aws_route53_record", "email/MailFromMx")).toMatchObject({
      zone_id: ZONE_ID,
      name: `mail.${ZONE_NAME}`,
      type: "MX",
      records: ["10 feedback-smtp.eu-west-1.amazonses.com"],
    });
    expect(synthesized.byPath("aws_route53_record", "email/MailFromSpf")).toMatchObject({
      zone_id: ZONE_ID,
      name: `mail.${ZONE_NAME}`,
      type: "TXT",
      records: ["v=spf1 include:amazonses.com ~all"],
    });
  });

  it("publishes a quarantine DMARC policy without reports by default", () => {
    expect(synthesized.byPath("aws_route53_record", "email/Dmarc")).toMatchObject({
      zone_id: ZONE_ID,
      name: `_dmarc.${ZONE_NAME}`,
      type: "TXT",
      records: ["v=DMARC1; p=quarantine"],
    });
    expect(synthesized.resources("aws_route53_record")).toHaveLength(4);
  });

  it("creates the SMTP user under /openedx/ with one inline policy: send as the domain, through this identity only", () => {
    expect(synthesized.only("aws_iam_user")).toMatchObject({ name: "openedx-test-ses-smtp", path: "/openedx/" });
    const policy = synthesized.only("aws_iam_user_policy");
    expect(policy.user).toBe(synthesized.ref("aws_iam_user", "email/SmtpUser", "name"));
    expect(policyOf(policy.policy).Statement).toEqual([
      {
        Sid: "SendAsTheDomainOnly",
        Effect: "Allow",
        Action: ["ses:SendEmail", "ses:SendRawEmail"],
        Resource: [identityArn, configurationSetArn],
        Condition: { StringLike: { "ses:FromAddress": `*@${ZONE_NAME}` } },
      },
    ]);
  });

  it("owns the user's policies exclusively: that inline policy and no managed policy", () => {
    const userName = synthesized.ref("aws_iam_user", "email/SmtpUser", "name");
    expect(synthesized.only("aws_iam_user_policies_exclusive")).toEqual(
      expect.objectContaining({ user_name: userName, policy_names: [synthesized.ref("aws_iam_user_policy", "email/SmtpPolicy", "name")] }),
    );
    expect(synthesized.only("aws_iam_user_policy_attachments_exclusive")).toEqual(expect.objectContaining({ user_name: userName, policy_arns: [] }));
    expect(synthesized.resources("aws_iam_user_policy_attachment")).toEqual([]);
    expect(synthesized.resources("aws_iam_policy")).toEqual([]);
    expect(synthesized.resources("aws_iam_group_membership")).toEqual([]);
  });

  it("keeps the SMTP credentials in a secret encrypted with the given key, restorable for 30 days", () => {
    expect(synthesized.only("aws_iam_access_key")).toMatchObject({ user: synthesized.ref("aws_iam_user", "email/SmtpUser", "name") });
    expect(synthesized.only("aws_secretsmanager_secret")).toMatchObject({
      name: "openedx-test/ses-smtp",
      kms_key_id: synthesized.ref("aws_kms_key", "databases/Resource", "arn"),
      recovery_window_in_days: 30,
    });
  });

  it("builds the secret from the access key's attributes by reference, so no credential is written", () => {
    const key = address(synthesized, "aws_iam_access_key", "email/SmtpAccessKey");
    const version = synthesized.only("aws_secretsmanager_secret_version");
    expect(version.secret_id).toBe(synthesized.ref("aws_secretsmanager_secret", "email/SmtpSecret", "id"));
    expect(version.secret_string).toBe(
      `\${jsonencode({"username" = ${key}.id, "password" = ${key}.ses_smtp_password_v4, "host" = "email-smtp.eu-west-1.amazonaws.com", "port" = 587})}`,
    );
    const json = JSON.stringify(synthesized.json);
    expect(json).not.toMatch(/AKIA[0-9A-Z]{16}/);
    expect(plaintextSecrets(synthesized.json)).toEqual([]);
    expect(synthesized.json.output).toBeUndefined();
  });

  it("exposes the identity, the secret and the SMTP endpoint", () => {
    const { stack, email } = build();
    const { synthesized: withOutputs, values } = resolvedAttributes(stack, {
      identityArn: email.identityArn,
      smtpSecretArn: email.smtpSecretArn,
      smtpHost: email.smtpHost,
      smtpPort: email.smtpPort,
      mailFromDomain: email.mailFromDomain,
      domain: email.domain,
      configurationSetName: email.configurationSetName,
      smtpUserArn: email.smtpUserArn,
    });
    expect(values).toEqual({
      identityArn: withOutputs.ref("aws_sesv2_email_identity", "email/Resource", "arn"),
      smtpSecretArn: withOutputs.ref("aws_secretsmanager_secret", "email/SmtpSecret", "arn"),
      smtpHost: "email-smtp.eu-west-1.amazonaws.com",
      smtpPort: 587,
      mailFromDomain: `mail.${ZONE_NAME}`,
      domain: ZONE_NAME,
      configurationSetName: withOutputs.ref("aws_sesv2_configuration_set", "email/ConfigurationSet", "configuration_set_name"),
      smtpUserArn: withOutputs.ref("aws_iam_user", "email/SmtpUser", "arn"),
    });
  });

  it("takes a subdomain of the zone, another MAIL FROM label, a reject policy and a report address", () => {
    const custom = synth({
      domain: `lms.${ZONE_NAME}`,
      mailFromSubdomain: "bounce",
      dmarcPolicy: "reject",
      dmarcReportEmail: "dmarc-reports@example.edu",
    });
    expect(custom.only("aws_sesv2_email_identity").email_identity).toBe(`lms.${ZONE_NAME}`);
    expect(custom.byPath("aws_route53_record", "email/DkimRecords").name).toMatch(new RegExp(`\\._domainkey\\.lms\\.${ZONE_NAME.replace(/\./g, "\\.")}$`));
    expect(custom.only("aws_sesv2_email_identity_mail_from_attributes").mail_from_domain).toBe(`bounce.lms.${ZONE_NAME}`);
    expect(custom.byPath("aws_route53_record", "email/MailFromMx").name).toBe(`bounce.lms.${ZONE_NAME}`);
    expect(custom.byPath("aws_route53_record", "email/MailFromSpf").name).toBe(`bounce.lms.${ZONE_NAME}`);
    expect(custom.byPath("aws_route53_record", "email/Dmarc")).toMatchObject({
      name: `_dmarc.lms.${ZONE_NAME}`,
      records: ["v=DMARC1; p=reject; rua=mailto:dmarc-reports@example.edu"],
    });
    expect(policyOf(custom.only("aws_iam_user_policy").policy).Statement[0].Condition).toEqual({
      StringLike: { "ses:FromAddress": `*@lms.${ZONE_NAME}` },
    });
  });

  it("accepts the zone's attributes as references, as the edge stack passes them", () => {
    const stack = testStack();
    const encryptionKey = new KmsKey(stack, "databases", { aliasName: "test/databases", description: "databases" });
    const zone = new Route53Zone(stack, "zone", { name: ZONE_NAME });
    new EmailDomain(stack, "email", { name: "openedx-test", zoneId: zone.zoneId, zoneName: zone.name, encryptionKey });
    const withZone = new SynthesizedStack(stack);
    const zoneName = withZone.ref("aws_route53_zone", "zone", "name");
    expect(withZone.only("aws_sesv2_email_identity").email_identity).toBe(zoneName);
    expect(withZone.byPath("aws_route53_record", "email/Dmarc")).toMatchObject({
      zone_id: withZone.ref("aws_route53_zone", "zone", "zone_id"),
      name: `_dmarc.${zoneName}`,
    });
    expect(withZone.byPath("aws_route53_record", "email/MailFromMx").name).toBe(`mail.${zoneName}`);
  });

  it.each<[string, Partial<EmailDomainProps>, string]>([
    [
      "a name with a dot",
      { name: "openedx.test" },
      'name must be 1-55 letters, digits, "-" or "_" (it names the configuration set and the IAM user "<name>-ses-smtp"), got "openedx.test"',
    ],
    [
      "a name too long for the IAM user",
      { name: "a".repeat(56) },
      `name must be 1-55 letters, digits, "-" or "_" (it names the configuration set and the IAM user "<name>-ses-smtp"), got "${"a".repeat(56)}"`,
    ],
    [
      "a zone name with a trailing dot",
      { zoneName: "courses.example.edu." },
      'zoneName must be a lower-case domain name without a trailing dot, such as "courses.example.edu", got "courses.example.edu."',
    ],
    [
      "an upper-case domain",
      { domain: "Courses.example.edu" },
      'domain must be a lower-case domain name without a trailing dot, such as "courses.example.edu", got "Courses.example.edu"',
    ],
    [
      "a domain outside the zone",
      { domain: "example.org" },
      'domain must be the zone\'s name "courses.example.edu" or a name below it, as its records go into that zone, got "example.org"',
    ],
    [
      "a domain that only ends like the zone",
      { domain: "othercourses.example.edu" },
      'domain must be the zone\'s name "courses.example.edu" or a name below it, as its records go into that zone, got "othercourses.example.edu"',
    ],
    [
      "a MAIL FROM subdomain of two labels",
      { mailFromSubdomain: "mail.out" },
      'mailFromSubdomain must be a single lower-case DNS label such as "mail" (letters, digits and inner hyphens, at most 63), got "mail.out"',
    ],
    ["an unknown DMARC policy", { dmarcPolicy: "block" as never }, 'dmarcPolicy must be one of "none", "quarantine", "reject", got "block"'],
    [
      "two report addresses",
      { dmarcReportEmail: "a@example.edu,b@example.edu" },
      'dmarcReportEmail must be one e-mail address such as "dmarc-reports@example.edu" (lower-case domain), got "a@example.edu,b@example.edu"',
    ],
  ])("rejects %s", (_, overrides, message) => {
    expect(rejectionOf(() => build(overrides))).toBe(`${message} (at test/email)`);
  });

  it("reports every problem at once", () => {
    expect(rejectionOf(() => build({ name: "a b", mailFromSubdomain: "-mail", dmarcPolicy: "off" as never }))).toBe(
      'name must be 1-55 letters, digits, "-" or "_" (it names the configuration set and the IAM user "<name>-ses-smtp"), got "a b"; ' +
        'mailFromSubdomain must be a single lower-case DNS label such as "mail" (letters, digits and inner hyphens, at most 63), got "-mail"; ' +
        'dmarcPolicy must be one of "none", "quarantine", "reject", got "off" (at test/email)',
    );
  });
});

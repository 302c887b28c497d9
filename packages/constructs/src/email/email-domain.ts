import { IamAccessKey } from "@cdktf/provider-aws/lib/iam-access-key";
import { IamUser } from "@cdktf/provider-aws/lib/iam-user";
import { IamUserPoliciesExclusive } from "@cdktf/provider-aws/lib/iam-user-policies-exclusive";
import { IamUserPolicy } from "@cdktf/provider-aws/lib/iam-user-policy";
import { IamUserPolicyAttachmentsExclusive } from "@cdktf/provider-aws/lib/iam-user-policy-attachments-exclusive";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import { Sesv2ConfigurationSet } from "@cdktf/provider-aws/lib/sesv2-configuration-set";
import { Sesv2EmailIdentity } from "@cdktf/provider-aws/lib/sesv2-email-identity";
import { Sesv2EmailIdentityMailFromAttributes } from "@cdktf/provider-aws/lib/sesv2-email-identity-mail-from-attributes";
import { Fn, TerraformCount, Token } from "cdktf";
import { Construct } from "constructs";
import { ValidationError } from "../config/validation-error";
import { KmsKey } from "../encryption/kms-key";
import { policyDocument } from "../iam/policy-document";
import { AwsStack } from "../stack/aws-stack";

/** What receivers should do with mail that fails DMARC (`p=` of the DMARC record). */
export type DmarcPolicy = "none" | "quarantine" | "reject";

const DMARC_POLICIES: readonly DmarcPolicy[] = ["none", "quarantine", "reject"];

/** The SMTP submission port of SES: STARTTLS, which Django's `EMAIL_USE_TLS` speaks. */
export const SES_SMTP_PORT = 587;

/** Easy DKIM always publishes three selectors. */
const DKIM_TOKEN_COUNT = 3;

/** Short enough that a corrected record takes effect within minutes. */
const RECORD_TTL_SECONDS = 600;

const SMTP_USER_SUFFIX = "-ses-smtp";
const IAM_USER_NAME_MAX_LENGTH = 64;

/** Props of an {@link EmailDomain}. */
export interface EmailDomainProps {
  /**
   * Names the resources: the SES configuration set `<name>`, the IAM user `<name>-ses-smtp` and
   * the secret `<name>/ses-smtp`. 1-55 letters, digits, `-` or `_`, e.g. `openedx-production`.
   */
  readonly name: string;
  /**
   * The Route 53 hosted zone that gets the DKIM, MAIL FROM and DMARC records. The edge stack passes
   * its `EnvironmentZone`'s zone id.
   */
  readonly zoneId: string;
  /** The name of that hosted zone, e.g. `courses.example.edu` (the `EnvironmentZone`'s zone name). */
  readonly zoneName: string;
  /**
   * The domain Open edX sends from, the zone's name or a name below it. Every address at it
   * (`CONTACT_EMAIL`, `DEFAULT_FROM_EMAIL`, `SERVER_EMAIL` …) is verified through the domain.
   * @default - the zone's name
   */
  readonly domain?: string;
  /** Key that encrypts the SMTP credentials secret; Open edX's reader needs `kms:Decrypt` on it. */
  readonly encryptionKey: KmsKey;
  /**
   * The label of the custom MAIL FROM domain below `domain`, which bounces go to and SPF is checked
   * against: a single DNS label that no other mail service uses.
   * @default "mail"
   */
  readonly mailFromSubdomain?: string;
  /**
   * What receivers do with mail from `domain` that fails DMARC. Start with `none` only while
   * another service still sends unauthenticated mail as the domain.
   * @default "quarantine"
   */
  readonly dmarcPolicy?: DmarcPolicy;
  /**
   * Where receivers send DMARC aggregate reports (`rua=mailto:`). An address outside `domain` only
   * receives them once its own domain publishes the authorization record
   * `<domain>._report._dmarc.<its domain>` (RFC 7489 §7.1).
   * @default - no aggregate reports are requested
   */
  readonly dmarcReportEmail?: string;
}

/**
 * A domain Open edX sends mail from through Amazon SES, authenticated by DKIM, SPF and DMARC, with
 * SMTP credentials in Secrets Manager.
 *
 * - The domain identity signs with Easy DKIM (2048-bit RSA); its three selector CNAMEs go into the
 *   zone. SES learns the selector tokens only when the identity is created, so the records are
 *   `count = 3` over `element(tokens, count.index)`: the count is known at plan time, the names and
 *   targets after apply.
 * - A custom MAIL FROM domain (`mail.<domain>` by default) with its MX and SPF records makes SPF
 *   align with the From domain, and SES refuses to send (`REJECT_MESSAGE`) rather than fall back
 *   to `amazonses.com` when the MX record is missing.
 * - A DMARC record at `_dmarc.<domain>`, `p=quarantine` by default.
 * - A configuration set, the identity's default so it applies to SMTP mail that names none: it
 *   delivers only over TLS (a receiver without STARTTLS gets no mail rather than plaintext mail),
 *   records reputation metrics, and suppresses addresses that bounced or complained.
 *
 * Open edX (Django) sends through SES's SMTP interface, and SES SMTP authenticates only with an IAM
 * access key (the SMTP password is derived from its secret). The key of the IAM user
 * `<name>-ses-smtp` under path `/openedx/` is therefore the one long-lived static credential of the
 * environment, and it can do nothing but send: its only policy allows `ses:SendEmail` and
 * `ses:SendRawEmail` on this identity and its configuration set, for From addresses at `domain`.
 * Exclusive-policy resources remove any policy attached to the user by hand. The secret
 * `<name>/ses-smtp` holds `{ username, password, host, port }`, built by Terraform from the access
 * key's attributes, so the key appears in no synthesized file and in no output; it does sit in the
 * Terraform state, which must be encrypted and access-controlled. To rotate it, replace the key
 * (`terraform apply -replace=<address of SmtpAccessKey>`) and restart the pods that read the secret.
 *
 * A new AWS account's SES is in the sandbox: it sends only to verified addresses, at most 200 a day.
 * Open the production-access request (Support case "SES Sending Limits", or
 * `aws sesv2 put-account-details`) before learners need mail; it is an account setting per region,
 * not part of this stack.
 *
 * Construct ids are API (changing one replaces the resource): `Resource` (the identity),
 * `ConfigurationSet`, `DkimRecords`, `MailFrom`, `MailFromMx`, `MailFromSpf`, `Dmarc`, `SmtpUser`,
 * `SmtpPolicy`, `SmtpInlinePolicies`, `SmtpManagedPolicies`, `SmtpAccessKey`, `SmtpSecret` and
 * `SmtpSecretVersion`.
 *
 * @resource aws_sesv2_email_identity
 * @see https://docs.aws.amazon.com/ses/latest/dg/send-email-authentication-dmarc.html
 * @see https://docs.aws.amazon.com/ses/latest/dg/smtp-credentials.html
 * @see https://docs.aws.amazon.com/ses/latest/dg/request-production-access.html
 */
export class EmailDomain extends Construct {
  /** The domain identity's ARN. @attribute */
  readonly identityArn: string;
  /** The domain mail is sent from. */
  readonly domain: string;
  /** `<mailFromSubdomain>.<domain>`, the envelope sender domain bounces go to. @attribute */
  readonly mailFromDomain: string;
  /** The configuration set every message from the identity goes through. @attribute */
  readonly configurationSetName: string;
  /**
   * The secret holding `{"username", "password", "host", "port"}` for Open edX's SMTP settings.
   * @attribute
   */
  readonly smtpSecretArn: string;
  /** `email-smtp.<region>.amazonaws.com`, for `EMAIL_HOST`. @attribute */
  readonly smtpHost: string;
  /** 587 (STARTTLS), for `EMAIL_PORT` with `EMAIL_USE_TLS`. @attribute */
  readonly smtpPort: number;
  /** The IAM user whose access key the SMTP credentials are. @attribute */
  readonly smtpUserArn: string;

  constructor(scope: Construct, id: string, props: EmailDomainProps) {
    super(scope, id);
    validateProps(this, props);
    const stack = AwsStack.of(this);
    const domain = props.domain ?? props.zoneName;
    const mailFromDomain = `${props.mailFromSubdomain ?? "mail"}.${domain}`;
    const smtpHost = `email-smtp.${stack.region}.amazonaws.com`;

    const configurationSet = new Sesv2ConfigurationSet(this, "ConfigurationSet", {
      configurationSetName: props.name,
      deliveryOptions: { tlsPolicy: "REQUIRE" },
      reputationOptions: { reputationMetricsEnabled: true },
      sendingOptions: { sendingEnabled: true },
      suppressionOptions: { suppressedReasons: ["BOUNCE", "COMPLAINT"] },
    });

    const identity = new Sesv2EmailIdentity(this, "Resource", {
      emailIdentity: domain,
      configurationSetName: configurationSet.configurationSetName,
      dkimSigningAttributes: { nextSigningKeyLength: "RSA_2048_BIT" },
    });

    const dkimCount = TerraformCount.of(DKIM_TOKEN_COUNT);
    const dkimToken = Token.asString(Fn.element(identity.dkimSigningAttributes.tokens, dkimCount.index));
    new Route53Record(this, "DkimRecords", {
      count: dkimCount,
      zoneId: props.zoneId,
      name: `${dkimToken}._domainkey.${domain}`,
      type: "CNAME",
      ttl: RECORD_TTL_SECONDS,
      records: [`${dkimToken}.dkim.amazonses.com`],
    });

    const mailFromMx = new Route53Record(this, "MailFromMx", {
      zoneId: props.zoneId,
      name: mailFromDomain,
      type: "MX",
      ttl: RECORD_TTL_SECONDS,
      records: [`10 feedback-smtp.${stack.region}.amazonses.com`],
    });
    const mailFromSpf = new Route53Record(this, "MailFromSpf", {
      zoneId: props.zoneId,
      name: mailFromDomain,
      type: "TXT",
      ttl: RECORD_TTL_SECONDS,
      records: ["v=spf1 include:amazonses.com ~all"],
    });
    // With REJECT_MESSAGE, SES refuses to send while it cannot find the MX record: publish first.
    new Sesv2EmailIdentityMailFromAttributes(this, "MailFrom", {
      emailIdentity: identity.emailIdentity,
      mailFromDomain,
      behaviorOnMxFailure: "REJECT_MESSAGE",
      dependsOn: [mailFromMx, mailFromSpf],
    });

    const dmarcTags = [`v=DMARC1`, `p=${props.dmarcPolicy ?? "quarantine"}`];
    if (props.dmarcReportEmail !== undefined) dmarcTags.push(`rua=mailto:${props.dmarcReportEmail}`);
    new Route53Record(this, "Dmarc", {
      zoneId: props.zoneId,
      name: `_dmarc.${domain}`,
      type: "TXT",
      ttl: RECORD_TTL_SECONDS,
      records: [dmarcTags.join("; ")],
    });

    const user = new IamUser(this, "SmtpUser", {
      name: `${props.name}${SMTP_USER_SUFFIX}`,
      path: "/openedx/",
    });
    const policy = new IamUserPolicy(this, "SmtpPolicy", {
      name: "ses-send-only",
      user: user.name,
      policy: policyDocument([
        {
          Sid: "SendAsTheDomainOnly",
          Effect: "Allow",
          Action: ["ses:SendEmail", "ses:SendRawEmail"],
          // SES authorizes a send against the identity and against the configuration set it uses.
          Resource: [identity.arn, configurationSet.arn],
          Condition: { StringLike: { "ses:FromAddress": `*@${domain}` } },
        },
      ]),
    });
    new IamUserPoliciesExclusive(this, "SmtpInlinePolicies", { userName: user.name, policyNames: [policy.name] });
    new IamUserPolicyAttachmentsExclusive(this, "SmtpManagedPolicies", { userName: user.name, policyArns: [] });
    const accessKey = new IamAccessKey(this, "SmtpAccessKey", { user: user.name });

    const secret = new SecretsmanagerSecret(this, "SmtpSecret", {
      name: `${props.name}/ses-smtp`,
      description: `SES SMTP credentials of ${user.name}: send-only, from addresses at ${domain}`,
      kmsKeyId: props.encryptionKey.keyArn,
      recoveryWindowInDays: 30,
    });
    new SecretsmanagerSecretVersion(this, "SmtpSecretVersion", {
      secretId: secret.id,
      secretString: Fn.jsonencode({
        username: accessKey.id,
        password: accessKey.sesSmtpPasswordV4,
        host: smtpHost,
        port: SES_SMTP_PORT,
      }),
    });

    this.identityArn = identity.arn;
    this.domain = domain;
    this.mailFromDomain = mailFromDomain;
    this.configurationSetName = configurationSet.configurationSetName;
    this.smtpSecretArn = secret.arn;
    this.smtpHost = smtpHost;
    this.smtpPort = SES_SMTP_PORT;
    this.smtpUserArn = user.arn;
  }
}

const NAME = /^[A-Za-z0-9_-]+$/;
const NAME_MAX_LENGTH = IAM_USER_NAME_MAX_LENGTH - SMTP_USER_SUFFIX.length;
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const EMAIL = /^[A-Za-z0-9._%+-]+@[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;

function isDomainName(value: string): boolean {
  return value.length <= 253 && value.split(".").length >= 2 && value.split(".").every((label) => DNS_LABEL.test(label));
}

/** Checks every prop and reports all problems in one error. */
function validateProps(scope: Construct, props: EmailDomainProps): void {
  const problems: string[] = [];
  if (!Token.isUnresolved(props.name) && (!NAME.test(props.name) || props.name.length > NAME_MAX_LENGTH)) {
    problems.push(
      `name must be 1-${NAME_MAX_LENGTH} letters, digits, "-" or "_" (it names the configuration set and the IAM user "<name>${SMTP_USER_SUFFIX}"), got "${props.name}"`,
    );
  }
  const zoneName = Token.isUnresolved(props.zoneName) ? undefined : props.zoneName;
  if (zoneName !== undefined && !isDomainName(zoneName)) {
    problems.push(`zoneName must be a lower-case domain name without a trailing dot, such as "courses.example.edu", got "${zoneName}"`);
  }
  const domain = props.domain;
  if (domain !== undefined && !Token.isUnresolved(domain)) {
    if (!isDomainName(domain)) {
      problems.push(`domain must be a lower-case domain name without a trailing dot, such as "courses.example.edu", got "${domain}"`);
    } else if (zoneName !== undefined && isDomainName(zoneName) && domain !== zoneName && !domain.endsWith(`.${zoneName}`)) {
      problems.push(`domain must be the zone's name "${zoneName}" or a name below it, as its records go into that zone, got "${domain}"`);
    }
  }
  const label = props.mailFromSubdomain;
  if (label !== undefined && !DNS_LABEL.test(label)) {
    problems.push(`mailFromSubdomain must be a single lower-case DNS label such as "mail" (letters, digits and inner hyphens, at most 63), got "${label}"`);
  }
  if (props.dmarcPolicy !== undefined && !DMARC_POLICIES.includes(props.dmarcPolicy)) {
    problems.push(`dmarcPolicy must be one of ${DMARC_POLICIES.map((policy) => `"${policy}"`).join(", ")}, got "${String(props.dmarcPolicy)}"`);
  }
  const report = props.dmarcReportEmail;
  if (report !== undefined && !Token.isUnresolved(report) && !EMAIL.test(report)) {
    problems.push(`dmarcReportEmail must be one e-mail address such as "dmarc-reports@example.edu" (lower-case domain), got "${report}"`);
  }
  if (problems.length > 0) {
    throw new ValidationError(problems.join("; "), scope);
  }
}

import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { forExpression, propertyAccess, TerraformIterator, Token } from "cdktf";
import { Construct } from "constructs";
import { ValidationError } from "../config/validation-error";
import { DEFAULT_RECORD_TTL_SECONDS, EnvironmentZone } from "./environment-zone";
import { CERTIFICATE_NAME, describeDnsName, isDnsName, isInZone, outsideZone } from "./private/dns-names";

/**
 * The key algorithms ACM issues public certificates with. CloudFront takes `RSA_2048` and
 * `EC_prime256v1` only; load balancers take all three.
 */
export const CERTIFICATE_KEY_ALGORITHMS = ["RSA_2048", "EC_prime256v1", "EC_secp384r1"] as const;

/** A key algorithm of a public ACM certificate. */
export type CertificateKeyAlgorithm = (typeof CERTIFICATE_KEY_ALGORITHMS)[number];

/** Names one certificate may hold (domain name and alternative names) under ACM's default quota. */
export const MAX_CERTIFICATE_NAMES = 10;

/** ACM puts the first name in the certificate's Common Name, which X.509 limits to 64 characters. */
const MAX_COMMON_NAME_LENGTH = 64;

/** Props of a {@link DnsValidatedCertificate}. */
export interface DnsValidatedCertificateProps {
  /**
   * The first name of the certificate, e.g. `courses.example.edu`: in `zone`, at most 64
   * characters, optionally a wildcard (`*.courses.example.edu`).
   */
  readonly domainName: string;
  /**
   * Further names the certificate covers, e.g. `*.courses.example.edu` for Studio, the MFEs and
   * media; each in `zone`, a wildcard only as the whole leftmost label. With `domainName`, at most 10.
   * @default - none: the certificate covers `domainName` only
   */
  readonly subjectAlternativeNames?: readonly string[];
  /** The zone that holds every name, where the validation records are written. */
  readonly zone: EnvironmentZone;
  /**
   * The algorithm of the certificate's key pair.
   * @default "RSA_2048" (the one every client and every AWS service accepts)
   */
  readonly keyAlgorithm?: CertificateKeyAlgorithm;
  /**
   * The AWS provider (region) of the certificate and its validation, e.g. a `us-east-1` alias for a
   * CloudFront certificate. The validation records are written with the stack's default provider
   * (Route 53 is global).
   * @default - the stack's default provider
   */
  readonly provider?: AwsProvider;
}

/**
 * A public ACM certificate validated through DNS records in the environment's zone, which ACM
 * keeps checking to renew the certificate on its own before it expires.
 *
 * - Certificate transparency logging stays on: browsers distrust a certificate missing from the logs.
 * - `create_before_destroy`: a change of names requests the new certificate, validates it and
 *   moves its users over before the old one is deleted (which ACM refuses while it is in use).
 * - ACM asks for one CNAME per name, the same one for a name and its wildcard (`courses.example.edu`
 *   and `*.courses.example.edu`), and may hand the same one to other certificates of the name in
 *   the account.
 *   The records are one `for_each` resource keyed by the name without its wildcard, so the shared
 *   record is written once; the keys come from the names in the configuration, so they are known at
 *   plan time even before ACM has issued the record values. `allow_overwrite` lets a second
 *   certificate of the same names (e.g. a regional one next to the CloudFront one) take over the
 *   existing record instead of failing; destroying one of them deletes the shared record, and the
 *   next apply of the other writes it back.
 * - {@link certificateArn} is read from the validation resource, so whatever uses it waits until
 *   the certificate is issued.
 *
 * Construct ids are API (changing one replaces the resource): `Resource` (the certificate),
 * `ValidationRecords` (the record set) and `Validation`.
 *
 * @resource aws_acm_certificate
 * @see https://docs.aws.amazon.com/acm/latest/userguide/dns-validation.html
 */
export class DnsValidatedCertificate extends Construct {
  /** The ARN of the issued certificate, available once validation has completed. @attribute */
  readonly certificateArn: string;
  /** The first name of the certificate, as written in the props. @attribute */
  readonly domainName: string;
  /** The certificate resource. */
  readonly resource: AcmCertificate;
  /** The validation records, one per name without its wildcard. */
  readonly validationRecords: Route53Record;
  /** The resource that waits for ACM to issue the certificate. */
  readonly validation: AcmCertificateValidation;

  constructor(scope: Construct, id: string, props: DnsValidatedCertificateProps) {
    super(scope, id);
    validateProps(this, props);
    this.domainName = props.domainName;

    this.resource = new AcmCertificate(this, "Resource", {
      domainName: props.domainName,
      subjectAlternativeNames: props.subjectAlternativeNames ? [...props.subjectAlternativeNames] : undefined,
      validationMethod: "DNS",
      keyAlgorithm: props.keyAlgorithm ?? "RSA_2048",
      options: { certificateTransparencyLoggingPreference: "ENABLED" },
      tags: { Name: props.domainName },
      lifecycle: { createBeforeDestroy: true },
      provider: props.provider,
    });

    // `{ for key, val in <options> : trimprefix(val.domain_name, "*.") => val... }`: the `...` groups a
    // name and its wildcard under one key (a plain map would reject the duplicate key), so each
    // value is a list of options that share one record. The options are iterated as the set they
    // are: cdktf's list iterators would wrap them in tolist(), which is unknown until apply and
    // fails the plan.
    const byName = TerraformIterator.fromMap(
      forExpression(propertyAccess(this.resource, ["domain_validation_options"]), "val...", 'trimprefix(val.domain_name, "*.")'),
    );
    const option = (attribute: string): string => Token.asString(propertyAccess(byName.value, [0, attribute]));
    this.validationRecords = new Route53Record(this, "ValidationRecords", {
      forEach: byName,
      zoneId: props.zone.zoneId,
      name: option("resource_record_name"),
      type: option("resource_record_type"),
      records: [option("resource_record_value")],
      ttl: DEFAULT_RECORD_TTL_SECONDS,
      allowOverwrite: true,
    });

    this.validation = new AcmCertificateValidation(this, "Validation", {
      certificateArn: this.resource.arn,
      validationRecordFqdns: Token.asList(TerraformIterator.fromResources(this.validationRecords).pluckProperty("fqdn")),
      provider: props.provider,
    });
    this.certificateArn = this.validation.certificateArn;
  }
}

function validateProps(scope: Construct, props: DnsValidatedCertificateProps): void {
  const problems: string[] = [];
  const zoneName = props.zone.zoneName;
  const named: [string, string][] = [
    ["domainName", props.domainName],
    ...(props.subjectAlternativeNames ?? []).map((name, index): [string, string] => [`subjectAlternativeNames[${index}]`, name]),
  ];
  const firstLabel = new Map<string, string>();
  for (const [label, name] of named) {
    if (Token.isUnresolved(name)) {
      continue;
    }
    const earlier = firstLabel.get(name);
    if (earlier !== undefined) {
      problems.push(`${label} "${name}" repeats ${earlier}`);
      continue;
    }
    firstLabel.set(name, label);
    if (name.includes("*") && !(name.startsWith("*.") && !name.slice(2).includes("*"))) {
      problems.push(`${label} "${name}" may use "*" only as the whole leftmost label, as in "*.${Token.isUnresolved(zoneName) ? "courses.example.edu" : zoneName}"`);
    } else if (!isDnsName(name, CERTIFICATE_NAME)) {
      problems.push(`${label} must be ${describeDnsName(CERTIFICATE_NAME, Token.isUnresolved(zoneName) ? "courses.example.edu" : zoneName)}, got "${name}"`);
    } else if (!Token.isUnresolved(zoneName) && !isInZone(name, zoneName)) {
      problems.push(outsideZone(label, name, zoneName));
    }
  }
  if (!Token.isUnresolved(props.domainName) && props.domainName.length > MAX_COMMON_NAME_LENGTH) {
    problems.push(
      `domainName "${props.domainName}" is ${props.domainName.length} characters long; ACM allows at most ${MAX_COMMON_NAME_LENGTH} in the first name (a longer name can be one of subjectAlternativeNames)`,
    );
  }
  if (named.length > MAX_CERTIFICATE_NAMES) {
    problems.push(`a certificate holds at most ${MAX_CERTIFICATE_NAMES} names (domainName and subjectAlternativeNames), got ${named.length}`);
  }
  const keyAlgorithm: string | undefined = props.keyAlgorithm;
  if (keyAlgorithm !== undefined && !(CERTIFICATE_KEY_ALGORITHMS as readonly string[]).includes(keyAlgorithm)) {
    problems.push(`keyAlgorithm must be one of ${CERTIFICATE_KEY_ALGORITHMS.join(", ")}, got "${keyAlgorithm}"`);
  }
  if (problems.length > 0) {
    throw new ValidationError(problems.join("; "), scope);
  }
}

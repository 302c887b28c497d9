import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { ValidationError } from "../config/validation-error";
import { AliasRecord, AliasRecordOptions } from "./alias-record";
import { describeDnsName, HOST_NAME, hostedZoneIdProblems, isDnsName, recordNameProblems, ZONE_NAME } from "./private/dns-names";

/** The hosted zone id of every CloudFront distribution, the target zone of alias records to one. */
export const CLOUDFRONT_HOSTED_ZONE_ID = "Z2FDTNDATAQYW2";

/** TTL of the records the helpers create unless told otherwise: short enough to change a record within minutes. */
export const DEFAULT_RECORD_TTL_SECONDS = 300;

/**
 * TTL of the NS record that delegates the zone: two days, the TTL of the NS records Route 53
 * itself puts in a new zone. Resolvers cache the delegation that long.
 */
export const DELEGATION_TTL_SECONDS = 172800;

/** Route 53 refuses a longer zone comment. */
const MAX_COMMENT_LENGTH = 256;

/** Route 53 refuses a record value (with its quotes) longer than this. */
const MAX_RECORD_VALUE_LENGTH = 4000;

/** DNS limits each character-string of a TXT record to this many characters. */
const TXT_STRING_LENGTH = 255;

/** Props of an {@link EnvironmentZone}. */
export interface EnvironmentZoneProps {
  /**
   * The environment's domain, e.g. `courses.example.edu`: a lowercase DNS name of at least two
   * labels, without a trailing dot. The LMS is served at the apex and Studio, the MFEs,
   * Meilisearch, media and the CloudFront origin at `studio.`, `apps.`, `meilisearch.`, `media.`
   * and `origin.` below it.
   */
  readonly domainName: string;
  /**
   * The hosted zone of the parent domain (e.g. `example.edu`), which delegates to this zone.
   * Used only when `delegateFromParent` is true.
   * @default - no parent zone: delegate by hand with {@link EnvironmentZone.nameServers}
   */
  readonly parentHostedZoneId?: string;
  /**
   * Create the NS record that delegates this zone in `parentHostedZoneId`. Only possible when the
   * parent zone is in the same AWS account; otherwise give the parent's owner
   * {@link EnvironmentZone.nameServers}.
   * @default false
   */
  readonly delegateFromParent?: boolean;
  /**
   * Shown in the Route 53 console, at most 256 characters.
   * @default - "Open edX environment <domainName>, managed by Terraform"
   */
  readonly comment?: string;
  /**
   * Refuse `terraform destroy` of the zone (`lifecycle.prevent_destroy`). A recreated zone gets
   * new name servers, so the domain stops resolving until the delegation is updated by hand.
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/** What every record helper of {@link EnvironmentZone} takes. */
export interface RecordOptions {
  /**
   * The full name of the record, the zone apex or a name below it (e.g. `_dmarc.courses.example.edu`),
   * lowercase and without a trailing dot.
   */
  readonly recordName: string;
  /**
   * Seconds resolvers may cache the record.
   * @default 300
   */
  readonly ttlSeconds?: number;
}

/** Options of {@link EnvironmentZone.addCnameRecord}. */
export interface CnameRecordOptions extends RecordOptions {
  /** The name the record points to, e.g. `<token>.dkim.amazonses.com`, without a trailing dot. */
  readonly target: string;
}

/** Options of {@link EnvironmentZone.addTxtRecord}. */
export interface TxtRecordOptions extends RecordOptions {
  /**
   * The texts of the record, without quotes (e.g. `v=spf1 include:amazonses.com ~all`). All
   * texts of one name belong in one record. Texts longer than 255 characters are split into
   * 255-character strings, as DNS requires.
   */
  readonly values: readonly string[];
}

/** A mail exchanger of an MX record. */
export interface MailServer {
  /** Lower is preferred; 0 to 65535. */
  readonly priority: number;
  /** The server's host name, e.g. `inbound-smtp.eu-west-1.amazonaws.com`. */
  readonly hostName: string;
}

/** Options of {@link EnvironmentZone.addMxRecord}. */
export interface MxRecordOptions extends RecordOptions {
  /** The mail exchangers of the name, at least one. */
  readonly mailServers: readonly MailServer[];
}

/**
 * The public Route 53 hosted zone of an environment's domain, which holds every record the
 * environment serves (LMS, Studio, MFEs, media, the CloudFront origin), the certificate validation
 * records and the e-mail records.
 *
 * The zone is delegated from its parent: by an NS record this construct writes in the parent zone
 * when `delegateFromParent` is set (same account), or by hand, from {@link nameServers}, which the
 * stack prints as an output. Until the delegation exists nothing in the zone resolves, and DNS
 * validation of certificates waits.
 *
 * DNSSEC signing is out of scope: it needs an asymmetric KMS key in us-east-1 and a DS record in
 * the parent, and a mistake in the chain makes the whole domain fail to resolve for validating
 * resolvers; add it as its own construct once the delegation is stable.
 *
 * Construct ids are API (changing one replaces the resource): `Resource` (the zone), `Delegation`
 * (the NS record in the parent zone), and the id given to each `add…Record` helper (unique within
 * the zone).
 *
 * @resource aws_route53_zone
 * @stateful
 */
export class EnvironmentZone extends Construct {
  /** The hosted zone id (`Z…`), for records, DNS validation of certificates and cert-manager's DNS-01 solver. @attribute */
  readonly zoneId: string;
  /**
   * The zone's domain as written in the props (not a reference), for names built at synth such as
   * `studio.${zoneName}`.
   * @attribute
   */
  readonly zoneName: string;
  /** The four name servers Route 53 assigned; the parent's NS record must list exactly these. @attribute */
  readonly nameServers: string[];
  /** The zone resource. */
  readonly resource: Route53Zone;
  /** The NS record in the parent zone, when `delegateFromParent` is set. */
  readonly delegation?: Route53Record;

  constructor(scope: Construct, id: string, props: EnvironmentZoneProps) {
    super(scope, id);
    validateProps(this, props);
    this.zoneName = props.domainName;
    this.resource = new Route53Zone(this, "Resource", {
      name: props.domainName,
      comment: props.comment ?? `Open edX environment ${props.domainName}, managed by Terraform`,
      // A zone still holding records Terraform does not manage (added by hand or another tool) is never deleted with them.
      forceDestroy: false,
      lifecycle: (props.preventDestroy ?? true) ? { preventDestroy: true } : undefined,
    });
    this.zoneId = this.resource.zoneId;
    this.nameServers = this.resource.nameServers;

    if (props.delegateFromParent && props.parentHostedZoneId !== undefined) {
      this.delegation = new Route53Record(this, "Delegation", {
        zoneId: props.parentHostedZoneId,
        name: props.domainName,
        type: "NS",
        ttl: DELEGATION_TTL_SECONDS,
        records: this.resource.nameServers,
      });
    }
  }

  /**
   * Adds A and AAAA alias records for `recordName` pointing at an AWS endpoint, e.g. a CloudFront
   * distribution (`{ dnsName: distribution.domainName, hostedZoneId: CLOUDFRONT_HOSTED_ZONE_ID }`).
   */
  addAliasRecord(id: string, options: AliasRecordOptions): AliasRecord {
    return new AliasRecord(this, id, { zone: this, ...options });
  }

  /** Adds a CNAME record, e.g. an SES DKIM record. DNS allows no CNAME at the zone apex. */
  addCnameRecord(id: string, options: CnameRecordOptions): Route53Record {
    const problems = commonProblems(options, this.zoneName);
    if (!Token.isUnresolved(options.recordName) && options.recordName === this.zoneName) {
      problems.push(`recordName "${options.recordName}" is the zone apex, where DNS allows no CNAME: use addAliasRecord for the apex`);
    }
    if (!Token.isUnresolved(options.target) && !isDnsName(options.target, { wildcard: false, underscores: true })) {
      problems.push(`target must be ${describeDnsName({ wildcard: false, underscores: true }, "token.dkim.amazonses.com")}, got "${options.target}"`);
    }
    this.check(id, problems);
    return this.record(id, options, "CNAME", [options.target]);
  }

  /** Adds a TXT record holding all `values` of `recordName`, e.g. SPF or DMARC. */
  addTxtRecord(id: string, options: TxtRecordOptions): Route53Record {
    const problems = commonProblems(options, this.zoneName);
    if (options.values.length === 0) {
      problems.push("values must hold at least one text");
    }
    options.values.forEach((value, index) => {
      if (Token.isUnresolved(value)) {
        return;
      }
      if (!/^[\x20-\x21\x23-\x5b\x5d-\x7e]+$/.test(value)) {
        problems.push(`values[${index}] must be 1 or more printable ASCII characters other than " and \\, got ${JSON.stringify(value)}`);
      } else if (quotedTxtLength(value) > MAX_RECORD_VALUE_LENGTH) {
        problems.push(`values[${index}] is ${value.length} characters long; Route 53 takes at most ${MAX_RECORD_VALUE_LENGTH} per value once split into quoted 255-character strings`);
      }
    });
    this.check(id, problems);
    return this.record(id, options, "TXT", options.values.map(splitTxt));
  }

  /** Adds an MX record, e.g. for SES inbound mail or bounce handling on a MAIL FROM domain. */
  addMxRecord(id: string, options: MxRecordOptions): Route53Record {
    const problems = commonProblems(options, this.zoneName);
    if (options.mailServers.length === 0) {
      problems.push("mailServers must hold at least one mail server");
    }
    options.mailServers.forEach((server, index) => {
      if (!Token.isUnresolved(server.priority) && (!Number.isInteger(server.priority) || server.priority < 0 || server.priority > 65535)) {
        problems.push(`mailServers[${index}].priority must be a whole number from 0 to 65535, got ${server.priority}`);
      }
      if (!Token.isUnresolved(server.hostName) && !isDnsName(server.hostName, HOST_NAME)) {
        problems.push(`mailServers[${index}].hostName must be ${describeDnsName(HOST_NAME, "inbound-smtp.eu-west-1.amazonaws.com")}, got "${server.hostName}"`);
      }
    });
    this.check(id, problems);
    return this.record(id, options, "MX", options.mailServers.map((server) => `${server.priority} ${server.hostName}`));
  }

  private check(id: string, problems: readonly string[]): void {
    if (problems.length > 0) {
      throw new ValidationError(`record ${id}: ${problems.join("; ")}`, this);
    }
  }

  private record(id: string, options: RecordOptions, type: string, records: string[]): Route53Record {
    return new Route53Record(this, id, {
      zoneId: this.zoneId,
      name: options.recordName,
      type,
      ttl: options.ttlSeconds ?? DEFAULT_RECORD_TTL_SECONDS,
      records,
    });
  }
}

function validateProps(scope: Construct, props: EnvironmentZoneProps): void {
  const problems: string[] = [];
  if (!Token.isUnresolved(props.domainName) && !isDnsName(props.domainName, ZONE_NAME)) {
    problems.push(`domainName must be ${describeDnsName(ZONE_NAME)}, got "${props.domainName}"`);
  }
  if (props.parentHostedZoneId !== undefined) {
    problems.push(...hostedZoneIdProblems("parentHostedZoneId", props.parentHostedZoneId));
  }
  if (props.delegateFromParent && props.parentHostedZoneId === undefined) {
    problems.push("delegateFromParent needs parentHostedZoneId, the zone the NS record is written in");
  }
  if (props.comment !== undefined && !Token.isUnresolved(props.comment) && props.comment.length > MAX_COMMENT_LENGTH) {
    problems.push(`comment must be at most ${MAX_COMMENT_LENGTH} characters, got ${props.comment.length}`);
  }
  if (problems.length > 0) {
    throw new ValidationError(problems.join("; "), scope);
  }
}

function commonProblems(options: RecordOptions, zoneName: string): string[] {
  const problems = recordNameProblems("recordName", options.recordName, zoneName);
  const ttl = options.ttlSeconds;
  if (ttl !== undefined && !Token.isUnresolved(ttl) && (!Number.isInteger(ttl) || ttl < 0 || ttl > 2147483647)) {
    problems.push(`ttlSeconds must be a whole number of seconds from 0 to 2147483647, got ${ttl}`);
  }
  return problems;
}

/**
 * A text as the AWS provider takes it: the provider quotes each record value, and a `""` inside
 * it ends one DNS character-string and starts the next, which is how a text longer than 255
 * characters (a 2048-bit DKIM key, say) is written.
 */
function splitTxt(value: string): string {
  if (Token.isUnresolved(value) || value.length <= TXT_STRING_LENGTH) {
    return value;
  }
  const strings: string[] = [];
  for (let start = 0; start < value.length; start += TXT_STRING_LENGTH) {
    strings.push(value.slice(start, start + TXT_STRING_LENGTH));
  }
  return strings.join('""');
}

/** Length of the value Route 53 stores for a text: each 255-character string quoted, separated by a space. */
function quotedTxtLength(value: string): number {
  const strings = Math.ceil(value.length / TXT_STRING_LENGTH);
  return value.length + 3 * strings - 1;
}

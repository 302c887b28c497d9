import { Token } from "cdktf";

/** What a DNS name written in a prop may contain, beyond lowercase host-name labels. */
export interface DnsNameRules {
  /** A leftmost `*` label (`*.courses.example.edu`), as in wildcard records and certificates. */
  readonly wildcard: boolean;
  /** Underscores in labels (`_dmarc`, `<token>._domainkey`), which records need and host names do not allow. */
  readonly underscores: boolean;
  /** The fewest labels the name may have. @default 1 */
  readonly minLabels?: number;
}

/** A host name, e.g. of a mail server. */
export const HOST_NAME: DnsNameRules = { wildcard: false, underscores: false };
/** The domain of a zone: a host name below a top-level domain. */
export const ZONE_NAME: DnsNameRules = { wildcard: false, underscores: false, minLabels: 2 };
/** A certificate name: a host name, or a wildcard over one. */
export const CERTIFICATE_NAME: DnsNameRules = { wildcard: true, underscores: false };
/** The owner name of a record: service labels such as `_dmarc` and a leftmost wildcard are allowed. */
export const RECORD_NAME: DnsNameRules = { wildcard: true, underscores: true };

const HOST_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const RECORD_LABEL = /^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/;

/**
 * How a name following `rules` is written, for the "what is allowed" half of a message:
 * `a lowercase DNS name such as "<example>" (<the rules>)`.
 */
export function describeDnsName(rules: DnsNameRules, example = "courses.example.edu"): string {
  const characters = rules.underscores ? "letters, digits, hyphens or underscores" : "letters, digits or hyphens";
  const wildcard = rules.wildcard ? `; "*" only as the whole leftmost label` : "";
  const labels = (rules.minLabels ?? 1) > 1 ? `at least ${rules.minLabels} dot-separated labels` : "dot-separated labels";
  return `a lowercase DNS name such as "${example}" (${labels} of 1-63 ${characters}, no hyphen at either end; at most 253 characters; no trailing dot${wildcard})`;
}

/**
 * Whether `name` is written as `rules` allow. Route 53 and ACM store names in lowercase and without
 * the trailing dot, so any other spelling would show as a change on every plan.
 */
export function isDnsName(name: string, rules: DnsNameRules): boolean {
  if (name.length === 0 || name.length > 253) {
    return false;
  }
  const labels = name.split(".");
  if (labels.length < (rules.minLabels ?? 1)) {
    return false;
  }
  const label = rules.underscores ? RECORD_LABEL : HOST_LABEL;
  return labels.every((part, index) => (rules.wildcard && index === 0 && part === "*" && labels.length > 1) || label.test(part));
}

/** `name` without a leading `*.` label. */
export function withoutWildcard(name: string): string {
  return name.startsWith("*.") ? name.slice(2) : name;
}

/** Whether `name` (or the name a wildcard covers) is the zone apex or below it. */
export function isInZone(name: string, zoneName: string): boolean {
  const base = withoutWildcard(name);
  return base === zoneName || base.endsWith(`.${zoneName}`);
}

/**
 * The problems of a record owner name in a zone: its spelling and whether the zone holds it.
 * `label` names the value in the message (e.g. `recordName`). Unresolved tokens are not checked.
 */
export function recordNameProblems(label: string, name: string, zoneName: string): string[] {
  if (Token.isUnresolved(name)) {
    return [];
  }
  if (!isDnsName(name, RECORD_NAME)) {
    const example = Token.isUnresolved(zoneName) ? "studio.courses.example.edu" : `studio.${zoneName}`;
    return [`${label} must be ${describeDnsName(RECORD_NAME, example)}, got "${name}"`];
  }
  if (!Token.isUnresolved(zoneName) && !isInZone(name, zoneName)) {
    return [outsideZone(label, name, zoneName)];
  }
  return [];
}

/** The message for a name the zone cannot hold. */
export function outsideZone(label: string, name: string, zoneName: string): string {
  return `${label} "${name}" is outside the zone ${zoneName}: use "${zoneName}" or a name ending in ".${zoneName}"`;
}

const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,32}$/;

/** The problem with a Route 53 hosted zone id, if it is not one. Unresolved tokens are not checked. */
export function hostedZoneIdProblems(label: string, zoneId: string): string[] {
  if (Token.isUnresolved(zoneId) || HOSTED_ZONE_ID.test(zoneId)) {
    return [];
  }
  return [`${label} must be a Route 53 hosted zone id, "Z" and 1-32 uppercase letters or digits, got "${zoneId}"`];
}

import { Token } from "cdktf";
import { LOG_RETENTION_DAYS } from "../../config/aws-regions";

/** AWS managed cache policies, by name. */
export const MANAGED_CACHE_POLICY = {
  CachingDisabled: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
  CachingOptimized: "658327ea-f89d-4fab-a63d-7e88639e58f6",
} as const;

/** AWS managed origin request policies, by name. */
export const MANAGED_ORIGIN_REQUEST_POLICY = {
  AllViewer: "216adef6-5c7f-47e4-b989-5492eafa07d3",
  "CORS-S3Origin": "88a5eaf4-2fd4-4709-b370-b4c650ea3fcf",
} as const;

/** AWS managed response headers policies, by name. */
export const MANAGED_RESPONSE_HEADERS_POLICY = {
  "CORS-With-Preflight": "5cc3b908-e619-4b99-88e5-2cf7f45965bd",
} as const;

/** The viewer security policy: TLS 1.2 or later with forward-secret AEAD ciphers only. */
export const VIEWER_SECURITY_POLICY = "TLSv1.2_2021";

/** The price classes of CloudFront, from the cheapest (North America and Europe) to every edge location. */
export const PRICE_CLASSES = ["PriceClass_100", "PriceClass_200", "PriceClass_All"] as const;

const DISTRIBUTION_NAME = /^[A-Za-z][A-Za-z0-9-]{0,47}$/;

/**
 * The problem with the `name` of a distribution construct. It names the log delivery source and
 * destination (`<name>-access-logs`, at most 60 characters), so it is kept to 48.
 */
export function distributionNameProblems(name: string): string[] {
  if (Token.isUnresolved(name) || DISTRIBUTION_NAME.test(name)) {
    return [];
  }
  return [`name must be 1-48 letters, digits or hyphens, starting with a letter (it names the log delivery and the log group), got "${name}"`];
}

/** The problems with the price class and log retention shared by the distributions. */
export function distributionOptionProblems(priceClass: string, logRetentionDays: number): string[] {
  const problems: string[] = [];
  if (!(PRICE_CLASSES as readonly string[]).includes(priceClass)) {
    problems.push(`priceClass must be one of ${PRICE_CLASSES.join(", ")}, got "${priceClass}"`);
  }
  if (!Token.isUnresolved(logRetentionDays) && !(LOG_RETENTION_DAYS as readonly number[]).includes(logRetentionDays)) {
    problems.push(`logRetentionDays must be a CloudWatch Logs retention period (${LOG_RETENTION_DAYS.join(", ")}), got ${logRetentionDays}`);
  }
  return problems;
}

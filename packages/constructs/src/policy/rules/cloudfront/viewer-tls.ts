import { RuleCheck } from "../../policy-pack";
import { blockAt, booleanAt, isSet, stringAt } from "../private/terraform-values";

/**
 * The viewer security policies that accept only TLS 1.2 or later with modern ciphers. Older
 * policies (`TLSv1.2_2019` and before) still offer CBC ciphers or TLS 1.0/1.1.
 */
export const CLOUDFRONT_VIEWER_SECURITY_POLICIES: readonly string[] = ["TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"];

/**
 * An `aws_cloudfront_distribution` serves viewers with its own ACM certificate, a modern security
 * policy and SNI. Findings name each `viewer_certificate` attribute to fix:
 * - `acm_certificate_arn`: no ACM certificate, or `cloudfront_default_certificate` true (the
 *   `*.cloudfront.net` certificate, for which CloudFront forces the TLSv1 policy);
 * - `minimum_protocol_version`: not one of {@link CLOUDFRONT_VIEWER_SECURITY_POLICIES} (unset means TLSv1);
 * - `ssl_support_method`: not `sni-only` (`vip` costs a dedicated IP per edge location; `static-ip` is legacy).
 */
export const cloudfrontViewerTls: RuleCheck = (resource) => {
  if (resource.type !== "aws_cloudfront_distribution") {
    return "not-applicable";
  }
  const certificate = blockAt(resource.config.viewer_certificate, "viewer_certificate") ?? {};
  const usesDefaultCertificate =
    booleanAt(certificate.cloudfront_default_certificate, "viewer_certificate.cloudfront_default_certificate") === true;
  const policy = stringAt(certificate.minimum_protocol_version, "viewer_certificate.minimum_protocol_version");
  const method = stringAt(certificate.ssl_support_method, "viewer_certificate.ssl_support_method");
  return [
    ...(!usesDefaultCertificate && isSet(certificate.acm_certificate_arn) ? [] : ["acm_certificate_arn"]),
    ...(policy !== undefined && CLOUDFRONT_VIEWER_SECURITY_POLICIES.includes(policy) ? [] : ["minimum_protocol_version"]),
    ...(method === "sni-only" ? [] : ["ssl_support_method"]),
  ];
};

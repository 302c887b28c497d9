import { RuleCheck } from "../../policy-pack";
import { blockAt, booleanAt, isSet, stringAt } from "../private/terraform-values";

/**
 * An AWS-issued `aws_acm_certificate` (no imported `private_key` / `certificate_body`, no private
 * CA `certificate_authority_arn`) is validated through DNS, so ACM renews it unattended while the
 * validation records stay, and is created before the one it replaces is destroyed, so CloudFront
 * and load balancers never point at a deleted certificate. Findings: `validation_method` (not
 * `DNS`) and `create_before_destroy` (`lifecycle.create_before_destroy` not true).
 */
export const acmCertificateDnsValidated: RuleCheck = (resource) => {
  if (resource.type !== "aws_acm_certificate") {
    return "not-applicable";
  }
  const { config } = resource;
  if (isSet(config.private_key) || isSet(config.certificate_body) || isSet(config.certificate_authority_arn)) {
    return "not-applicable";
  }
  const lifecycle = blockAt(config.lifecycle, "lifecycle") ?? {};
  return [
    ...(stringAt(config.validation_method, "validation_method") === "DNS" ? [] : ["validation_method"]),
    ...(booleanAt(lifecycle.create_before_destroy, "lifecycle.create_before_destroy") === true ? [] : ["create_before_destroy"]),
  ];
};

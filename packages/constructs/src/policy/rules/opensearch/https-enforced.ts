import { RuleCheck } from "../../policy-pack";
import { blockAt, booleanAt, stringAt } from "../private/terraform-values";

/** OpenSearch TLS security policies whose minimum protocol is TLS 1.2, e.g. `Policy-Min-TLS-1-2-PFS-2023-10`. */
const TLS_1_2_POLICY = /^Policy-Min-TLS-1-2(-|$)/;

/**
 * An `aws_opensearch_domain` accepts HTTPS only, with TLS 1.2 or later. Findings:
 * `domain_endpoint_options.enforce_https` (not true) and/or
 * `domain_endpoint_options.tls_security_policy` (unset, or a policy that still accepts TLS 1.0).
 */
export const opensearchHttpsEnforced: RuleCheck = (resource) => {
  if (resource.type !== "aws_opensearch_domain") {
    return "not-applicable";
  }
  const block = blockAt(resource.config.domain_endpoint_options, "domain_endpoint_options") ?? {};
  const policy = stringAt(block.tls_security_policy, "domain_endpoint_options.tls_security_policy");
  return [
    ...(booleanAt(block.enforce_https, "domain_endpoint_options.enforce_https") === true ? [] : ["domain_endpoint_options.enforce_https"]),
    ...(policy !== undefined && TLS_1_2_POLICY.test(policy) ? [] : ["domain_endpoint_options.tls_security_policy"]),
  ];
};

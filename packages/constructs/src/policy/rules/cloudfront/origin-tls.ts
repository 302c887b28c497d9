import { RuleCheck } from "../../policy-pack";
import { blockAt, literalStringListAt, stringAt } from "../private/terraform-values";
import { distributionOrigins } from "./private/distribution-blocks";

/**
 * Every custom origin of an `aws_cloudfront_distribution` (one with `custom_origin_config`) is
 * reached over HTTPS only, with TLS 1.2 only. Findings per origin, named by its `origin_id`:
 * `origin_protocol_policy of <origin>` (not `https-only`; `match-viewer` would use HTTP for HTTP
 * viewers) and `origin_ssl_protocols of <origin>` (anything besides `TLSv1.2`: SSLv3, TLSv1, TLSv1.1).
 * S3 and VPC origins are not custom origins.
 */
export const cloudfrontOriginTls: RuleCheck = (resource) => {
  if (resource.type !== "aws_cloudfront_distribution") {
    return "not-applicable";
  }
  return distributionOrigins(resource).flatMap(({ block, where, label }) => {
    const custom = blockAt(block.custom_origin_config, `${where}.custom_origin_config`);
    if (!custom) {
      return [];
    }
    const policy = stringAt(custom.origin_protocol_policy, `${where}.custom_origin_config.origin_protocol_policy`);
    const protocols = literalStringListAt(custom.origin_ssl_protocols, `${where}.custom_origin_config.origin_ssl_protocols`) ?? [];
    return [
      ...(policy === "https-only" ? [] : [`origin_protocol_policy of ${label}`]),
      ...(protocols.length > 0 && protocols.every((protocol) => protocol === "TLSv1.2") ? [] : [`origin_ssl_protocols of ${label}`]),
    ];
  });
};

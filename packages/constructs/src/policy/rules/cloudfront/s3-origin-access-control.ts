import { RuleCheck } from "../../policy-pack";
import { blockAt, isSet } from "../private/terraform-values";
import { distributionOrigins, isS3Origin } from "./private/distribution-blocks";

/**
 * Every S3 origin of an `aws_cloudfront_distribution` (one with `s3_origin_config`, or with neither
 * `custom_origin_config` nor `vpc_origin_config`) signs its requests with Origin Access Control.
 * Findings per origin, named by its `origin_id`: `origin_access_control_id of <origin>` (unset) and
 * `origin_access_identity of <origin>` (a legacy origin access identity in `s3_origin_config`).
 */
export const cloudfrontS3OriginAccessControl: RuleCheck = (resource) => {
  if (resource.type !== "aws_cloudfront_distribution") {
    return "not-applicable";
  }
  return distributionOrigins(resource)
    .filter(isS3Origin)
    .flatMap(({ block, where, label }) => {
      const s3 = blockAt(block.s3_origin_config, `${where}.s3_origin_config`);
      return [
        ...(isSet(block.origin_access_control_id) ? [] : [`origin_access_control_id of ${label}`]),
        ...(s3 && isSet(s3.origin_access_identity) ? [`origin_access_identity of ${label}`] : []),
      ];
    });
};

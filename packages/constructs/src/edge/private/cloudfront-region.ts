import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Token } from "cdktf";
import { KmsKey } from "../../encryption/kms-key";

/**
 * The region CloudFront takes its certificates from and where the CLOUDFRONT-scope WAF, CloudFront's
 * log delivery sources, and so the log groups and keys they write to, must live.
 */
export const CLOUDFRONT_REGION = "us-east-1";

/**
 * The problems with the us-east-1 `provider` and `logsKey` of an edge construct: the provider must be
 * configured for us-east-1, and the key must have been created with it (a log group can only use a
 * key of its own region). The key's region is read from its alias ARN, which is literal.
 */
export function cloudFrontRegionProblems(provider: AwsProvider, logsKey: KmsKey): string[] {
  const problems: string[] = [];
  const region = provider.region;
  if (region === undefined || (!Token.isUnresolved(region) && region !== CLOUDFRONT_REGION)) {
    problems.push(
      `provider must be an AWS provider for ${CLOUDFRONT_REGION}, where CloudFront's WAF and log delivery live, got ${region === undefined ? "a provider without a region" : `one for ${region}`}`,
    );
  }
  const keyRegion = logsKey.aliasArn.split(":")[3];
  if (keyRegion !== undefined && !Token.isUnresolved(keyRegion) && keyRegion !== CLOUDFRONT_REGION) {
    problems.push(
      `logsKey must be a key in ${CLOUDFRONT_REGION} (created with the ${CLOUDFRONT_REGION} provider), the region of the log group it encrypts, got ${logsKey.aliasName} in ${keyRegion}`,
    );
  }
  return problems;
}

const CERTIFICATE_ARN = /^arn:aws:acm:us-east-1:\d{12}:certificate\/[A-Za-z0-9-]+$/;

/** The problem with a viewer certificate ARN, if it is not an ACM certificate of us-east-1. Tokens are not checked. */
export function certificateArnProblems(certificateArn: string): string[] {
  if (Token.isUnresolved(certificateArn) || CERTIFICATE_ARN.test(certificateArn)) {
    return [];
  }
  return [
    `certificateArn must be the ARN of an ACM certificate in ${CLOUDFRONT_REGION} (arn:aws:acm:${CLOUDFRONT_REGION}:<account>:certificate/<id>), the only region CloudFront takes certificates from, got "${certificateArn}"`,
  ];
}

import { describe, expect, it } from "vitest";
import { MediaDistribution, MediaDistributionProps } from "../../src/edge/media-distribution";
import { describeDnsName, HOST_NAME } from "../../src/edge/private/dns-names";
import { rejectionOf, resolvedAttributes } from "../construct-fixture";
import { policyOf, SynthesizedStack } from "../synth";
import { CERTIFICATE_ARN, EdgeFixture, edgeFixture, webAclOf } from "./web-acl-fixture";

const BUCKET_DOMAIN = "openedx-test-111122223333-eu-west-1-media.s3.eu-west-1.amazonaws.com";
const BUCKET_ARN = "arn:aws:s3:::openedx-test-111122223333-eu-west-1-media";

function build(overrides: Partial<MediaDistributionProps> = {}, fixture: EdgeFixture = edgeFixture()) {
  const media = new MediaDistribution(fixture.stack, "media", {
    name: "openedx-test-media",
    hostName: "media.courses.example.edu",
    certificateArn: CERTIFICATE_ARN,
    bucketRegionalDomainName: BUCKET_DOMAIN,
    webAcl: webAclOf(fixture),
    provider: fixture.usEast1,
    logsKey: fixture.edgeLogsKey,
    ...overrides,
  });
  return { ...fixture, media };
}

describe("MediaDistribution", () => {
  const { stack, media } = build();
  const { synthesized, values } = resolvedAttributes(stack, {
    distributionId: media.distributionId,
    distributionArn: media.distributionArn,
    domainName: media.domainName,
    hostedZoneId: media.hostedZoneId,
    originAccessControlId: media.originAccessControlId,
    accessLogGroupName: media.accessLogGroupName,
  });
  const distribution = synthesized.byPath("aws_cloudfront_distribution", "media/Resource");
  const distributionArn = synthesized.ref("aws_cloudfront_distribution", "media/Resource", "arn");

  it("reads the bucket through an origin access control that signs every request with SigV4", () => {
    expect(synthesized.only("aws_cloudfront_origin_access_control")).toMatchObject({
      name: "openedx-test-media",
      origin_access_control_origin_type: "s3",
      signing_behavior: "always",
      signing_protocol: "sigv4",
    });
    expect(distribution.origin).toEqual([
      {
        origin_id: "media-bucket",
        domain_name: BUCKET_DOMAIN,
        origin_access_control_id: synthesized.ref("aws_cloudfront_origin_access_control", "media/OriginAccessControl", "id"),
      },
    ]);
  });

  it("uses no origin access identity", () => {
    expect(synthesized.resources("aws_cloudfront_origin_access_identity")).toEqual([]);
    expect(JSON.stringify(distribution)).not.toContain("origin_access_identity");
  });

  it("serves the media name with the us-east-1 certificate, SNI and TLS 1.2 or later, behind the web ACL", () => {
    expect(distribution).toMatchObject({
      enabled: true,
      aliases: ["media.courses.example.edu"],
      http_version: "http2and3",
      is_ipv6_enabled: true,
      price_class: "PriceClass_100",
      restrictions: { geo_restriction: { restriction_type: "none" } },
      viewer_certificate: { acm_certificate_arn: CERTIFICATE_ARN, minimum_protocol_version: "TLSv1.2_2021", ssl_support_method: "sni-only" },
      web_acl_id: synthesized.ref("aws_wafv2_web_acl", "waf/Resource", "arn"),
      retain_on_delete: false,
      wait_for_deployment: false,
    });
    expect(distribution.ordered_cache_behavior).toBeUndefined();
  });

  it("serves reads only, cached, with CORS answered at the edge", () => {
    expect(distribution.default_cache_behavior).toEqual({
      target_origin_id: "media-bucket",
      viewer_protocol_policy: "redirect-to-https",
      allowed_methods: ["GET", "HEAD", "OPTIONS"],
      cached_methods: ["GET", "HEAD", "OPTIONS"],
      cache_policy_id: "658327ea-f89d-4fab-a63d-7e88639e58f6",
      origin_request_policy_id: "88a5eaf4-2fd4-4709-b370-b4c650ea3fcf",
      response_headers_policy_id: "5cc3b908-e619-4b99-88e5-2cf7f45965bd",
      compress: true,
    });
  });

  it("delivers access logs from us-east-1 to an encrypted log group, without cookies", () => {
    expect(synthesized.byPath("aws_cloudwatch_log_group", "media/AccessLogs/LogGroup/Resource")).toMatchObject({
      name: "/aws/vendedlogs/cloudfront/openedx-test-media",
      kms_key_id: synthesized.ref("aws_kms_key", "edge-logs/Resource", "arn"),
      retention_in_days: 365,
      provider: "aws.us_east_1",
    });
    expect(synthesized.only("aws_cloudwatch_log_delivery_source")).toMatchObject({
      name: "openedx-test-media-access-logs",
      log_type: "ACCESS_LOGS",
      resource_arn: distributionArn,
      provider: "aws.us_east_1",
    });
    const delivery = synthesized.only("aws_cloudwatch_log_delivery");
    expect(delivery.delivery_destination_arn).toBe(synthesized.ref("aws_cloudwatch_log_delivery_destination", "media/AccessLogs/Destination", "arn"));
    expect(delivery.record_fields).not.toContain("cs(Cookie)");
    expect(policyOf(synthesized.byPath("aws_cloudwatch_log_resource_policy", "media/AccessLogs/DeliveryPolicy").policy_document).Statement[0].Resource).toBe(
      "arn:aws:logs:us-east-1:111122223333:log-group:/aws/vendedlogs/cloudfront/openedx-test-media:log-stream:*",
    );
  });

  it("exposes the distribution's id, ARN, domain name and zone, the origin access control and the access-log group", () => {
    expect(values).toEqual({
      distributionId: synthesized.ref("aws_cloudfront_distribution", "media/Resource", "id"),
      distributionArn,
      domainName: synthesized.ref("aws_cloudfront_distribution", "media/Resource", "domain_name"),
      hostedZoneId: synthesized.ref("aws_cloudfront_distribution", "media/Resource", "hosted_zone_id"),
      originAccessControlId: synthesized.ref("aws_cloudfront_origin_access_control", "media/OriginAccessControl", "id"),
      accessLogGroupName: synthesized.ref("aws_cloudwatch_log_group", "media/AccessLogs/LogGroup/Resource", "name"),
    });
  });

  it("grants this distribution, and no other, s3:GetObject on every object of the bucket", () => {
    expect(media.bucketPolicyStatement(BUCKET_ARN)).toEqual({
      Sid: "AllowMediaDistributionToRead",
      Effect: "Allow",
      Principal: { Service: "cloudfront.amazonaws.com" },
      Action: "s3:GetObject",
      Resource: `${BUCKET_ARN}/*`,
      Condition: { StringEquals: { "AWS:SourceArn": media.distributionArn } },
    });
  });

  it("grants only the listed key prefixes when given", () => {
    const { media: limited } = build({ objectKeyPrefixes: ["profile-images/", "video-images/"] });
    expect(limited.bucketPolicyStatement(BUCKET_ARN).Resource).toEqual([`${BUCKET_ARN}/profile-images/*`, `${BUCKET_ARN}/video-images/*`]);
  });

  it("lets CloudFront distributions of the account decrypt with the bucket's key", () => {
    expect(MediaDistribution.encryptionKeyPolicyStatement("111122223333")).toEqual({
      Sid: "AllowCloudFrontDistributionsOfThisAccountToDecrypt",
      Effect: "Allow",
      Principal: { Service: "cloudfront.amazonaws.com" },
      Action: "kms:Decrypt",
      Resource: "*",
      Condition: {
        StringEquals: { "aws:SourceAccount": "111122223333" },
        ArnLike: { "aws:SourceArn": "arn:aws:cloudfront::111122223333:distribution/*" },
      },
    });
  });

  it("takes another price class and retention", () => {
    const custom = new SynthesizedStack(build({ priceClass: "PriceClass_200", logRetentionDays: 30 }).stack);
    expect(custom.byPath("aws_cloudfront_distribution", "media/Resource").price_class).toBe("PriceClass_200");
    expect(custom.byPath("aws_cloudwatch_log_group", "media/AccessLogs/LogGroup/Resource").retention_in_days).toBe(30);
  });

  const prefixMessage = (prefix: string) =>
    `objectKeyPrefixes must hold key prefixes ending in "/", without a leading "/" or a wildcard (e.g. "profile-images/"), got "${prefix}"`;

  it.each<[string, Partial<MediaDistributionProps>, string]>([
    [
      "a name with an underscore",
      { name: "openedx_media" },
      'name must be 1-48 letters, digits or hyphens, starting with a letter (it names the log delivery and the log group), got "openedx_media"',
    ],
    ["an uppercase host name", { hostName: "Media.courses.example.edu" }, `hostName must be ${describeDnsName(HOST_NAME, "media.courses.example.edu")}, got "Media.courses.example.edu"`],
    [
      "a certificate outside us-east-1",
      { certificateArn: "arn:aws:acm:eu-west-1:111122223333:certificate/abc" },
      'certificateArn must be the ARN of an ACM certificate in us-east-1 (arn:aws:acm:us-east-1:<account>:certificate/<id>), the only region CloudFront takes certificates from, got "arn:aws:acm:eu-west-1:111122223333:certificate/abc"',
    ],
    [
      "the bucket's global endpoint",
      { bucketRegionalDomainName: "openedx-test-media.s3.amazonaws.com" },
      'bucketRegionalDomainName must be a bucket\'s regional S3 endpoint, <bucket>.s3.<region>.amazonaws.com (not the website or the global endpoint), got "openedx-test-media.s3.amazonaws.com"',
    ],
    [
      "the bucket's website endpoint",
      { bucketRegionalDomainName: "openedx-test-media.s3-website-eu-west-1.amazonaws.com" },
      'bucketRegionalDomainName must be a bucket\'s regional S3 endpoint, <bucket>.s3.<region>.amazonaws.com (not the website or the global endpoint), got "openedx-test-media.s3-website-eu-west-1.amazonaws.com"',
    ],
    ["an empty list of key prefixes", { objectKeyPrefixes: [] }, "objectKeyPrefixes must list at least one key prefix, or be left out to serve the whole bucket"],
    ["a key prefix without a trailing slash", { objectKeyPrefixes: ["profile-images"] }, prefixMessage("profile-images")],
    ["a key prefix with a leading slash", { objectKeyPrefixes: ["/profile-images/"] }, prefixMessage("/profile-images/")],
    ["a key prefix with a wildcard", { objectKeyPrefixes: ["*/"] }, prefixMessage("*/")],
    [
      "an unknown price class",
      { priceClass: "PriceClass_Europe" as MediaDistributionProps["priceClass"] },
      'priceClass must be one of PriceClass_100, PriceClass_200, PriceClass_All, got "PriceClass_Europe"',
    ],
  ])("rejects %s", (_, overrides, message) => {
    expect(rejectionOf(() => build(overrides))).toBe(`${message} (at test/media)`);
  });

  it("rejects a provider and a logs key outside us-east-1, with every problem at once", () => {
    const fixture = edgeFixture();
    const message = rejectionOf(() => build({ provider: fixture.stack.provider, logsKey: fixture.secretsKey, logRetentionDays: 2 }, fixture));
    expect(message).toBe(
      [
        "logRetentionDays must be a CloudWatch Logs retention period (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653), got 2",
        "provider must be an AWS provider for us-east-1, where CloudFront's WAF and log delivery live, got one for eu-west-1",
        "logsKey must be a key in us-east-1 (created with the us-east-1 provider), the region of the log group it encrypts, got alias/test/secrets in eu-west-1",
      ].join("; ") + " (at test/media)",
    );
  });
});

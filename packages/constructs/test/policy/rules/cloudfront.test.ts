import {
  CloudfrontDistribution,
  CloudfrontDistributionConfig,
  CloudfrontDistributionOrderedCacheBehavior,
  CloudfrontDistributionOrigin,
} from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { CloudwatchLogDelivery } from "@cdktf/provider-aws/lib/cloudwatch-log-delivery";
import { CloudwatchLogDeliveryDestination } from "@cdktf/provider-aws/lib/cloudwatch-log-delivery-destination";
import { CloudwatchLogDeliverySource } from "@cdktf/provider-aws/lib/cloudwatch-log-delivery-source";
import { Wafv2WebAcl } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { TerraformIterator, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { packOf, policyStack, ruleStack, synthFailure, violationLines } from "../fixtures";
import { violatedRules } from "./rule-results";

const CF_RULES = ["OpenedxAws-CF1", "OpenedxAws-CF2", "OpenedxAws-CF3", "OpenedxAws-CF4", "OpenedxAws-CF5", "OpenedxAws-CF6"];
const CERTIFICATE_ARN = "arn:aws:acm:us-east-1:123456789012:certificate/1";
const WEB_ACL_ARN = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/openedx/1";

const LMS_ORIGIN: CloudfrontDistributionOrigin = {
  originId: "lms",
  domainName: "origin.courses.example.edu",
  customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] },
};
const MEDIA_ORIGIN: CloudfrontDistributionOrigin = {
  originId: "media",
  domainName: "openedx-media.s3.eu-west-1.amazonaws.com",
  originAccessControlId: "E2OACMEDIA",
};
const MEDIA_BEHAVIOR: CloudfrontDistributionOrderedCacheBehavior = {
  pathPattern: "/media/*",
  targetOriginId: "media",
  viewerProtocolPolicy: "https-only",
  allowedMethods: ["GET", "HEAD"],
  cachedMethods: ["GET", "HEAD"],
  cachePolicyId: "658327ea-f89d-4fab-a63d-7e88639e58f6",
};

/**
 * A distribution `test/cdn` meeting every CF rule: an LMS custom origin and an S3 media origin,
 * both behaviours on HTTPS, an ACM certificate, a web ACL and no logging (see {@link vendedLogs});
 * `changes` override its settings.
 */
function distribution(stack: TerraformStack, changes: Partial<CloudfrontDistributionConfig> = {}): CloudfrontDistribution {
  return new CloudfrontDistribution(stack, "cdn", {
    enabled: true,
    aliases: ["courses.example.edu"],
    origin: [LMS_ORIGIN, MEDIA_ORIGIN],
    defaultCacheBehavior: {
      targetOriginId: "lms",
      viewerProtocolPolicy: "redirect-to-https",
      allowedMethods: ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],
      cachedMethods: ["GET", "HEAD"],
      cachePolicyId: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
    },
    orderedCacheBehavior: [MEDIA_BEHAVIOR],
    restrictions: { geoRestriction: { restrictionType: "none" } },
    viewerCertificate: { acmCertificateArn: CERTIFICATE_ARN, minimumProtocolVersion: "TLSv1.2_2021", sslSupportMethod: "sni-only" },
    webAclId: WEB_ACL_ARN,
    ...changes,
  });
}

/** CloudWatch vended access logs of `cdn`: a delivery source on its ARN, delivered to a log group destination. */
function vendedLogs(stack: TerraformStack, cdn: CloudfrontDistribution, delivered = true): CloudwatchLogDeliverySource {
  const source = new CloudwatchLogDeliverySource(stack, "access_logs", { name: "openedx-cdn", logType: "ACCESS_LOGS", resourceArn: cdn.arn });
  if (delivered) {
    const destination = new CloudwatchLogDeliveryDestination(stack, "access_logs_destination", {
      name: "openedx-cdn",
      deliveryDestinationConfiguration: [{ destinationResourceArn: "arn:aws:logs:us-east-1:123456789012:log-group:/aws/cloudfront/openedx" }],
    });
    new CloudwatchLogDelivery(stack, "access_logs_delivery", { deliverySourceName: source.name, deliveryDestinationArn: destination.arn });
  }
  return source;
}

describe("a hardened distribution", () => {
  it("passes every CF rule, with vended access logs and a web ACL of the stack", () => {
    const stack = policyStack([packOf(...CF_RULES)]);
    const acl = new Wafv2WebAcl(stack, "acl", {
      name: "openedx",
      scope: "CLOUDFRONT",
      defaultAction: { allow: {} },
      visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: "openedx", sampledRequestsEnabled: true },
    });
    vendedLogs(stack, distribution(stack, { webAclId: acl.arn }));
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});

describe("OpenedxAws-CF1: viewers get an ACM certificate, a TLS 1.2+ policy and SNI", () => {
  it("names all three settings when the distribution uses the default CloudFront certificate", () => {
    const stack = ruleStack("OpenedxAws-CF1");
    distribution(stack, { viewerCertificate: { cloudfrontDefaultCertificate: true } });
    expect(violatedRules(stack)).toEqual([
      "[OpenedxAws-CF1[acm_certificate_arn]]",
      "[OpenedxAws-CF1[minimum_protocol_version]]",
      "[OpenedxAws-CF1[ssl_support_method]]",
    ]);
    expect(violationLines(stack)[0]).toBe(
      "[OpenedxAws-CF1[acm_certificate_arn]] the CloudFront distribution does not serve viewers with an ACM certificate, TLS 1.2 or later and SNI at test/cdn (aws_cloudfront_distribution.cdn): the default *.cloudfront.net certificate forces the TLSv1 security policy, and older policies accept TLS 1.0/1.1 and weak ciphers; set viewer_certificate.acm_certificate_arn to a certificate issued in us-east-1, minimum_protocol_version to TLSv1.2_2021 or newer (TLSv1.2_2025, TLSv1.3_2025) and ssl_support_method to sni-only",
    );
  });

  it("names the default certificate even when an ACM certificate is also given", () => {
    const stack = ruleStack("OpenedxAws-CF1");
    distribution(stack, {
      viewerCertificate: { cloudfrontDefaultCertificate: true, acmCertificateArn: CERTIFICATE_ARN, minimumProtocolVersion: "TLSv1.2_2021", sslSupportMethod: "sni-only" },
    });
    expect(violatedRules(stack)).toEqual(["[OpenedxAws-CF1[acm_certificate_arn]]"]);
  });

  it("names an older security policy and a dedicated-IP support method", () => {
    const stack = ruleStack("OpenedxAws-CF1");
    distribution(stack, { viewerCertificate: { acmCertificateArn: CERTIFICATE_ARN, minimumProtocolVersion: "TLSv1.2_2019", sslSupportMethod: "vip" } });
    expect(violatedRules(stack)).toEqual(["[OpenedxAws-CF1[minimum_protocol_version]]", "[OpenedxAws-CF1[ssl_support_method]]"]);
  });

  it("passes with the 2025 TLS 1.2 and TLS 1.3 policies", () => {
    for (const minimumProtocolVersion of ["TLSv1.2_2025", "TLSv1.3_2025"]) {
      const stack = ruleStack("OpenedxAws-CF1");
      distribution(stack, { viewerCertificate: { acmCertificateArn: CERTIFICATE_ARN, minimumProtocolVersion, sslSupportMethod: "sni-only" } });
      expect(() => Testing.synth(stack, true)).not.toThrow();
    }
  });

  it("reports an unresolvable security policy as a violation", () => {
    const stack = ruleStack("OpenedxAws-CF1");
    const policy = new TerraformVariable(stack, "policy", { type: "string" });
    distribution(stack, { viewerCertificate: { acmCertificateArn: CERTIFICATE_ARN, minimumProtocolVersion: policy.stringValue, sslSupportMethod: "sni-only" } });
    expect(synthFailure(stack)).toContain(
      '[OpenedxAws-CF1] rule threw: viewer_certificate.minimum_protocol_version is the Terraform expression "${var.policy}", known only at apply time',
    );
  });
});

describe("OpenedxAws-CF2: every cache behaviour redirects to or requires HTTPS", () => {
  it("names the default behaviour and each ordered behaviour, by path pattern, that allows HTTP", () => {
    const stack = ruleStack("OpenedxAws-CF2");
    const cdn = distribution(stack, { orderedCacheBehavior: [{ ...MEDIA_BEHAVIOR, viewerProtocolPolicy: "allow-all" }, { ...MEDIA_BEHAVIOR, pathPattern: "/static/*" }] });
    cdn.defaultCacheBehavior.viewerProtocolPolicy = "allow-all";
    expect(violatedRules(stack)).toEqual(["[OpenedxAws-CF2[default_cache_behavior]]", "[OpenedxAws-CF2[ordered_cache_behavior /media/*]]"]);
    expect(violationLines(stack)[0]).toBe(
      "[OpenedxAws-CF2[default_cache_behavior]] a CloudFront cache behaviour accepts viewers over plain HTTP at test/cdn (aws_cloudfront_distribution.cdn): with allow-all, logins, session cookies and course content can cross the network unencrypted; set viewer_protocol_policy to redirect-to-https (or https-only) on the default and every ordered cache behaviour",
    );
  });

  it("names an ordered behaviour by its index when its path pattern is an expression", () => {
    const stack = ruleStack("OpenedxAws-CF2");
    const pattern = new TerraformVariable(stack, "pattern", { type: "string" });
    distribution(stack, { orderedCacheBehavior: [{ ...MEDIA_BEHAVIOR, pathPattern: pattern.stringValue, viewerProtocolPolicy: "allow-all" }] });
    expect(violatedRules(stack)).toEqual(["[OpenedxAws-CF2[ordered_cache_behavior[0]]]"]);
  });

  it("reports an unresolvable viewer protocol policy as a violation", () => {
    const stack = ruleStack("OpenedxAws-CF2");
    const policy = new TerraformVariable(stack, "viewer_policy", { type: "string" });
    distribution(stack, { orderedCacheBehavior: [{ ...MEDIA_BEHAVIOR, viewerProtocolPolicy: policy.stringValue }] });
    expect(synthFailure(stack)).toContain(
      '[OpenedxAws-CF2] rule threw: ordered_cache_behavior[0].viewer_protocol_policy is the Terraform expression "${var.viewer_policy}"',
    );
  });

  it("reports dynamic ordered behaviours as a violation, as their policies are known only at plan time", () => {
    const stack = ruleStack("OpenedxAws-CF2");
    const paths = new TerraformVariable(stack, "paths", { type: "list(string)" });
    const iterator = TerraformIterator.fromList(paths.listValue);
    distribution(stack, {
      orderedCacheBehavior: iterator.dynamic({
        path_pattern: iterator.value,
        target_origin_id: "lms",
        viewer_protocol_policy: "allow-all",
        allowed_methods: ["GET", "HEAD"],
        cached_methods: ["GET", "HEAD"],
      }),
    });
    expect(synthFailure(stack)).toContain(
      "[OpenedxAws-CF2] rule threw: ordered_cache_behavior is a dynamic block, whose content is known only at plan time; write literal ordered_cache_behavior blocks, or suppress the rule with a reason at test/cdn (aws_cloudfront_distribution.cdn)",
    );
  });
});

describe("OpenedxAws-CF3: custom origins are reached over HTTPS with TLS 1.2 only", () => {
  it("names the protocol policy and the SSL protocols of an origin, by origin id", () => {
    const stack = ruleStack("OpenedxAws-CF3");
    distribution(stack, {
      origin: [
        { ...LMS_ORIGIN, customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "http-only", originSslProtocols: ["TLSv1", "TLSv1.1", "TLSv1.2"] } },
        { ...LMS_ORIGIN, originId: "studio", customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "match-viewer", originSslProtocols: ["TLSv1.2"] } },
        MEDIA_ORIGIN,
      ],
    });
    expect(violatedRules(stack)).toEqual([
      "[OpenedxAws-CF3[origin_protocol_policy of lms]]",
      "[OpenedxAws-CF3[origin_ssl_protocols of lms]]",
      "[OpenedxAws-CF3[origin_protocol_policy of studio]]",
    ]);
    expect(violationLines(stack)[1]).toBe(
      '[OpenedxAws-CF3[origin_ssl_protocols of lms]] a CloudFront custom origin is not reached over HTTPS with TLS 1.2 only at test/cdn (aws_cloudfront_distribution.cdn): requests CloudFront forwards carry cookies and credentials to the origin across the internet; set custom_origin_config.origin_protocol_policy to https-only and origin_ssl_protocols to ["TLSv1.2"], and serve a certificate valid for the origin host on the load balancer',
    );
  });

  it("does not apply to S3 origins", () => {
    const stack = ruleStack("OpenedxAws-CF3");
    distribution(stack, {
      origin: [MEDIA_ORIGIN],
      defaultCacheBehavior: { targetOriginId: "media", viewerProtocolPolicy: "https-only", allowedMethods: ["GET", "HEAD"], cachedMethods: ["GET", "HEAD"] },
      orderedCacheBehavior: [],
    });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("reports unresolvable SSL protocols as a violation", () => {
    const stack = ruleStack("OpenedxAws-CF3");
    const protocols = new TerraformVariable(stack, "protocols", { type: "list(string)" });
    distribution(stack, {
      origin: [{ ...LMS_ORIGIN, customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: protocols.listValue } }],
    });
    expect(synthFailure(stack)).toContain(
      '[OpenedxAws-CF3] rule threw: origin[0].custom_origin_config.origin_ssl_protocols is the Terraform expression "${var.protocols}"',
    );
  });
});

describe("OpenedxAws-CF4: a WAF web ACL is attached", () => {
  it("fails without web_acl_id", () => {
    const stack = ruleStack("OpenedxAws-CF4");
    distribution(stack, { webAclId: undefined });
    expect(violationLines(stack)).toEqual([
      "[OpenedxAws-CF4] the CloudFront distribution has no WAF web ACL attached at test/cdn (aws_cloudfront_distribution.cdn): without a web ACL, exploit payloads, credential stuffing and request floods reach the platform unfiltered; set web_acl_id to the ARN of a CLOUDFRONT-scope aws_wafv2_web_acl created in us-east-1",
    ]);
  });

  it("passes with a web ACL from a variable (another stack's output)", () => {
    const stack = ruleStack("OpenedxAws-CF4");
    const acl = new TerraformVariable(stack, "web_acl_arn", { type: "string" });
    distribution(stack, { webAclId: acl.stringValue });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});

describe("OpenedxAws-CF5: requests are logged", () => {
  it("fails without logging_config or a vended-logs delivery", () => {
    const stack = ruleStack("OpenedxAws-CF5");
    distribution(stack);
    expect(violationLines(stack)).toEqual([
      "[OpenedxAws-CF5] the CloudFront distribution does not log its requests at test/cdn (aws_cloudfront_distribution.cdn): access logs are the only record of who requested what at the edge, needed to investigate abuse; add an aws_cloudwatch_log_delivery_source in us-east-1 whose resource_arn is the distribution's arn, with an aws_cloudwatch_log_delivery to a destination, or set logging_config with a bucket",
    ]);
  });

  it("fails when the delivery source is delivered nowhere", () => {
    const stack = ruleStack("OpenedxAws-CF5");
    vendedLogs(stack, distribution(stack), false);
    expect(violatedRules(stack)).toEqual(["[OpenedxAws-CF5]"]);
  });

  it("fails when the delivered source is on another distribution", () => {
    const stack = ruleStack("OpenedxAws-CF5");
    distribution(stack);
    const other = new CloudfrontDistribution(stack, "other", {
      enabled: true,
      origin: [LMS_ORIGIN],
      defaultCacheBehavior: { targetOriginId: "lms", viewerProtocolPolicy: "https-only", allowedMethods: ["GET", "HEAD"], cachedMethods: ["GET", "HEAD"] },
      restrictions: { geoRestriction: { restrictionType: "none" } },
      viewerCertificate: { cloudfrontDefaultCertificate: true },
    });
    vendedLogs(stack, other);
    expect(violationLines(stack)).toEqual([expect.stringContaining("at test/cdn (aws_cloudfront_distribution.cdn)")]);
  });

  it("passes with a delivery that names the source literally, or with legacy standard logging", () => {
    const stack = ruleStack("OpenedxAws-CF5");
    const cdn = distribution(stack);
    new CloudwatchLogDeliverySource(stack, "source", { name: "openedx-cdn", logType: "ACCESS_LOGS", resourceArn: cdn.arn });
    new CloudwatchLogDelivery(stack, "delivery", { deliverySourceName: "openedx-cdn", deliveryDestinationArn: "arn:aws:logs:us-east-1:123456789012:delivery-destination:cdn" });

    const legacy = ruleStack("OpenedxAws-CF5");
    distribution(legacy, { loggingConfig: { bucket: "openedx-cdn-logs.s3.amazonaws.com", prefix: "cdn/" } });
    expect(() => Testing.synth(stack, true)).not.toThrow();
    expect(() => Testing.synth(legacy, true)).not.toThrow();
  });
});

describe("OpenedxAws-CF6: S3 origins use Origin Access Control", () => {
  it("names an S3 origin without Origin Access Control, and one with a legacy origin access identity", () => {
    const stack = ruleStack("OpenedxAws-CF6");
    distribution(stack, {
      origin: [
        LMS_ORIGIN,
        { originId: "media", domainName: MEDIA_ORIGIN.domainName },
        { originId: "uploads", domainName: "openedx-uploads.s3.eu-west-1.amazonaws.com", s3OriginConfig: { originAccessIdentity: "origin-access-identity/cloudfront/E1OAI" } },
      ],
    });
    expect(violatedRules(stack)).toEqual([
      "[OpenedxAws-CF6[origin_access_control_id of media]]",
      "[OpenedxAws-CF6[origin_access_control_id of uploads]]",
      "[OpenedxAws-CF6[origin_access_identity of uploads]]",
    ]);
    expect(violationLines(stack)[0]).toBe(
      "[OpenedxAws-CF6[origin_access_control_id of media]] a CloudFront S3 origin does not use Origin Access Control at test/cdn (aws_cloudfront_distribution.cdn): without Origin Access Control the bucket must be readable by a legacy origin access identity, which cannot sign requests to SSE-KMS objects, or by everyone; set origin_access_control_id to an aws_cloudfront_origin_access_control of origin type s3, leave s3_origin_config.origin_access_identity empty, and allow only cloudfront.amazonaws.com with aws:SourceArn of the distribution in the bucket policy",
    );
  });

  it("passes with Origin Access Control and an empty s3_origin_config, and ignores custom origins", () => {
    const stack = ruleStack("OpenedxAws-CF6");
    distribution(stack, { origin: [LMS_ORIGIN, { ...MEDIA_ORIGIN, s3OriginConfig: { originAccessIdentity: "" } }] });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("reports dynamic origins as a violation, as they are known only at plan time", () => {
    const stack = ruleStack("OpenedxAws-CF6");
    const buckets = new TerraformVariable(stack, "buckets", { type: "list(string)" });
    const iterator = TerraformIterator.fromList(buckets.listValue);
    distribution(stack, { origin: iterator.dynamic({ origin_id: iterator.value, domain_name: iterator.value }) });
    expect(synthFailure(stack)).toContain(
      "[OpenedxAws-CF6] rule threw: origin is a dynamic block, whose content is known only at plan time; write literal origin blocks, or suppress the rule with a reason",
    );
  });
});

import { describe, expect, it } from "vitest";
import { OriginVerification } from "../../src/edge/origin-verification";
import { describeDnsName, HOST_NAME } from "../../src/edge/private/dns-names";
import { SiteDistribution, SiteDistributionProps } from "../../src/edge/site-distribution";
import { plaintextSecrets, rejectionOf, resolvedAttributes } from "../construct-fixture";
import { policyOf, SynthesizedStack } from "../synth";
import { CERTIFICATE_ARN, EdgeFixture, edgeFixture, webAclOf } from "./web-acl-fixture";

const HOST_NAMES = ["courses.example.edu", "studio.courses.example.edu", "apps.courses.example.edu", "meilisearch.courses.example.edu"];

function build(overrides: Partial<SiteDistributionProps> = {}, fixture: EdgeFixture = edgeFixture()) {
  const webAcl = webAclOf(fixture);
  const originVerification = new OriginVerification(fixture.stack, "verify", {
    secretName: "openedx-test-edge/origin-verify",
    encryptionKey: fixture.secretsKey,
  });
  const site = new SiteDistribution(fixture.stack, "site", {
    name: "openedx-test-site",
    hostNames: HOST_NAMES,
    certificateArn: CERTIFICATE_ARN,
    originHostName: "origin.courses.example.edu",
    originVerification,
    webAcl,
    provider: fixture.usEast1,
    logsKey: fixture.edgeLogsKey,
    ...overrides,
  });
  return { ...fixture, site };
}

/** `type.name` of the resource at a path, as `depends_on` lists it. */
function addressOf(synthesized: SynthesizedStack, type: string, suffix: string): string {
  return synthesized.ref(type, suffix, "id").slice("${".length, -".id}".length);
}

type Behavior = Record<string, unknown>;

describe("SiteDistribution", () => {
  const { stack, site } = build();
  const { synthesized, values } = resolvedAttributes(stack, {
    distributionId: site.distributionId,
    distributionArn: site.distributionArn,
    domainName: site.domainName,
    hostedZoneId: site.hostedZoneId,
    accessLogGroupName: site.accessLogGroupName,
  });
  const distribution = synthesized.byPath("aws_cloudfront_distribution", "site/Resource");
  const tokenReference = `sensitive(terraform_data.${synthesized.resources("terraform_data")[0][0]}.output["token"])`;

  it("serves the LMS, Studio, MFE and Meilisearch names over HTTP/2 and HTTP/3, IPv4 and IPv6, from the cheapest edge locations", () => {
    expect(distribution).toMatchObject({
      enabled: true,
      aliases: HOST_NAMES,
      http_version: "http2and3",
      is_ipv6_enabled: true,
      price_class: "PriceClass_100",
      restrictions: { geo_restriction: { restriction_type: "none" } },
    });
    expect(distribution.provider).toBeUndefined();
  });

  it("presents the us-east-1 certificate with SNI and TLS 1.2 or later", () => {
    expect(distribution.viewer_certificate).toEqual({
      acm_certificate_arn: CERTIFICATE_ARN,
      minimum_protocol_version: "TLSv1.2_2021",
      ssl_support_method: "sni-only",
    });
  });

  it("sits behind the web ACL", () => {
    expect(distribution.web_acl_id).toBe(synthesized.ref("aws_wafv2_web_acl", "waf/Resource", "arn"));
  });

  it("deletes on destroy and does not wait for the edge locations", () => {
    expect(distribution.retain_on_delete).toBe(false);
    expect(distribution.wait_for_deployment).toBe(false);
    expect(distribution.logging_config).toBeUndefined();
  });

  it("reaches one origin host over HTTPS with TLS 1.2 only, with timeouts for Studio", () => {
    expect(distribution.origin).toEqual([
      {
        origin_id: "openedx-ingress",
        domain_name: "origin.courses.example.edu",
        custom_origin_config: {
          http_port: 80,
          https_port: 443,
          origin_protocol_policy: "https-only",
          origin_ssl_protocols: ["TLSv1.2"],
          origin_read_timeout: 60,
          origin_keepalive_timeout: 30,
        },
        custom_header: [{ name: "X-Origin-Verify", value: `\${${tokenReference}}` }],
      },
    ]);
  });

  it("sends the origin-verification header as a reference, never the secret", () => {
    expect(plaintextSecrets(synthesized.json)).toEqual([]);
    expect(JSON.stringify(distribution)).not.toMatch(/[0-9a-f]{64}/);
  });

  it("passes every request to the origin by default: every method, nothing cached, everything forwarded, compressed", () => {
    expect(distribution.default_cache_behavior).toEqual({
      target_origin_id: "openedx-ingress",
      viewer_protocol_policy: "redirect-to-https",
      allowed_methods: ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],
      cached_methods: ["GET", "HEAD"],
      cache_policy_id: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
      origin_request_policy_id: "216adef6-5c7f-47e4-b989-5492eafa07d3",
      compress: true,
    });
  });

  it("caches only the LMS and Studio static files and the MFE bundles, read-only, in this order", () => {
    const behaviors = distribution.ordered_cache_behavior as Behavior[];
    expect(behaviors.map((behavior) => behavior.path_pattern)).toEqual(["/static/*", "/*/static/*"]);
    for (const behavior of behaviors) {
      expect(behavior).toEqual({
        path_pattern: behavior.path_pattern,
        target_origin_id: "openedx-ingress",
        viewer_protocol_policy: "redirect-to-https",
        allowed_methods: ["GET", "HEAD", "OPTIONS"],
        cached_methods: ["GET", "HEAD"],
        cache_policy_id: synthesized.ref("aws_cloudfront_cache_policy", "site/StaticAssetsCachePolicy", "id"),
        compress: true,
      });
    }
  });

  it("caches static files as long as the origin says, keyed by host, origin and query string but no cookie", () => {
    expect(synthesized.only("aws_cloudfront_cache_policy")).toMatchObject({
      name: "openedx-test-site-static-assets",
      min_ttl: 0,
      default_ttl: 0,
      max_ttl: 31_536_000,
      parameters_in_cache_key_and_forwarded_to_origin: {
        headers_config: { header_behavior: "whitelist", headers: { items: ["Host", "Origin"] } },
        cookies_config: { cookie_behavior: "none" },
        query_strings_config: { query_string_behavior: "all" },
        enable_accept_encoding_gzip: true,
        enable_accept_encoding_brotli: true,
      },
    });
  });

  it("delivers access logs (standard logging v2) from us-east-1 to an encrypted log group, in JSON", () => {
    expect(synthesized.byPath("aws_cloudwatch_log_group", "site/AccessLogs/LogGroup/Resource")).toMatchObject({
      name: "/aws/vendedlogs/cloudfront/openedx-test-site",
      kms_key_id: synthesized.ref("aws_kms_key", "edge-logs/Resource", "arn"),
      retention_in_days: 365,
      provider: "aws.us_east_1",
    });
    expect(synthesized.only("aws_cloudwatch_log_delivery_source")).toMatchObject({
      name: "openedx-test-site-access-logs",
      log_type: "ACCESS_LOGS",
      resource_arn: synthesized.ref("aws_cloudfront_distribution", "site/Resource", "arn"),
      provider: "aws.us_east_1",
    });
    expect(synthesized.only("aws_cloudwatch_log_delivery_destination")).toMatchObject({
      name: "openedx-test-site-access-logs",
      output_format: "json",
      delivery_destination_configuration: [
        { destination_resource_arn: synthesized.ref("aws_cloudwatch_log_group", "site/AccessLogs/LogGroup/Resource", "arn") },
      ],
      provider: "aws.us_east_1",
    });
    const delivery = synthesized.only("aws_cloudwatch_log_delivery");
    expect(delivery).toMatchObject({
      delivery_source_name: synthesized.ref("aws_cloudwatch_log_delivery_source", "site/AccessLogs/Source", "name"),
      delivery_destination_arn: synthesized.ref("aws_cloudwatch_log_delivery_destination", "site/AccessLogs/Destination", "arn"),
      provider: "aws.us_east_1",
      depends_on: [
        addressOf(synthesized, "aws_cloudwatch_log_resource_policy", "site/AccessLogs/DeliveryPolicy"),
        addressOf(synthesized, "aws_cloudwatch_log_group", "site/AccessLogs/LogGroup/Resource"),
      ],
    });
  });

  it("logs requests without their cookies", () => {
    const fields = synthesized.only("aws_cloudwatch_log_delivery").record_fields as string[];
    expect(fields).toEqual(expect.arrayContaining(["date", "time", "c-ip", "cs-method", "cs(Host)", "cs-uri-stem", "sc-status", "x-edge-request-id", "time-taken"]));
    expect(fields).not.toContain("cs(Cookie)");
    expect(new Set(fields).size).toBe(fields.length);
  });

  it("lets log delivery write to the access-log group only, on behalf of this account only", () => {
    const policy = synthesized.byPath("aws_cloudwatch_log_resource_policy", "site/AccessLogs/DeliveryPolicy");
    expect(policy).toMatchObject({ policy_name: "openedx-test-site-access-logs", provider: "aws.us_east_1" });
    expect(policyOf(policy.policy_document).Statement).toEqual([
      {
        Sid: "AllowLogDeliveryOfThisAccount",
        Effect: "Allow",
        Principal: { Service: "delivery.logs.amazonaws.com" },
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: "arn:aws:logs:us-east-1:111122223333:log-group:/aws/vendedlogs/cloudfront/openedx-test-site:log-stream:*",
        Condition: {
          StringEquals: { "aws:SourceAccount": "111122223333" },
          ArnLike: { "aws:SourceArn": "arn:aws:logs:us-east-1:111122223333:*" },
        },
      },
    ]);
  });

  it("exposes the distribution's id, ARN, domain name and zone, and the access-log group", () => {
    expect(values).toEqual({
      distributionId: synthesized.ref("aws_cloudfront_distribution", "site/Resource", "id"),
      distributionArn: synthesized.ref("aws_cloudfront_distribution", "site/Resource", "arn"),
      domainName: synthesized.ref("aws_cloudfront_distribution", "site/Resource", "domain_name"),
      hostedZoneId: synthesized.ref("aws_cloudfront_distribution", "site/Resource", "hosted_zone_id"),
      accessLogGroupName: synthesized.ref("aws_cloudwatch_log_group", "site/AccessLogs/LogGroup/Resource", "name"),
    });
  });

  it("takes other timeouts, static paths, price class and retention", () => {
    const custom = build({
      hostNames: ["staging.example.edu"],
      originHostName: "origin.staging.example.edu",
      originReadTimeoutSeconds: 120,
      originKeepaliveTimeoutSeconds: 10,
      staticPathPatterns: ["/static/*", "*.woff2"],
      priceClass: "PriceClass_All",
      logRetentionDays: 30,
    });
    const customSynth = new SynthesizedStack(custom.stack);
    const customDistribution = customSynth.byPath("aws_cloudfront_distribution", "site/Resource");
    expect(customDistribution).toMatchObject({
      aliases: ["staging.example.edu"],
      price_class: "PriceClass_All",
      origin: [
        { domain_name: "origin.staging.example.edu", custom_origin_config: { origin_read_timeout: 120, origin_keepalive_timeout: 10 } },
      ],
    });
    expect((customDistribution.ordered_cache_behavior as Behavior[]).map((behavior) => behavior.path_pattern)).toEqual(["/static/*", "*.woff2"]);
    expect(customSynth.byPath("aws_cloudwatch_log_group", "site/AccessLogs/LogGroup/Resource").retention_in_days).toBe(30);
  });

  it("caches nothing when given no static path patterns", () => {
    const custom = build({ staticPathPatterns: [] });
    const customDistribution = new SynthesizedStack(custom.stack).byPath("aws_cloudfront_distribution", "site/Resource");
    expect(customDistribution.ordered_cache_behavior ?? []).toEqual([]);
  });

  it.each<[string, Partial<SiteDistributionProps>, string]>([
    [
      "a name too long for the log delivery",
      { name: `a${"b".repeat(48)}` },
      `name must be 1-48 letters, digits or hyphens, starting with a letter (it names the log delivery and the log group), got "a${"b".repeat(48)}"`,
    ],
    ["no host names", { hostNames: [] }, "hostNames must list 1-100 host names (the LMS, Studio, MFE and Meilisearch hosts), got 0"],
    [
      "a wildcard host name",
      { hostNames: ["*.courses.example.edu"] },
      `hostNames must hold host names, each ${describeDnsName(HOST_NAME)}, got "*.courses.example.edu"`,
    ],
    ["a repeated host name", { hostNames: ["courses.example.edu", "courses.example.edu"] }, 'hostNames must not repeat a name, got "courses.example.edu" twice'],
    [
      "an origin with a trailing dot",
      { originHostName: "origin.courses.example.edu." },
      `originHostName must be ${describeDnsName(HOST_NAME, "origin.courses.example.edu")}, got "origin.courses.example.edu."`,
    ],
    [
      "an origin that is one of the viewer names",
      { originHostName: "courses.example.edu" },
      'originHostName must differ from the viewer host names, or CloudFront would be its own origin, got "courses.example.edu"',
    ],
    [
      "a certificate outside us-east-1",
      { certificateArn: "arn:aws:acm:eu-west-1:111122223333:certificate/0f1e2d3c" },
      'certificateArn must be the ARN of an ACM certificate in us-east-1 (arn:aws:acm:us-east-1:<account>:certificate/<id>), the only region CloudFront takes certificates from, got "arn:aws:acm:eu-west-1:111122223333:certificate/0f1e2d3c"',
    ],
    ["a read timeout over 180 s", { originReadTimeoutSeconds: 181 }, "originReadTimeoutSeconds must be a whole number of seconds from 1 to 180, got 181"],
    ["a keepalive of 0 s", { originKeepaliveTimeoutSeconds: 0 }, "originKeepaliveTimeoutSeconds must be a whole number of seconds from 1 to 180, got 0"],
    [
      "a static pattern that is the default behaviour",
      { staticPathPatterns: ["*"] },
      `staticPathPatterns must hold CloudFront path patterns of 1-255 letters, digits and _ - . * $ / ~ " ' @ : + &, other than "*" (the default behaviour), got "*"`,
    ],
    [
      "a static pattern with a space",
      { staticPathPatterns: ["/static files/*"] },
      `staticPathPatterns must hold CloudFront path patterns of 1-255 letters, digits and _ - . * $ / ~ " ' @ : + &, other than "*" (the default behaviour), got "/static files/*"`,
    ],
    ["a repeated static pattern", { staticPathPatterns: ["/static/*", "/static/*"] }, 'staticPathPatterns must not repeat a pattern, got "/static/*" twice'],
    [
      "more static patterns than cache behaviours",
      { staticPathPatterns: Array.from({ length: 26 }, (_, index) => `/p${index}/*`) },
      "staticPathPatterns must list at most 25 patterns (CloudFront's cache behaviours per distribution), got 26",
    ],
    [
      "an unknown price class",
      { priceClass: "PriceClass_300" as SiteDistributionProps["priceClass"] },
      'priceClass must be one of PriceClass_100, PriceClass_200, PriceClass_All, got "PriceClass_300"',
    ],
    [
      "a retention CloudWatch Logs does not offer",
      { logRetentionDays: 10 },
      "logRetentionDays must be a CloudWatch Logs retention period (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653), got 10",
    ],
  ])("rejects %s", (_, overrides, message) => {
    expect(rejectionOf(() => build(overrides))).toBe(`${message} (at test/site)`);
  });

  it("rejects a provider and a logs key outside us-east-1, with every problem at once", () => {
    const fixture = edgeFixture();
    const message = rejectionOf(() =>
      build({ name: "1site", provider: fixture.stack.provider, logsKey: fixture.secretsKey, originReadTimeoutSeconds: 0.5 }, fixture),
    );
    expect(message).toBe(
      [
        'name must be 1-48 letters, digits or hyphens, starting with a letter (it names the log delivery and the log group), got "1site"',
        "originReadTimeoutSeconds must be a whole number of seconds from 1 to 180, got 0.5",
        "provider must be an AWS provider for us-east-1, where CloudFront's WAF and log delivery live, got one for eu-west-1",
        "logsKey must be a key in us-east-1 (created with the us-east-1 provider), the region of the log group it encrypts, got alias/test/secrets in eu-west-1",
      ].join("; ") + " (at test/site)",
    );
  });
});

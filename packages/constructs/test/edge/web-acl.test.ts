import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { describe, expect, it } from "vitest";
import { CloudFrontWebAclProps } from "../../src/edge/web-acl";
import { rejectionOf, resolvedAttributes } from "../construct-fixture";
import { policyOf, SynthesizedStack } from "../synth";
import { edgeFixture, webAclOf } from "./web-acl-fixture";

type Rule = {
  name: string;
  priority: number;
  action?: Record<string, unknown>;
  override_action?: Record<string, unknown>;
  statement: {
    managed_rule_group_statement?: { name: string; vendor_name: string; rule_action_override?: { name: string; action_to_use: Record<string, unknown> }[] };
    rate_based_statement?: Record<string, unknown>;
  };
  visibility_config: Record<string, unknown>;
};

function build(overrides: Partial<CloudFrontWebAclProps> = {}) {
  const fixture = edgeFixture();
  const acl = webAclOf(fixture, overrides);
  return { ...fixture, acl };
}

/** `type.name` of the resource at a path, as `depends_on` lists it. */
function addressOf(synthesized: SynthesizedStack, type: string, suffix: string): string {
  return synthesized.ref(type, suffix, "id").slice("${".length, -".id}".length);
}

function rulesOf(synthesized: SynthesizedStack): Rule[] {
  return synthesized.only("aws_wafv2_web_acl").rule as Rule[];
}

describe("CloudFrontWebAcl", () => {
  const { stack, acl } = build();
  const { synthesized, values } = resolvedAttributes(stack, {
    webAclArn: acl.webAclArn,
    webAclId: acl.webAclId,
    webAclName: acl.webAclName,
    logGroupName: acl.logGroupName,
  });
  const webAcl = synthesized.byPath("aws_wafv2_web_acl", "waf/Resource");
  const rules = rulesOf(synthesized);

  it("is a CloudFront-scope web ACL in us-east-1 that allows what no rule blocks", () => {
    expect(webAcl).toMatchObject({
      name: "openedx-test-edge",
      scope: "CLOUDFRONT",
      provider: "aws.us_east_1",
      default_action: { allow: {} },
      visibility_config: { cloudwatch_metrics_enabled: true, sampled_requests_enabled: true, metric_name: "openedx-test-edge" },
    });
    expect(webAcl.default_action).toEqual({ allow: {} });
  });

  it("evaluates the AWS managed groups, then the rate limit, in this order", () => {
    expect(rules.map((rule) => [rule.priority, rule.name])).toEqual([
      [0, "AWSManagedRulesAmazonIpReputationList"],
      [1, "AWSManagedRulesAnonymousIpList"],
      [2, "AWSManagedRulesCommonRuleSet"],
      [3, "AWSManagedRulesKnownBadInputsRuleSet"],
      [4, "AWSManagedRulesSQLiRuleSet"],
      [5, "RateLimitPerIp"],
    ]);
  });

  it("runs each managed group from AWS with the group's own actions", () => {
    for (const rule of rules.slice(0, 5)) {
      expect(rule.statement.managed_rule_group_statement).toMatchObject({ name: rule.name, vendor_name: "AWS" });
      expect(rule.override_action).toEqual({ none: {} });
      expect(rule.action).toBeUndefined();
    }
  });

  it("only counts bodies over 8 KB in the common rule set, so Studio uploads and course imports pass", () => {
    const common = rules.find((rule) => rule.name === "AWSManagedRulesCommonRuleSet");
    expect(common?.statement.managed_rule_group_statement?.rule_action_override).toEqual([{ name: "SizeRestrictions_BODY", action_to_use: { count: {} } }]);
  });

  it("never overrides the known-bad-inputs group, so its Log4JRCE rules block", () => {
    const knownBad = rules.find((rule) => rule.name === "AWSManagedRulesKnownBadInputsRuleSet");
    expect(knownBad?.statement.managed_rule_group_statement?.rule_action_override).toBeUndefined();
    const overridden = rules.flatMap((rule) => rule.statement.managed_rule_group_statement?.rule_action_override ?? []).map((override) => override.name);
    expect(overridden.filter((name) => name.toLowerCase().startsWith("log4j"))).toEqual([]);
  });

  it("counts hosting-provider addresses instead of blocking them, and overrides nothing else", () => {
    const anonymous = rules.find((rule) => rule.name === "AWSManagedRulesAnonymousIpList");
    expect(anonymous?.statement.managed_rule_group_statement?.rule_action_override).toEqual([{ name: "HostingProviderIPList", action_to_use: { count: {} } }]);
    for (const name of ["AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesSQLiRuleSet"]) {
      expect(rules.find((rule) => rule.name === name)?.statement.managed_rule_group_statement?.rule_action_override).toBeUndefined();
    }
  });

  it("blocks an IP above 2000 requests in five minutes", () => {
    const rate = rules.find((rule) => rule.name === "RateLimitPerIp");
    expect(rate?.action).toEqual({ block: {} });
    expect(rate?.override_action).toBeUndefined();
    expect(rate?.statement.rate_based_statement).toEqual({ limit: 2000, aggregate_key_type: "IP", evaluation_window_sec: 300 });
  });

  it("publishes metrics and sampled requests of every rule", () => {
    for (const rule of rules) {
      expect(rule.visibility_config).toEqual({ cloudwatch_metrics_enabled: true, sampled_requests_enabled: true, metric_name: rule.name });
    }
  });

  it("logs to an encrypted us-east-1 log group named for WAF, kept for a year", () => {
    expect(synthesized.byPath("aws_cloudwatch_log_group", "waf/LogGroup/Resource")).toMatchObject({
      name: "aws-waf-logs-openedx-test-edge",
      kms_key_id: synthesized.ref("aws_kms_key", "edge-logs/Resource", "arn"),
      retention_in_days: 365,
      provider: "aws.us_east_1",
    });
  });

  it("logs every request of the web ACL with the authorization and cookie headers redacted", () => {
    const logging = synthesized.only("aws_wafv2_web_acl_logging_configuration");
    expect(logging).toMatchObject({
      resource_arn: synthesized.ref("aws_wafv2_web_acl", "waf/Resource", "arn"),
      log_destination_configs: [synthesized.ref("aws_cloudwatch_log_group", "waf/LogGroup/Resource", "arn")],
      redacted_fields: [{ single_header: { name: "authorization" } }, { single_header: { name: "cookie" } }],
      provider: "aws.us_east_1",
      depends_on: [addressOf(synthesized, "aws_cloudwatch_log_resource_policy", "waf/LogDeliveryPolicy")],
    });
    expect(logging.logging_filter).toBeUndefined();
  });

  it("lets log delivery write to that log group only, on behalf of this account only", () => {
    const policy = synthesized.byPath("aws_cloudwatch_log_resource_policy", "waf/LogDeliveryPolicy");
    expect(policy).toMatchObject({ policy_name: "aws-waf-logs-openedx-test-edge-delivery", provider: "aws.us_east_1" });
    expect(policyOf(policy.policy_document).Statement).toEqual([
      {
        Sid: "AllowLogDeliveryOfThisAccount",
        Effect: "Allow",
        Principal: { Service: "delivery.logs.amazonaws.com" },
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: "arn:aws:logs:us-east-1:111122223333:log-group:aws-waf-logs-openedx-test-edge:log-stream:*",
        Condition: {
          StringEquals: { "aws:SourceAccount": "111122223333" },
          ArnLike: { "aws:SourceArn": "arn:aws:logs:us-east-1:111122223333:*" },
        },
      },
    ]);
  });

  it("exposes the web ACL's ARN, id and name and the log group", () => {
    expect(values).toEqual({
      webAclArn: synthesized.ref("aws_wafv2_web_acl", "waf/Resource", "arn"),
      webAclId: synthesized.ref("aws_wafv2_web_acl", "waf/Resource", "id"),
      webAclName: synthesized.ref("aws_wafv2_web_acl", "waf/Resource", "name"),
      logGroupName: synthesized.ref("aws_cloudwatch_log_group", "waf/LogGroup/Resource", "name"),
    });
  });

  it("takes another rate limit, blocks hosting providers and keeps logs for another period", () => {
    const custom = build({ requestsPerFiveMinutesPerIp: 5000, blockHostingProviderIps: true, logRetentionDays: 90 });
    const customSynth = new SynthesizedStack(custom.stack);
    const customRules = rulesOf(customSynth);
    expect(customRules.find((rule) => rule.name === "RateLimitPerIp")?.statement.rate_based_statement).toMatchObject({ limit: 5000 });
    expect(customRules.find((rule) => rule.name === "AWSManagedRulesAnonymousIpList")?.statement.managed_rule_group_statement?.rule_action_override).toBeUndefined();
    expect(customRules.find((rule) => rule.name === "AWSManagedRulesCommonRuleSet")?.statement.managed_rule_group_statement?.rule_action_override).toHaveLength(1);
    expect(customSynth.byPath("aws_cloudwatch_log_group", "waf/LogGroup/Resource").retention_in_days).toBe(90);
  });

  it.each([100, 2_000_000])("accepts a rate limit of %d", (limit) => {
    expect(() => new SynthesizedStack(build({ requestsPerFiveMinutesPerIp: limit }).stack)).not.toThrow();
  });

  const rateMessage = (value: number) => `requestsPerFiveMinutesPerIp must be a whole number of requests from 100 to 2,000,000, got ${value}`;

  it.each<[string, Partial<CloudFrontWebAclProps>, string]>([
    ["a name with a dot", { name: "openedx.edge" }, 'name must be 1-100 letters, digits, "-" or "_", got "openedx.edge"'],
    ["a rate limit below 100", { requestsPerFiveMinutesPerIp: 99 }, rateMessage(99)],
    ["a rate limit above 2,000,000", { requestsPerFiveMinutesPerIp: 2_000_001 }, rateMessage(2_000_001)],
    ["a fractional rate limit", { requestsPerFiveMinutesPerIp: 150.5 }, rateMessage(150.5)],
    [
      "a retention CloudWatch Logs does not offer",
      { logRetentionDays: 10 },
      "logRetentionDays must be a CloudWatch Logs retention period (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653), got 10",
    ],
  ])("rejects %s", (_, overrides, message) => {
    expect(rejectionOf(() => build(overrides))).toBe(`${message} (at test/waf)`);
  });

  it("rejects a provider without a region", () => {
    const fixture = edgeFixture();
    const regionless = new AwsProvider(fixture.stack, "regionless", { alias: "regionless" });
    expect(rejectionOf(() => webAclOf(fixture, { provider: regionless }))).toBe(
      "provider must be an AWS provider for us-east-1, where CloudFront's WAF and log delivery live, got a provider without a region (at test/waf)",
    );
  });

  it("rejects a provider and a logs key outside us-east-1, with every problem at once", () => {
    const fixture = edgeFixture();
    const message = rejectionOf(() =>
      webAclOf(fixture, { name: "bad name", provider: fixture.stack.provider, logsKey: fixture.secretsKey, requestsPerFiveMinutesPerIp: 50 }),
    );
    expect(message).toBe(
      [
        'name must be 1-100 letters, digits, "-" or "_", got "bad name"',
        rateMessage(50),
        "provider must be an AWS provider for us-east-1, where CloudFront's WAF and log delivery live, got one for eu-west-1",
        "logsKey must be a key in us-east-1 (created with the us-east-1 provider), the region of the log group it encrypts, got alias/test/secrets in eu-west-1",
      ].join("; ") + " (at test/waf)",
    );
  });
});

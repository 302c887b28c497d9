import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Wafv2WebAcl, Wafv2WebAclConfig, Wafv2WebAclRule } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Wafv2WebAclLoggingConfiguration } from "@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration";
import { Fn, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { packOf, policyStack, ruleStack, synthFailure, violationLines } from "../fixtures";
import { violatedRules } from "./rule-results";

const WAF_RULES = ["OpenedxAws-WAF1", "OpenedxAws-WAF2", "OpenedxAws-WAF3", "OpenedxAws-WAF4"];

function visibility(metricName: string): Wafv2WebAclRule["visibilityConfig"] {
  return { cloudwatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true };
}

/** A rule using the AWS managed group `name`; `overrides` name rules of the group whose action becomes count. */
function managedGroup(name: string, priority: number, overrides: readonly string[] = [], overrideAction: "none" | "count" = "none", vendorName = "AWS"): Wafv2WebAclRule {
  return {
    name,
    priority,
    overrideAction: { [overrideAction]: {} },
    statement: {
      managed_rule_group_statement: {
        name,
        vendor_name: vendorName,
        rule_action_override: overrides.map((rule) => ({ name: rule, action_to_use: { count: {} } })),
      },
    },
    visibilityConfig: visibility(name),
  };
}

function rateLimit(priority: number, action: "block" | "count" | "challenge" = "block"): Wafv2WebAclRule {
  return {
    name: "rate-limit",
    priority,
    action: { [action]: {} },
    statement: { rate_based_statement: { limit: 2000, aggregate_key_type: "IP" } },
    visibilityConfig: visibility("rate-limit"),
  };
}

const HARDENED_RULES: readonly Wafv2WebAclRule[] = [
  managedGroup("AWSManagedRulesCommonRuleSet", 10, ["SizeRestrictions_BODY"]),
  managedGroup("AWSManagedRulesKnownBadInputsRuleSet", 20),
  rateLimit(30),
];

/** A CLOUDFRONT web ACL `test/acl` meeting every WAF rule except logging (see {@link logTo}); `changes` override its settings. */
function webAcl(stack: TerraformStack, changes: Partial<Wafv2WebAclConfig> = {}): Wafv2WebAcl {
  return new Wafv2WebAcl(stack, "acl", {
    name: "openedx",
    scope: "CLOUDFRONT",
    defaultAction: { allow: {} },
    rule: [...HARDENED_RULES],
    visibilityConfig: visibility("openedx"),
    ...changes,
  });
}

/** Logs `acl` to the given destinations. */
function logTo(stack: TerraformStack, acl: Wafv2WebAcl, destinations: string[]): Wafv2WebAclLoggingConfiguration {
  return new Wafv2WebAclLoggingConfiguration(stack, "acl_logging", { resourceArn: acl.arn, logDestinationConfigs: destinations });
}

function logGroup(stack: TerraformStack, name: string): CloudwatchLogGroup {
  return new CloudwatchLogGroup(stack, "waf_logs", { name, retentionInDays: 365, kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/1" });
}

describe("a hardened web ACL", () => {
  it("passes every WAF rule, logging to an aws-waf-logs- log group of the stack", () => {
    const stack = policyStack([packOf(...WAF_RULES)]);
    logTo(stack, webAcl(stack), [logGroup(stack, "aws-waf-logs-openedx").arn]);
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});

describe("OpenedxAws-WAF1: the web ACL logs to an aws-waf-logs- destination", () => {
  it("names the missing logging configuration", () => {
    const stack = ruleStack("OpenedxAws-WAF1");
    webAcl(stack);
    expect(violationLines(stack)).toEqual([
      "[OpenedxAws-WAF1[logging configuration]] the WAF web ACL does not log to a destination named aws-waf-logs-* at test/acl (aws_wafv2_web_acl.acl): the logs show which requests WAF blocked and why, needed to tune rules and investigate attacks; add an aws_wafv2_web_acl_logging_configuration whose resource_arn is the web ACL's arn, logging to an encrypted log group (in the web ACL's region) whose name starts with aws-waf-logs-, which WAF requires",
    ]);
  });

  it("names the missing logging configuration when the only one logs another web ACL", () => {
    const stack = ruleStack("OpenedxAws-WAF1");
    webAcl(stack);
    const other = new Wafv2WebAcl(stack, "other", { name: "other", scope: "REGIONAL", defaultAction: { allow: {} }, visibilityConfig: visibility("other") });
    logTo(stack, other, ["arn:aws:logs:eu-west-1:123456789012:log-group:aws-waf-logs-other"]);
    expect(violationLines(stack)).toEqual([expect.stringMatching(/^\[OpenedxAws-WAF1\[logging configuration\]\] .* at test\/acl /)]);
  });

  it("names destinations whose literal names lack the prefix, from a log group of the stack or a literal ARN", () => {
    const stack = ruleStack("OpenedxAws-WAF1");
    logTo(stack, webAcl(stack), [
      logGroup(stack, "/aws/waf/openedx").arn,
      "arn:aws:logs:us-east-1:123456789012:log-group:openedx-waf:*",
      "arn:aws:s3:::aws-waf-logs-openedx-archive",
      "arn:aws:firehose:us-east-1:123456789012:deliverystream/waf-stream",
    ]);
    expect(violatedRules(stack)).toEqual([
      "[OpenedxAws-WAF1[destination /aws/waf/openedx]]",
      "[OpenedxAws-WAF1[destination openedx-waf]]",
      "[OpenedxAws-WAF1[destination waf-stream]]",
    ]);
  });

  it("passes when a destination's name is known only at apply time", () => {
    const stack = ruleStack("OpenedxAws-WAF1");
    const destination = new TerraformVariable(stack, "destination", { type: "string" });
    logTo(stack, webAcl(stack), [destination.stringValue]);
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("reports an unresolvable destination list as a violation", () => {
    const stack = ruleStack("OpenedxAws-WAF1");
    const destinations = new TerraformVariable(stack, "destinations", { type: "list(string)" });
    logTo(stack, webAcl(stack), destinations.listValue);
    expect(synthFailure(stack)).toContain(
      '[OpenedxAws-WAF1] rule threw: log_destination_configs of aws_wafv2_web_acl_logging_configuration.acl_logging is the Terraform expression "${var.destinations}"',
    );
  });
});

describe("OpenedxAws-WAF2: the common and known-bad-inputs managed groups are enforced", () => {
  it("names each group that is missing", () => {
    const stack = ruleStack("OpenedxAws-WAF2");
    webAcl(stack, { rule: [rateLimit(1)] });
    expect(violatedRules(stack)).toEqual(["[OpenedxAws-WAF2[AWSManagedRulesCommonRuleSet]]", "[OpenedxAws-WAF2[AWSManagedRulesKnownBadInputsRuleSet]]"]);
    expect(violationLines(stack)[1]).toBe(
      "[OpenedxAws-WAF2[AWSManagedRulesKnownBadInputsRuleSet]] the WAF web ACL does not enforce the AWS managed common and known-bad-inputs rule groups at test/acl (aws_wafv2_web_acl.acl): these groups block the common web exploits (cross-site scripting, path traversal, oversized bodies) and known exploit payloads such as Log4Shell, and AWS keeps them current; add a rule with managed_rule_group_statement vendor_name AWS for each of AWSManagedRulesCommonRuleSet and AWSManagedRulesKnownBadInputsRuleSet, with override_action none (count only records)",
    );
  });

  it("names a group in count mode, and a group of the same name from another vendor", () => {
    const stack = ruleStack("OpenedxAws-WAF2");
    webAcl(stack, {
      rule: [
        managedGroup("AWSManagedRulesCommonRuleSet", 1, [], "count"),
        managedGroup("AWSManagedRulesKnownBadInputsRuleSet", 2, [], "none", "Marketplace"),
      ],
    });
    expect(violatedRules(stack)).toEqual(["[OpenedxAws-WAF2[AWSManagedRulesCommonRuleSet]]", "[OpenedxAws-WAF2[AWSManagedRulesKnownBadInputsRuleSet]]"]);
  });

  it("reads the rules of rule_json", () => {
    const stack = ruleStack("OpenedxAws-WAF2");
    const groups = ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"].map((name, index) => ({
      Name: name,
      Priority: index,
      OverrideAction: { None: {} },
      Statement: { ManagedRuleGroupStatement: { VendorName: "AWS", Name: name } },
      VisibilityConfig: { CloudWatchMetricsEnabled: true, MetricName: name, SampledRequestsEnabled: true },
    }));
    webAcl(stack, { rule: undefined, ruleJson: JSON.stringify(groups) });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("reports a rule_json computed by an expression as a violation", () => {
    const stack = ruleStack("OpenedxAws-WAF2");
    const rules = new TerraformVariable(stack, "rules", { type: "any" });
    webAcl(stack, { rule: undefined, ruleJson: Fn.jsonencode(rules.value) });
    expect(synthFailure(stack)).toContain('[OpenedxAws-WAF2] rule threw: rule_json is the Terraform expression "${jsonencode(var.rules)}"');
  });
});

describe("OpenedxAws-WAF3: the Log4j rules of known bad inputs keep their action", () => {
  it("names each overridden Log4JRCE rule, and ignores other overrides", () => {
    const stack = ruleStack("OpenedxAws-WAF3");
    webAcl(stack, {
      rule: [
        managedGroup("AWSManagedRulesCommonRuleSet", 1, ["SizeRestrictions_BODY"]),
        managedGroup("AWSManagedRulesKnownBadInputsRuleSet", 2, ["Host_localhost_HEADER", "Log4JRCE_BODY", "Log4JRCE_HEADER"]),
      ],
    });
    expect(violatedRules(stack)).toEqual(["[OpenedxAws-WAF3[Log4JRCE_BODY]]", "[OpenedxAws-WAF3[Log4JRCE_HEADER]]"]);
    expect(violationLines(stack)[0]).toBe(
      "[OpenedxAws-WAF3[Log4JRCE_BODY]] the WAF web ACL overrides a Log4j rule of the known-bad-inputs rule group at test/acl (aws_wafv2_web_acl.acl): the Log4JRCE rules block Log4Shell remote code execution payloads, still widely scanned for; remove the rule_action_override entries naming Log4JRCE_* rules, and scope out a false positive with a scope_down_statement or a label-matching rule instead",
    );
  });

  it("names overrides written in rule_json", () => {
    const stack = ruleStack("OpenedxAws-WAF3");
    const knownBadInputs = {
      Name: "known-bad-inputs",
      Priority: 1,
      OverrideAction: { None: {} },
      Statement: {
        ManagedRuleGroupStatement: {
          VendorName: "AWS",
          Name: "AWSManagedRulesKnownBadInputsRuleSet",
          RuleActionOverrides: [{ Name: "Log4JRCE_URIPATH", ActionToUse: { Allow: {} } }],
        },
      },
      VisibilityConfig: { CloudWatchMetricsEnabled: true, MetricName: "known-bad-inputs", SampledRequestsEnabled: true },
    };
    webAcl(stack, { rule: undefined, ruleJson: JSON.stringify([knownBadInputs]) });
    expect(violatedRules(stack)).toEqual(["[OpenedxAws-WAF3[Log4JRCE_URIPATH]]"]);
  });

  it("reports an unresolvable override name as a violation", () => {
    const stack = ruleStack("OpenedxAws-WAF3");
    const excluded = new TerraformVariable(stack, "excluded", { type: "string" });
    webAcl(stack, { rule: [managedGroup("AWSManagedRulesKnownBadInputsRuleSet", 1, [excluded.stringValue])] });
    expect(synthFailure(stack)).toContain(
      '[OpenedxAws-WAF3] rule threw: rule[0].statement.managed_rule_group_statement.rule_action_override[0].name is the Terraform expression "${var.excluded}"',
    );
  });
});

describe("OpenedxAws-WAF4: a rate-based rule limits clients", () => {
  it("fails without a rate-based rule", () => {
    const stack = ruleStack("OpenedxAws-WAF4");
    webAcl(stack, { rule: HARDENED_RULES.slice(0, 2) });
    expect(violationLines(stack)).toEqual([
      "[OpenedxAws-WAF4] the WAF web ACL has no rate-based rule that limits clients at test/acl (aws_wafv2_web_acl.acl): without a rate limit one client can flood the login, registration and search endpoints and exhaust the platform; add a rule with a rate_based_statement (aggregate_key_type IP) and action block, captcha or challenge",
    ]);
  });

  it("fails when the rate-based rule only counts", () => {
    const stack = ruleStack("OpenedxAws-WAF4");
    webAcl(stack, { rule: [rateLimit(1, "count")] });
    expect(violatedRules(stack)).toEqual(["[OpenedxAws-WAF4]"]);
  });

  it("passes with a challenging rate-based rule", () => {
    const stack = ruleStack("OpenedxAws-WAF4");
    webAcl(stack, { rule: [rateLimit(1, "challenge")] });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("reports dynamic rule blocks as a violation", () => {
    const stack = ruleStack("OpenedxAws-WAF4");
    const acl = webAcl(stack, { rule: undefined });
    acl.addOverride("dynamic.rule", { for_each: "${var.rules}", content: {} });
    expect(synthFailure(stack)).toContain(
      "[OpenedxAws-WAF4] rule threw: rule is a dynamic block, whose rules are known only at plan time; write literal rule blocks, or suppress the rule with a reason",
    );
  });
});

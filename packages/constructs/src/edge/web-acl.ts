import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Wafv2WebAcl } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Wafv2WebAclLoggingConfiguration } from "@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { LOG_RETENTION_DAYS } from "../config/aws-regions";
import { ValidationError } from "../config/validation-error";
import { KmsKey } from "../encryption/kms-key";
import { EncryptedLogGroup } from "../observability/encrypted-log-group";
import { cloudFrontRegionProblems } from "./private/cloudfront-region";
import { logDeliveryPolicy } from "./private/log-delivery-policy";

/** The AWS managed rule groups of a {@link CloudFrontWebAcl}, in the order they are evaluated. */
export const CLOUDFRONT_WEB_ACL_MANAGED_RULE_GROUPS = [
  "AWSManagedRulesAmazonIpReputationList",
  "AWSManagedRulesAnonymousIpList",
  "AWSManagedRulesCommonRuleSet",
  "AWSManagedRulesKnownBadInputsRuleSet",
  "AWSManagedRulesSQLiRuleSet",
] as const;

/** The name of the rate-based rule of a {@link CloudFrontWebAcl}, evaluated after the managed groups. */
export const CLOUDFRONT_WEB_ACL_RATE_RULE = "RateLimitPerIp";

/** WAF only delivers logs to a log group whose name starts with this. */
export const WAF_LOG_GROUP_PREFIX = "aws-waf-logs-";

/** Request headers whose values WAF replaces with `REDACTED` in its logs: credentials of the learners. */
export const WAF_REDACTED_HEADERS = ["authorization", "cookie"] as const;

/** Props of a {@link CloudFrontWebAcl}. */
export interface CloudFrontWebAclProps {
  /**
   * The web ACL name, 1-100 letters, digits, `-` or `_`, e.g. `openedx-production-edge`. It also
   * names the metrics and the log group (`aws-waf-logs-<name>`).
   */
  readonly name: string;
  /**
   * The AWS provider for us-east-1, where CloudFront-scope web ACLs and their logs live (the edge
   * stack's `us_east_1` alias).
   */
  readonly provider: AwsProvider;
  /**
   * Key of the log group, in us-east-1 (created with `provider`); its key policy must let
   * CloudWatch Logs of us-east-1 (`logs.us-east-1.amazonaws.com`) use it.
   */
  readonly logsKey: KmsKey;
  /**
   * Requests one client IP may send in any five minutes before it is blocked, 100 to 2,000,000.
   * Page loads of the LMS and the MFEs fan out into tens of API and asset requests, so keep it well
   * above what one busy learner sends (or a campus behind one NAT address).
   * @default 2000
   */
  readonly requestsPerFiveMinutesPerIp?: number;
  /**
   * Block requests from hosting and cloud providers' addresses (the HostingProviderIPList rule of
   * AWSManagedRulesAnonymousIpList). Open edX receives legitimate server-to-server calls from such
   * addresses: LTI tools posting grades, payment and e-mail webhooks, the platform's own services
   * calling the public URL through NAT. By default the rule only counts (and labels) them.
   * @default false
   */
  readonly blockHostingProviderIps?: boolean;
  /**
   * Retention of the WAF log group, in days; one of the periods CloudWatch Logs accepts.
   * @default 365
   */
  readonly logRetentionDays?: number;
}

/**
 * A WAF web ACL for CloudFront (scope CLOUDFRONT, in us-east-1) in front of Open edX: allow by
 * default, then, in priority order (0-5), block what the AWS managed rule groups
 * {@link CLOUDFRONT_WEB_ACL_MANAGED_RULE_GROUPS} match and what one IP sends above a rate limit.
 *
 * - AWSManagedRulesCommonRuleSet: `SizeRestrictions_BODY` (bodies over 8 KB) only counts, because
 *   Studio uploads course files and imports course archives of many megabytes, and the LMS takes
 *   ORA2 submissions and profile images; every other rule of the set blocks.
 * - AWSManagedRulesKnownBadInputsRuleSet runs unchanged: its Log4JRCE rules are never overridden.
 * - AWSManagedRulesAnonymousIpList: `HostingProviderIPList` counts unless
 *   `blockHostingProviderIps` (see there); Tor exits and anonymising proxies are blocked.
 * - The rate-based rule counts requests per client IP over five minutes and blocks above the limit.
 *
 * Every rule and the web ACL publish CloudWatch metrics and sampled requests. Every request is
 * logged to a KMS-encrypted, retention-bound log group `aws-waf-logs-<name>` in us-east-1, with
 * the `authorization` and `cookie` headers redacted; a CloudWatch Logs resource policy scoped to
 * that log group and this account lets log delivery write to it.
 *
 * Construct ids are API (changing one replaces the resource): `Resource` (the web ACL), `LogGroup`,
 * `LogDeliveryPolicy`, `Logging`.
 *
 * @resource aws_wafv2_web_acl
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-list.html
 */
export class CloudFrontWebAcl extends Construct {
  /** The web ACL ARN, which a CloudFront distribution takes as its `web_acl_id`. @attribute */
  readonly webAclArn: string;
  /** The WAFv2 web ACL's id, which the WAF API and CLI (`get-web-acl --id`) take beside its name. @attribute */
  readonly webAclId: string;
  /** The web ACL's name (the `name` prop), as the WAF console and its metrics show it. @attribute */
  readonly webAclName: string;
  /** The WAF log group, `aws-waf-logs-<name>`, in us-east-1. @attribute */
  readonly logGroupName: string;
  /** The web ACL resource. */
  readonly resource: Wafv2WebAcl;

  constructor(scope: Construct, id: string, props: CloudFrontWebAclProps) {
    super(scope, id);
    validateProps(this, props);
    const limit = props.requestsPerFiveMinutesPerIp ?? 2000;
    const logGroupName = `${WAF_LOG_GROUP_PREFIX}${props.name}`;

    this.resource = new Wafv2WebAcl(this, "Resource", {
      name: props.name,
      description: "Open edX at the edge: AWS managed rule groups and a per-IP rate limit",
      scope: "CLOUDFRONT",
      defaultAction: { allow: {} },
      rule: [
        managedGroupRule(0, "AWSManagedRulesAmazonIpReputationList"),
        managedGroupRule(1, "AWSManagedRulesAnonymousIpList", props.blockHostingProviderIps ? [] : ["HostingProviderIPList"]),
        managedGroupRule(2, "AWSManagedRulesCommonRuleSet", ["SizeRestrictions_BODY"]),
        managedGroupRule(3, "AWSManagedRulesKnownBadInputsRuleSet"),
        managedGroupRule(4, "AWSManagedRulesSQLiRuleSet"),
        {
          name: CLOUDFRONT_WEB_ACL_RATE_RULE,
          priority: 5,
          action: { block: {} },
          statement: { rate_based_statement: { limit, aggregate_key_type: "IP", evaluation_window_sec: 300 } } satisfies WafStatement,
          visibilityConfig: visibility(CLOUDFRONT_WEB_ACL_RATE_RULE),
        },
      ],
      visibilityConfig: visibility(props.name),
      provider: props.provider,
    });

    const logGroup = new EncryptedLogGroup(this, "LogGroup", {
      name: logGroupName,
      key: props.logsKey,
      retentionDays: props.logRetentionDays ?? 365,
      provider: props.provider,
    });
    const deliveryPolicy = logDeliveryPolicy(this, "LogDeliveryPolicy", {
      policyName: `${logGroupName}-delivery`,
      logGroupName,
      provider: props.provider,
    });
    new Wafv2WebAclLoggingConfiguration(this, "Logging", {
      resourceArn: this.resource.arn,
      logDestinationConfigs: [logGroup.logGroupArn],
      redactedFields: WAF_REDACTED_HEADERS.map((name) => ({ singleHeader: { name } })),
      provider: props.provider,
      dependsOn: [deliveryPolicy],
    });

    this.webAclArn = this.resource.arn;
    this.webAclId = this.resource.id;
    this.webAclName = this.resource.name;
    this.logGroupName = logGroup.logGroupName;
  }
}

/**
 * The statements this construct writes, in Terraform's block names: the provider types `statement`
 * as `any` because WAF statements nest without bound.
 */
type WafStatement =
  | {
      readonly managed_rule_group_statement: {
        readonly name: string;
        readonly vendor_name: "AWS";
        readonly rule_action_override?: readonly { readonly name: string; readonly action_to_use: { readonly count: Record<string, never> } }[];
      };
    }
  | { readonly rate_based_statement: { readonly limit: number; readonly aggregate_key_type: "IP"; readonly evaluation_window_sec: number } };

/** A rule running an AWS managed group with the group's own actions, except `countedRules`, which only count. */
function managedGroupRule(priority: number, group: (typeof CLOUDFRONT_WEB_ACL_MANAGED_RULE_GROUPS)[number], countedRules: readonly string[] = []) {
  const statement: WafStatement = {
    managed_rule_group_statement: {
      name: group,
      vendor_name: "AWS",
      ...(countedRules.length > 0 ? { rule_action_override: countedRules.map((name) => ({ name, action_to_use: { count: {} } })) } : {}),
    },
  };
  return { name: group, priority, overrideAction: { none: {} }, statement, visibilityConfig: visibility(group) };
}

function visibility(metricName: string) {
  return { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName };
}

// The log group name (`aws-waf-logs-<name>`) and the resource policy (`<log group>-delivery`) must
// stay within their limits, so the name is kept to 100 of WAF's 128 characters.
const WEB_ACL_NAME = /^[A-Za-z0-9_-]{1,100}$/;

function validateProps(scope: Construct, props: CloudFrontWebAclProps): void {
  const problems: string[] = [];
  if (!Token.isUnresolved(props.name) && !WEB_ACL_NAME.test(props.name)) {
    problems.push(`name must be 1-100 letters, digits, "-" or "_", got "${props.name}"`);
  }
  const limit = props.requestsPerFiveMinutesPerIp;
  if (limit !== undefined && !Token.isUnresolved(limit) && (!Number.isInteger(limit) || limit < 100 || limit > 2_000_000)) {
    problems.push(`requestsPerFiveMinutesPerIp must be a whole number of requests from 100 to 2,000,000, got ${limit}`);
  }
  const retention = props.logRetentionDays;
  if (retention !== undefined && !Token.isUnresolved(retention) && !(LOG_RETENTION_DAYS as readonly number[]).includes(retention)) {
    problems.push(`logRetentionDays must be a CloudWatch Logs retention period (${LOG_RETENTION_DAYS.join(", ")}), got ${retention}`);
  }
  problems.push(...cloudFrontRegionProblems(props.provider, props.logsKey));
  if (problems.length > 0) {
    throw new ValidationError(problems.join("; "), scope);
  }
}

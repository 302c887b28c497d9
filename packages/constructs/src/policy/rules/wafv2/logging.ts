import { RuleCheck, SynthesizedStackView } from "../../policy-pack";
import { resourcesReferencing } from "../private/references";
import { isExpression, stringListAt } from "../private/terraform-values";

/** WAF delivers logs only to a log group, bucket or Firehose stream whose name starts with this. */
export const WAF_LOG_DESTINATION_PREFIX = "aws-waf-logs-";

/** The finding when no logging configuration of this stack names the web ACL. */
export const WAF_NO_LOGGING_FINDING = "logging configuration";

// Where a destination resource keeps its literal name.
const NAME_KEYS: Readonly<Record<string, string>> = {
  aws_cloudwatch_log_group: "name",
  aws_s3_bucket: "bucket",
  aws_kinesis_firehose_delivery_stream: "name",
};

/**
 * An `aws_wafv2_web_acl` has an `aws_wafv2_web_acl_logging_configuration` whose `resource_arn` is
 * `${aws_wafv2_web_acl.<name>.arn}` (finding `logging configuration` when none), and every
 * destination whose name can be read starts with `aws-waf-logs-`, which WAF requires (finding
 * `destination <name>`). A name is read from a literal ARN, or from the literal name of the log
 * group, bucket or Firehose stream of this stack whose `arn` the destination references.
 */
export const wafv2WebAclLogging: RuleCheck = (resource, stack) => {
  if (resource.type !== "aws_wafv2_web_acl") {
    return "not-applicable";
  }
  const configurations = resourcesReferencing(stack, "aws_wafv2_web_acl_logging_configuration", "resource_arn", resource, ["arn"]);
  if (configurations.length === 0) {
    return [WAF_NO_LOGGING_FINDING];
  }
  return configurations.flatMap((configuration) =>
    (stringListAt(configuration.config.log_destination_configs, `log_destination_configs of ${configuration.address}`) ?? [])
      .map((destination) => destinationName(destination, stack))
      .filter((name): name is string => name !== undefined && !name.startsWith(WAF_LOG_DESTINATION_PREFIX))
      .map((name) => `destination ${name}`),
  );
};

function destinationName(destination: string, stack: SynthesizedStackView): string | undefined {
  if (!isExpression(destination)) {
    return nameInArn(destination);
  }
  for (const [type, key] of Object.entries(NAME_KEYS)) {
    const target = stack.resourcesOfType(type).find((candidate) => stack.referenceTo(candidate, "arn") === destination);
    if (target) {
      const name = target.config[key];
      return typeof name === "string" && !isExpression(name) ? name : undefined;
    }
  }
  return undefined;
}

// arn:aws:logs:<region>:<account>:log-group:<name>[:*], arn:aws:s3:::<bucket>, arn:aws:firehose:...:deliverystream/<name>
function nameInArn(arn: string): string | undefined {
  return (/:log-group:([^:]+)/.exec(arn) ?? /^arn:[^:]+:s3:::([^/]+)/.exec(arn) ?? /:deliverystream\/(.+)$/.exec(arn))?.[1];
}

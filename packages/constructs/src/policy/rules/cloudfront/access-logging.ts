import { RuleCheck, SynthesizedResource, SynthesizedStackView } from "../../policy-pack";
import { NamedBy, names } from "../private/named-resources";
import { resourcesReferencing } from "../private/references";
import { blockAt, isSet } from "../private/terraform-values";

const DELIVERY_SOURCE: NamedBy = { type: "aws_cloudwatch_log_delivery_source", attributes: ["name"], nameKey: "name" };

/**
 * An `aws_cloudfront_distribution` logs its requests, through either:
 * - legacy standard logging: a `logging_config` with a `bucket`; or
 * - CloudWatch vended logs: an `aws_cloudwatch_log_delivery_source` of this stack whose
 *   `resource_arn` is `${aws_cloudfront_distribution.<name>.arn}`, used by an
 *   `aws_cloudwatch_log_delivery` (`delivery_source_name` a reference to the source's name, or its
 *   literal name). A source nothing delivers logs nowhere, so it alone is non-compliant.
 */
export const cloudfrontAccessLogging: RuleCheck = (resource, stack) => {
  if (resource.type !== "aws_cloudfront_distribution") {
    return "not-applicable";
  }
  const logging = blockAt(resource.config.logging_config, "logging_config");
  if (logging && isSet(logging.bucket)) {
    return "compliant";
  }
  const sources = resourcesReferencing(stack, DELIVERY_SOURCE.type, "resource_arn", resource, ["arn"]);
  return sources.some((source) => isDelivered(source, stack)) ? "compliant" : "non-compliant";
};

function isDelivered(source: SynthesizedResource, stack: SynthesizedStackView): boolean {
  return stack.resourcesOfType("aws_cloudwatch_log_delivery").some((delivery) => names(delivery.config.delivery_source_name, source, DELIVERY_SOURCE, stack));
}

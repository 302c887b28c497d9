import { RuleCheck } from "../../policy-pack";
import { blocksAt, booleanAt, stringAt } from "../private/terraform-values";

/** The OpenSearch logs every domain publishes to CloudWatch Logs. */
export const OPENSEARCH_LOG_TYPES = ["ES_APPLICATION_LOGS", "AUDIT_LOGS", "INDEX_SLOW_LOGS", "SEARCH_SLOW_LOGS"] as const;

/**
 * An `aws_opensearch_domain` publishes its application, audit and slow logs
 * (`log_publishing_options` blocks not disabled); one finding per missing type, e.g. `AUDIT_LOGS`.
 */
export const opensearchLogPublishing: RuleCheck = (resource) => {
  if (resource.type !== "aws_opensearch_domain") {
    return "not-applicable";
  }
  const published = blocksAt(resource.config.log_publishing_options, "log_publishing_options")
    .map((block, index) => ({ block, where: `log_publishing_options[${index}]` }))
    .filter(({ block, where }) => booleanAt(block.enabled, `${where}.enabled`) !== false)
    .map(({ block, where }) => stringAt(block.log_type, `${where}.log_type`));
  return OPENSEARCH_LOG_TYPES.filter((type) => !published.includes(type));
};

import { RuleCheck } from "../../policy-pack";
import { blocksAt, stringAt } from "../private/terraform-values";

/** The log types Redis OSS and Valkey deliver, each of which must be delivered. */
export const ELASTICACHE_LOG_TYPES = ["engine-log", "slow-log"] as const;

/**
 * An `aws_elasticache_replication_group` delivers its engine and slow logs
 * (`log_delivery_configuration` blocks); one finding per missing type, e.g. `slow-log`.
 */
export const elasticacheLogDelivery: RuleCheck = (resource) => {
  if (resource.type !== "aws_elasticache_replication_group") {
    return "not-applicable";
  }
  const delivered = blocksAt(resource.config.log_delivery_configuration, "log_delivery_configuration").map((block, index) =>
    stringAt(block.log_type, `log_delivery_configuration[${index}].log_type`),
  );
  return ELASTICACHE_LOG_TYPES.filter((type) => !delivered.includes(type));
};

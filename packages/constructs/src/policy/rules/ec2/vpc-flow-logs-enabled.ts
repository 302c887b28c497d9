import { RuleCheck } from "../../policy-pack";
import { resourcesReferencing } from "../private/references";
import { isExpression, stringAt, UnresolvableValueError } from "../private/terraform-values";

/** Every `aws_vpc` has an `aws_flow_log` on it (`vpc_id` = `${aws_vpc.<name>.id}`) that logs ALL traffic. */
export const vpcFlowLogsEnabled: RuleCheck = (resource, stack) => {
  if (resource.type !== "aws_vpc") {
    return "not-applicable";
  }
  let unresolved: UnresolvableValueError | undefined;
  for (const flowLog of resourcesReferencing(stack, "aws_flow_log", "vpc_id", resource, ["id"])) {
    const trafficType = flowLog.config.traffic_type;
    const where = `traffic_type of ${flowLog.address}`;
    if (isExpression(trafficType)) {
      unresolved ??= new UnresolvableValueError(where, trafficType);
    } else if (stringAt(trafficType, where) === "ALL") {
      return "compliant";
    }
  }
  if (unresolved) {
    throw unresolved;
  }
  return "non-compliant";
};

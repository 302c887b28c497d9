import { TerraformStack } from "cdktf";
import { OPENEDX_AWS_PRODUCTION_PACK } from "../../../src/policy/packs/openedx-aws-production-pack";
import { policyStack, violationLines } from "../fixtures";

/** The `[<rule id>[<finding>]]` part of each violation line of a failed synth, e.g. `[OpenedxAws-RDS1[kms_key_id]]`. */
export function violatedRules(stack: TerraformStack): readonly string[] {
  return violationLines(stack).map((line) => line.slice(0, line.indexOf("] ") + 1));
}

/** A stack checked by one rule of the OpenedxAwsProduction pack only. */
export function productionRuleStack(ruleId: string): TerraformStack {
  const rules = OPENEDX_AWS_PRODUCTION_PACK.rules.filter((rule) => rule.id === ruleId);
  if (rules.length !== 1) {
    throw new Error(`unknown rule id ${ruleId}`);
  }
  return policyStack([{ name: OPENEDX_AWS_PRODUCTION_PACK.name, rules }]);
}

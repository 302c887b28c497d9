import { SynthesizedResource } from "../../../policy-pack";
import { blockAt, blocksAt, numberAt, stringAt, TerraformBlock } from "../../private/terraform-values";

/** One `rule` block of an `aws_backup_plan`. */
export interface BackupPlanRule {
  /** The rule's `rule_name`, or `rule[<index>]` when it has none; rules cite it as their finding. */
  readonly name: string;
  /** Where the block sits, for error messages, e.g. `rule[0]`. */
  readonly where: string;
  readonly block: TerraformBlock;
}

/** The `rule` blocks of an `aws_backup_plan`, in order. */
export function backupPlanRules(plan: SynthesizedResource): readonly BackupPlanRule[] {
  return blocksAt(plan.config.rule, "rule").map((block, index) => {
    const where = `rule[${index}]`;
    return { name: stringAt(block.rule_name, `${where}.rule_name`) ?? where, where, block };
  });
}

/** The days after which a plan rule deletes its recovery points; undefined means never. */
export function deleteAfterDays(rule: BackupPlanRule): number | undefined {
  const lifecycle = blockAt(rule.block.lifecycle, `${rule.where}.lifecycle`);
  return numberAt(lifecycle?.delete_after, `${rule.where}.lifecycle.delete_after`);
}

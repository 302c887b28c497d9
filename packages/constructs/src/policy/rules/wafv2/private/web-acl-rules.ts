import { SynthesizedResource } from "../../../policy-pack";
import { blockAt, blocksAt, isExpression, stringAt, TerraformBlock, UnresolvableValueError } from "../../private/terraform-values";

/** A managed rule group a web ACL rule uses. */
export interface ManagedRuleGroupUse {
  readonly vendorName?: string;
  readonly name?: string;
  /** The rules of the group whose action the web ACL overrides (`rule_action_override`). */
  readonly overriddenRules: readonly string[];
}

/** What the policy rules need to know of one rule of a web ACL, read from `rule` blocks or `rule_json`. */
export interface WebAclRule {
  /** The rule's literal name, or where it sits (`rule[0]`) when the name is an expression. */
  readonly label: string;
  /** The kinds of `action` set, lower case: `allow`, `block`, `count`, `captcha`, `challenge`. */
  readonly actions: readonly string[];
  /** The kinds of `override_action` set, lower case: `none` or `count`. */
  readonly overrideActions: readonly string[];
  readonly managedRuleGroup?: ManagedRuleGroupUse;
  /** Whether the rule's statement is a rate-based statement. */
  readonly rateBased: boolean;
}

/**
 * The rules of an `aws_wafv2_web_acl`: its literal `rule` blocks, then those of `rule_json` (the
 * AWS API's JSON form). Dynamic `rule` blocks and a `rule_json` that is an expression throw: their
 * rules are known only at plan time.
 */
export function webAclRules(resource: SynthesizedResource): readonly WebAclRule[] {
  const dynamicBlocks = resource.config.dynamic;
  if (typeof dynamicBlocks === "object" && dynamicBlocks !== null && "rule" in dynamicBlocks) {
    throw new Error("rule is a dynamic block, whose rules are known only at plan time; write literal rule blocks, or suppress the rule with a reason");
  }
  return [...blocksAt(resource.config.rule, "rule").map(fromBlock), ...fromRuleJson(resource.config.rule_json)];
}

/** Whether `rule` uses the AWS managed rule group `name` (vendor `AWS`). */
export function usesAwsManagedGroup(rule: WebAclRule, name: string): boolean {
  return rule.managedRuleGroup?.vendorName === "AWS" && rule.managedRuleGroup.name === name;
}

function fromBlock(block: TerraformBlock, index: number): WebAclRule {
  const where = `rule[${index}]`;
  const statement = blockAt(block.statement, `${where}.statement`) ?? {};
  const groupWhere = `${where}.statement.managed_rule_group_statement`;
  const group = blockAt(statement.managed_rule_group_statement, groupWhere);
  return {
    label: literalOr(block.name, where),
    actions: kindsOf(blockAt(block.action, `${where}.action`)),
    overrideActions: kindsOf(blockAt(block.override_action, `${where}.override_action`)),
    managedRuleGroup: group && {
      vendorName: stringAt(group.vendor_name, `${groupWhere}.vendor_name`),
      name: stringAt(group.name, `${groupWhere}.name`),
      overriddenRules: blocksAt(group.rule_action_override, `${groupWhere}.rule_action_override`).flatMap((override, overrideIndex) => {
        const name = stringAt(override.name, `${groupWhere}.rule_action_override[${overrideIndex}].name`);
        return name === undefined ? [] : [name];
      }),
    },
    rateBased: isBlock(statement.rate_based_statement),
  };
}

function fromRuleJson(value: unknown): readonly WebAclRule[] {
  if (value === undefined || value === null || value === "") {
    return [];
  }
  if (typeof value !== "string") {
    throw new Error(`rule_json must be a string of JSON, got ${JSON.stringify(value)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    // Interpolations inside JSON strings still parse; only an expression producing the whole text does not.
    if (isExpression(value)) {
      throw new UnresolvableValueError("rule_json", value);
    }
    throw new Error("rule_json is not valid JSON");
  }
  if (!Array.isArray(parsed)) {
    throw new Error("rule_json must be a JSON array of rules");
  }
  return parsed.map((item: unknown, index) => {
    const rule = objectOr(item);
    const statement = objectOr(rule.Statement);
    const group = statement.ManagedRuleGroupStatement;
    return {
      label: literalOr(rule.Name, `rule_json[${index}]`),
      actions: kindsOf(objectOr(rule.Action)),
      overrideActions: kindsOf(objectOr(rule.OverrideAction)),
      managedRuleGroup: isBlock(group)
        ? {
            vendorName: optionalString(objectOr(group).VendorName),
            name: optionalString(objectOr(group).Name),
            overriddenRules: listOf(objectOr(group).RuleActionOverrides).flatMap((override) => {
              const name = optionalString(objectOr(override).Name);
              return name === undefined ? [] : [name];
            }),
          }
        : undefined,
      rateBased: isBlock(statement.RateBasedStatement),
    };
  });
}

// An action block holds one child block naming its kind: `{ "block": {} }` or `{ "Block": {} }`.
function kindsOf(action: TerraformBlock | undefined): readonly string[] {
  return Object.entries(action ?? {})
    .filter(([, setting]) => setting !== undefined && setting !== null)
    .map(([kind]) => kind.toLowerCase());
}

function literalOr(value: unknown, fallback: string): string {
  return typeof value === "string" && value !== "" && !isExpression(value) ? value : fallback;
}

function isBlock(value: unknown): boolean {
  return typeof value === "object" && value !== null && !(Array.isArray(value) && value.length === 0);
}

function objectOr(value: unknown): TerraformBlock {
  const item: unknown = Array.isArray(value) ? value[0] : value;
  return typeof item === "object" && item !== null && !Array.isArray(item) ? (item as TerraformBlock) : {};
}

function listOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function optionalString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

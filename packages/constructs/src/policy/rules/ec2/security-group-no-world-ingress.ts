import { RuleCheck, SynthesizedResource, SynthesizedStackView } from "../../policy-pack";
import { dereference } from "../private/references";
import { blocksAt, isExpression, stringAt, stringListAt, TerraformBlock, UnresolvableValueError } from "../private/terraform-values";

/**
 * No ingress from the whole internet (any `/0` CIDR, i.e. `0.0.0.0/0` or `::/0`) in
 * `aws_security_group` inline `ingress` blocks, `aws_security_group_rule` of type `ingress`, or
 * `aws_vpc_security_group_ingress_rule`. One finding per protocol, port range and CIDR, e.g.
 * `tcp/443 from 0.0.0.0/0` or `all traffic from ::/0`.
 */
export const securityGroupNoWorldIngress: RuleCheck = (resource, stack) => {
  switch (resource.type) {
    case "aws_security_group":
      return inlineIngressFindings(resource, stack);
    case "aws_security_group_rule":
      if (stringAt(resource.config.type, "type") !== "ingress") {
        return "not-applicable";
      }
      return worldFindings(resource.config, ["cidr_blocks", "ipv6_cidr_blocks"], "protocol", "", stack);
    case "aws_vpc_security_group_ingress_rule":
      return worldFindings(resource.config, ["cidr_ipv4", "cidr_ipv6"], "ip_protocol", "", stack);
    default:
      return "not-applicable";
  }
};

function inlineIngressFindings(resource: SynthesizedResource, stack: SynthesizedStackView): readonly string[] {
  const dynamicBlocks = resource.config.dynamic;
  if (typeof dynamicBlocks === "object" && dynamicBlocks !== null && "ingress" in dynamicBlocks) {
    throw new Error(
      "ingress is a dynamic block, whose rules are known only at apply time; write literal ingress blocks or aws_vpc_security_group_ingress_rule resources, or suppress the rule with a reason",
    );
  }
  return blocksAt(resource.config.ingress, "ingress").flatMap((block, index) =>
    worldFindings(block, ["cidr_blocks", "ipv6_cidr_blocks"], "protocol", `ingress[${index}].`, stack),
  );
}

function worldFindings(
  rule: TerraformBlock,
  cidrKeys: readonly string[],
  protocolKey: string,
  where: string,
  stack: SynthesizedStackView,
): readonly string[] {
  const worldCidrs = cidrKeys.flatMap((key) => cidrsAt(rule[key], `${where}${key}`, stack)).filter((cidr) => cidr.endsWith("/0"));
  return worldCidrs.map((cidr) => `${trafficOf(rule, protocolKey)} from ${cidr}`);
}

// A CIDR attribute is a list (cidr_blocks) or a single string (cidr_ipv4), depending on the resource.
function cidrsAt(value: unknown, where: string, stack: SynthesizedStackView): readonly string[] {
  const cidrs = typeof value === "string" ? [value] : (stringListAt(value, where) ?? []);
  return cidrs.map((cidr, index) => {
    const literal = dereference(cidr, stack);
    if (isExpression(literal)) {
      throw new UnresolvableValueError(typeof value === "string" ? where : `${where}[${index}]`, literal);
    }
    return String(literal);
  });
}

function trafficOf(rule: TerraformBlock, protocolKey: string): string {
  const protocol = String(rule[protocolKey] ?? "all").toLowerCase();
  if (protocol === "-1" || protocol === "all") {
    return "all traffic";
  }
  return `${protocol}/${portsOf(rule.from_port, rule.to_port)}`;
}

function portsOf(from: unknown, to: unknown): string {
  if (from === undefined || from === null) {
    return "all";
  }
  return to === undefined || to === null || to === from ? String(from) : `${String(from)}-${String(to)}`;
}

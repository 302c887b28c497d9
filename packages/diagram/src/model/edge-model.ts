import type { EdgeNodes } from "../architecture-model";
import { blockId, blocksOfType, compare, EnvironmentStacks, referencedBlocks, StackBlock } from "../synthesized-stacks";
import { plainNode, providerRegion, records, text, texts } from "./attribute-values";

/** Route 53 zones, CloudFront distributions, WAF web ACLs and ACM certificates. */
export function readEdge(stacks: EnvironmentStacks): EdgeNodes {
  const distributions = blocksOfType(stacks, "aws_cloudfront_distribution").map((distribution) => ({
    id: blockId(distribution),
    name: text(distribution.body.comment) ?? distribution.name,
    aliases: texts(distribution.body.aliases),
    originDomains: records(distribution.body.origin).map((origin) => text(origin.domain_name) ?? "?"),
  }));
  const aliasRecords = blocksOfType(stacks, "aws_route53_record").filter((entry) => entry.body.alias !== undefined);
  const zones = blocksOfType(stacks, "aws_route53_zone").map((zone) => {
    const inZone = aliasRecords.filter((entry) => referencedBlocks(stacks, entry.stack, entry.body.zone_id).some((target) => blockId(target) === blockId(zone)));
    const names = new Set(inZone.map((entry) => text(entry.body.name) ?? entry.name));
    const types = [...new Set(inZone.map((entry) => text(entry.body.type) ?? "?"))].sort(compare);
    return plainNode(zone, text(zone.body.name) ?? zone.name, [`${inZone.length} alias records (${types.join("/")}) for ${names.size} names`]);
  });
  const webAcls = blocksOfType(stacks, "aws_wafv2_web_acl").map((acl) => {
    const rules = records(acl.body.rule).map((rule) => text(rule.name) ?? "?");
    const managed = rules.filter((rule) => rule.startsWith("AWSManagedRules")).length;
    const scope = `${text(acl.body.scope) ?? "REGIONAL"} scope in ${providerRegion(stacks, acl.stack, text(acl.body.provider))}`;
    return plainNode(acl, text(acl.body.name) ?? acl.name, [scope, `${managed} AWS managed rule groups`, ...rules.filter((rule) => !rule.startsWith("AWSManagedRules"))]);
  });
  const certificates = blocksOfType(stacks, "aws_acm_certificate").map((certificate) => ({
    certificate,
    node: plainNode(certificate, text(certificate.body.domain_name) ?? certificate.name, texts(certificate.body.subject_alternative_names)),
  }));
  const isGlobal = (block: StackBlock) => providerRegion(stacks, block.stack, text(block.body.provider)) === "us-east-1";
  return {
    zones,
    distributions,
    webAcls,
    globalCertificates: certificates.filter(({ certificate }) => isGlobal(certificate)).map(({ node }) => node),
    regionalCertificates: certificates.filter(({ certificate }) => !isGlobal(certificate)).map(({ node }) => node),
  };
}

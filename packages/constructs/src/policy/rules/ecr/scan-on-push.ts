import { RuleCheck, SynthesizedResource, SynthesizedStackView } from "../../policy-pack";
import { blockAt, blocksAt, booleanAt, isExpression, stringAt } from "../private/terraform-values";

// Frequencies that scan every pushed image; MANUAL scans only on request.
const PUSH_SCANNING_FREQUENCIES: readonly string[] = ["SCAN_ON_PUSH", "CONTINUOUS_SCAN"];

/**
 * An `aws_ecr_repository` scans images when they are pushed: `image_scanning_configuration.scan_on_push`
 * true, or an `aws_ecr_registry_scanning_configuration` of this stack with a rule of frequency
 * `SCAN_ON_PUSH` or `CONTINUOUS_SCAN` whose wildcard `repository_filter` matches the repository's
 * literal name (a name known only at apply time matches only the filter `*`).
 */
export const ecrScanOnPush: RuleCheck = (resource, stack) => {
  if (resource.type !== "aws_ecr_repository") {
    return "not-applicable";
  }
  const scanning = blockAt(resource.config.image_scanning_configuration, "image_scanning_configuration");
  if (scanning && booleanAt(scanning.scan_on_push, "image_scanning_configuration.scan_on_push") === true) {
    return "compliant";
  }
  return scannedByRegistry(resource, stack) ? "compliant" : "non-compliant";
};

function scannedByRegistry(repository: SynthesizedResource, stack: SynthesizedStackView): boolean {
  const name = repository.config.name;
  const literalName = typeof name === "string" && !isExpression(name) ? name : undefined;
  return stack.resourcesOfType("aws_ecr_registry_scanning_configuration").some((registry) =>
    blocksAt(registry.config.rule, `rule of ${registry.address}`).some((rule, index) => {
      const where = `rule[${index}] of ${registry.address}`;
      if (!PUSH_SCANNING_FREQUENCIES.includes(stringAt(rule.scan_frequency, `${where}.scan_frequency`) ?? "")) {
        return false;
      }
      return blocksAt(rule.repository_filter, `${where}.repository_filter`).some((filter, filterIndex) => {
        const pattern = stringAt(filter.filter, `${where}.repository_filter[${filterIndex}].filter`) ?? "";
        return pattern === "*" || (literalName !== undefined && wildcardMatches(pattern, literalName));
      });
    }),
  );
}

// ECR wildcard filters: `*` matches any run of characters, everything else is literal.
function wildcardMatches(pattern: string, name: string): boolean {
  const expression = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${expression}$`).test(name);
}

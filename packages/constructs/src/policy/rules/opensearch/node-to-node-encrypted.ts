import { RuleCheck } from "../../policy-pack";
import { blockAt, booleanAt } from "../private/terraform-values";

/** An `aws_opensearch_domain` encrypts traffic between its nodes (`node_to_node_encryption.enabled` true). */
export const opensearchNodeToNodeEncrypted: RuleCheck = (resource) => {
  if (resource.type !== "aws_opensearch_domain") {
    return "not-applicable";
  }
  const block = blockAt(resource.config.node_to_node_encryption, "node_to_node_encryption");
  return booleanAt(block?.enabled, "node_to_node_encryption.enabled") === true ? "compliant" : "non-compliant";
};

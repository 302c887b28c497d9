import { RuleCheck } from "../../policy-pack";
import { blockAt, blocksAt, isSet, literalStringListAt } from "../private/terraform-values";

/** An `aws_eks_cluster` has an `encryption_config` for `secrets` with a KMS key (`provider.key_arn`). */
export const eksClusterSecretsEncrypted: RuleCheck = (resource) => {
  if (resource.type !== "aws_eks_cluster") {
    return "not-applicable";
  }
  const encrypted = blocksAt(resource.config.encryption_config, "encryption_config").some((config, index) => {
    const where = `encryption_config[${index}]`;
    const resources = literalStringListAt(config.resources, `${where}.resources`) ?? [];
    return resources.includes("secrets") && isSet(blockAt(config.provider, `${where}.provider`)?.key_arn);
  });
  return encrypted ? "compliant" : "non-compliant";
};

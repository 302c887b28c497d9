import { RuleCheck } from "../../policy-pack";
import { blockAt, blocksAt, isSet, stringAt } from "../private/terraform-values";
import { companionsOf } from "./private/bucket-companions";

const KMS_ALGORITHMS: readonly string[] = ["aws:kms", "aws:kms:dsse"];

/**
 * An `aws_s3_bucket` has an `aws_s3_bucket_server_side_encryption_configuration` whose default
 * encryption is `aws:kms` or `aws:kms:dsse` with a `kms_master_key_id`. Findings name what is
 * wrong: `sse_algorithm` (not a KMS algorithm) and/or `kms_master_key_id` (no key).
 */
export const s3BucketKmsEncrypted: RuleCheck = (resource, stack) => {
  if (resource.type !== "aws_s3_bucket") {
    return "not-applicable";
  }
  const configurations = companionsOf(resource, "aws_s3_bucket_server_side_encryption_configuration", stack);
  if (configurations.length === 0) {
    return "non-compliant";
  }
  const findings = configurations.flatMap((configuration) =>
    blocksAt(configuration.config.rule, `rule of ${configuration.address}`).map((rule, index) => {
      const where = `rule[${index}].apply_server_side_encryption_by_default`;
      const defaults = blockAt(rule.apply_server_side_encryption_by_default, `${where} of ${configuration.address}`) ?? {};
      const algorithm = stringAt(defaults.sse_algorithm, `${where}.sse_algorithm of ${configuration.address}`);
      return [
        ...(algorithm !== undefined && KMS_ALGORITHMS.includes(algorithm) ? [] : ["sse_algorithm"]),
        ...(isSet(defaults.kms_master_key_id) ? [] : ["kms_master_key_id"]),
      ];
    }),
  );
  if (findings.length === 0) {
    return ["sse_algorithm", "kms_master_key_id"];
  }
  return findings.reduce((fewest, current) => (current.length < fewest.length ? current : fewest));
};

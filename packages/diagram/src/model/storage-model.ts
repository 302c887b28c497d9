import type { BackupNodes, PlainNode } from "../architecture-model";
import { blockId, blocksOfType, compare, EnvironmentStacks, referencedBlocks, StackBlock } from "../synthesized-stacks";
import { plainNode, record, records, text } from "./attribute-values";

/** The S3 buckets with their encryption, versioning and lifecycle. */
export function readBuckets(stacks: EnvironmentStacks): PlainNode[] {
  const configuring = (type: string, bucket: StackBlock) =>
    blocksOfType(stacks, type).filter((configuration) => referencedBlocks(stacks, configuration.stack, configuration.body.bucket).some((target) => blockId(target) === blockId(bucket)));
  return blocksOfType(stacks, "aws_s3_bucket").map((bucket) => {
    const algorithms = configuring("aws_s3_bucket_server_side_encryption_configuration", bucket).flatMap((configuration) =>
      records(configuration.body.rule).map((rule) => text(record(rule.apply_server_side_encryption_by_default).sse_algorithm)),
    );
    const encryption = algorithms.includes("aws:kms") || algorithms.includes("aws:kms:dsse") ? "SSE-KMS" : algorithms.includes("AES256") ? "SSE-S3" : "default encryption";
    const versioned = configuring("aws_s3_bucket_versioning", bucket).some((configuration) => text(record(configuration.body.versioning_configuration).status) === "Enabled");
    const lifecycle = configuring("aws_s3_bucket_lifecycle_configuration", bucket).length > 0;
    return plainNode(bucket, text(bucket.body.bucket) ?? bucket.name, [[encryption, versioned ? "versioned" : "unversioned", ...(lifecycle ? ["lifecycle rules"] : [])].join(", ")]);
  });
}

/** The AWS Backup vault, its plans and the tags that select resources, if there is a vault. */
export function readBackup(stacks: EnvironmentStacks): BackupNodes | undefined {
  const vault = blocksOfType(stacks, "aws_backup_vault")[0];
  if (!vault) return undefined;
  const locked = blocksOfType(stacks, "aws_backup_vault_lock_configuration").length > 0;
  const plans = blocksOfType(stacks, "aws_backup_plan").map((plan) =>
    plainNode(
      plan,
      `plan ${text(plan.body.name) ?? plan.name}`,
      records(plan.body.rule).map((rule) => `${text(rule.rule_name) ?? "?"}: keep ${text(record(rule.lifecycle).delete_after) ?? "?"} days${rule.enable_continuous_backup === true ? ", point-in-time" : ""}`),
    ),
  );
  const selectionTags = blocksOfType(stacks, "aws_backup_selection")
    .flatMap((selection) => records(selection.body.selection_tag).map((tag) => `${text(tag.key)}=${text(tag.value)}`))
    .sort(compare);
  return {
    vault: plainNode(vault, text(vault.body.name) ?? vault.name, [locked ? "vault lock" : "no vault lock", "KMS backup key"]),
    plans,
    selectionTags,
  };
}

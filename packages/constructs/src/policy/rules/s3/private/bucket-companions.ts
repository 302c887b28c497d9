import { SynthesizedResource, SynthesizedStackView } from "../../../policy-pack";
import { refersTo } from "../../private/references";
import { isExpression } from "../../private/terraform-values";

/**
 * The resources of `type` (e.g. `aws_s3_bucket_versioning`) that configure `bucket`: their `bucket`
 * is `${aws_s3_bucket.<name>.id}`, `${aws_s3_bucket.<name>.bucket}`, or the bucket's literal name.
 */
export function companionsOf(bucket: SynthesizedResource, type: string, stack: SynthesizedStackView): readonly SynthesizedResource[] {
  const name = bucket.config.bucket;
  const literalName = typeof name === "string" && name !== "" && !isExpression(name) ? name : undefined;
  return stack
    .resourcesOfType(type)
    .filter((companion) => refersTo(companion.config.bucket, bucket, ["id", "bucket"], stack) || (literalName !== undefined && companion.config.bucket === literalName));
}

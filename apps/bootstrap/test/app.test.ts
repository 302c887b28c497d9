import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { synthesizeApp } from "../../../packages/harness/src/synth-app";

describe("the bootstrap app", () => {
  const synthesis = synthesizeApp(join(__dirname, ".."));

  it("creates one state bucket stack per account and region of the environments", () => {
    expect(synthesis.stderr).toBe("");
    expect(synthesis.stackNames).toEqual(["bootstrap-111122223333-eu-west-1", "bootstrap-444455556666-eu-west-1"]);
  });

  it("keeps its own state in a local backend next to cdktf.out, not in the bucket it creates", () => {
    expect(synthesis.stack("bootstrap-111122223333-eu-west-1").terraform.backend).toEqual({
      local: { path: "../../../terraform.bootstrap-111122223333-eu-west-1.tfstate" },
    });
  });

  it("names the bucket the environments' S3 backends use", () => {
    const buckets = Object.values(synthesis.stack("bootstrap-444455556666-eu-west-1").resource?.aws_s3_bucket ?? {});
    expect(buckets.map((bucket) => bucket.bucket)).toEqual(["openedx-infra-state-444455556666-eu-west-1"]);
  });
});

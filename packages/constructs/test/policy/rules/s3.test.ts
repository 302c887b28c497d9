import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Fn, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { Construct } from "constructs";
import { describe, expect, it } from "vitest";
import { policyDocument, PolicyStatement } from "../../../src/iam/policy-document";
import { packOf, policyStack, ruleStack, synthFailure, violationLines } from "../fixtures";

const KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/1";

type Companion = "publicAccessBlock" | "encryption" | "policy" | "versioning" | "ownership";

/**
 * A bucket at `test/state/Resource` with every hardening companion, each pointing at the bucket,
 * except those in `omit`.
 */
function bucket(stack: TerraformStack, omit: readonly Companion[] = []): S3Bucket {
  const scope = new Construct(stack, "state");
  const resource = new S3Bucket(scope, "Resource", { bucket: "openedx-state" });
  if (!omit.includes("publicAccessBlock")) {
    new S3BucketPublicAccessBlock(scope, "PublicAccessBlock", {
      bucket: resource.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
  }
  if (!omit.includes("encryption")) {
    new S3BucketServerSideEncryptionConfigurationA(scope, "Encryption", {
      bucket: resource.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN } }],
    });
  }
  if (!omit.includes("policy")) {
    new S3BucketPolicy(scope, "Policy", { bucket: resource.id, policy: policyDocument([denyInsecureTransport(resource)]) });
  }
  if (!omit.includes("versioning")) {
    new S3BucketVersioningA(scope, "Versioning", { bucket: resource.id, versioningConfiguration: { status: "Enabled" } });
  }
  if (!omit.includes("ownership")) {
    new S3BucketOwnershipControls(scope, "OwnershipControls", { bucket: resource.id, rule: { objectOwnership: "BucketOwnerEnforced" } });
  }
  return resource;
}

function denyInsecureTransport(resource: S3Bucket, changes: Partial<PolicyStatement> = {}): PolicyStatement {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [resource.arn, `${resource.arn}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
    ...changes,
  };
}

describe("a fully hardened bucket", () => {
  it("passes every S3 rule", () => {
    const stack = policyStack([packOf("OpenedxAws-S3-1", "OpenedxAws-S3-2", "OpenedxAws-S3-3", "OpenedxAws-S3-4", "OpenedxAws-S3-5")]);
    bucket(stack);
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("passes when the companions name the bucket by its literal name or by .bucket", () => {
    const stack = ruleStack("OpenedxAws-S3-4");
    new S3Bucket(stack, "logs", { bucket: "openedx-logs" });
    new S3BucketVersioningA(stack, "versioning", { bucket: "openedx-logs", versioningConfiguration: { status: "Enabled" } });
    const other = new S3Bucket(stack, "other", {});
    new S3BucketVersioningA(stack, "other_versioning", { bucket: other.bucket, versioningConfiguration: { status: "Enabled" } });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});

describe("OpenedxAws-S3-1: public access is blocked", () => {
  it("fails without a public access block", () => {
    const stack = ruleStack("OpenedxAws-S3-1");
    bucket(stack, ["publicAccessBlock"]);
    expect(violationLines(stack)).toEqual([
      expect.stringMatching(/^\[OpenedxAws-S3-1\] the S3 bucket does not block all public access at test\/state\/Resource \(aws_s3_bucket\.state_[0-9A-F]{8}\): /),
    ]);
  });

  it("names each flag that is not true", () => {
    const stack = ruleStack("OpenedxAws-S3-1");
    const resource = bucket(stack, ["publicAccessBlock"]);
    new S3BucketPublicAccessBlock(stack, "pab", { bucket: resource.id, blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: false });
    expect(violationLines(stack).map((line) => line.slice(0, line.indexOf("] ") + 1))).toEqual([
      "[OpenedxAws-S3-1[block_public_policy]]",
      "[OpenedxAws-S3-1[restrict_public_buckets]]",
    ]);
  });

  it("fails when the public access block is on another bucket", () => {
    const stack = ruleStack("OpenedxAws-S3-1");
    bucket(stack, ["publicAccessBlock"]);
    const other = new S3Bucket(stack, "other", { bucket: "other" });
    new S3BucketPublicAccessBlock(stack, "pab", { bucket: other.id, blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true });
    expect(violationLines(stack)).toEqual([expect.stringContaining("[OpenedxAws-S3-1] the S3 bucket does not block all public access at test/state/Resource")]);
  });

  it("reports an unresolvable flag as a violation", () => {
    const stack = ruleStack("OpenedxAws-S3-1");
    const resource = bucket(stack, ["publicAccessBlock"]);
    const flag = new TerraformVariable(stack, "flag", { type: "bool" });
    new S3BucketPublicAccessBlock(stack, "pab", { bucket: resource.id, blockPublicAcls: flag.booleanValue, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true });
    expect(synthFailure(stack)).toContain('[OpenedxAws-S3-1] rule threw: block_public_acls of aws_s3_bucket_public_access_block.pab is the Terraform expression "${var.flag}"');
  });
});

describe("OpenedxAws-S3-2: default encryption uses a KMS key", () => {
  it("fails without an encryption configuration", () => {
    const stack = ruleStack("OpenedxAws-S3-2");
    bucket(stack, ["encryption"]);
    expect(synthFailure(stack)).toContain("[OpenedxAws-S3-2] the S3 bucket is not encrypted by default with a KMS key at test/state/Resource");
  });

  it("names sse_algorithm and kms_master_key_id when the bucket uses AES256", () => {
    const stack = ruleStack("OpenedxAws-S3-2");
    const resource = bucket(stack, ["encryption"]);
    new S3BucketServerSideEncryptionConfigurationA(stack, "sse", { bucket: resource.id, rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] });
    expect(violationLines(stack).map((line) => line.slice(0, line.indexOf("] ") + 1))).toEqual([
      "[OpenedxAws-S3-2[sse_algorithm]]",
      "[OpenedxAws-S3-2[kms_master_key_id]]",
    ]);
  });

  it("names kms_master_key_id when aws:kms uses the AWS-managed key", () => {
    const stack = ruleStack("OpenedxAws-S3-2");
    const resource = bucket(stack, ["encryption"]);
    new S3BucketServerSideEncryptionConfigurationA(stack, "sse", { bucket: resource.id, rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }] });
    expect(violationLines(stack)).toEqual([expect.stringMatching(/^\[OpenedxAws-S3-2\[kms_master_key_id\]\] /)]);
  });

  it("passes with aws:kms:dsse and a key", () => {
    const stack = ruleStack("OpenedxAws-S3-2");
    const resource = bucket(stack, ["encryption"]);
    new S3BucketServerSideEncryptionConfigurationA(stack, "sse", {
      bucket: resource.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms:dsse", kmsMasterKeyId: KEY_ARN } }],
    });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("reports an unresolvable algorithm as a violation", () => {
    const stack = ruleStack("OpenedxAws-S3-2");
    const resource = bucket(stack, ["encryption"]);
    const algorithm = new TerraformVariable(stack, "algorithm", { type: "string" });
    new S3BucketServerSideEncryptionConfigurationA(stack, "sse", {
      bucket: resource.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: algorithm.stringValue, kmsMasterKeyId: KEY_ARN } }],
    });
    expect(synthFailure(stack)).toContain('[OpenedxAws-S3-2] rule threw: rule[0].apply_server_side_encryption_by_default.sse_algorithm of aws_s3_bucket_server_side_encryption_configuration.sse is the Terraform expression "${var.algorithm}"');
  });
});

describe("OpenedxAws-S3-3: the bucket policy denies requests without TLS", () => {
  it("fails without a bucket policy", () => {
    const stack = ruleStack("OpenedxAws-S3-3");
    bucket(stack, ["policy"]);
    expect(violationLines(stack)).toEqual([expect.stringMatching(/^\[OpenedxAws-S3-3\] the S3 bucket policy does not deny requests made without TLS at test\/state\/Resource /)]);
  });

  it.each<[string, (resource: S3Bucket) => Partial<PolicyStatement>]>([
    ["allows instead of denying", () => ({ Effect: "Allow" })],
    ["denies one principal only", () => ({ Principal: { AWS: "arn:aws:iam::123456789012:root" } })],
    ["denies reads only", () => ({ Action: "s3:GetObject" })],
    ["covers objects but not the bucket", (resource) => ({ Resource: `${resource.arn}/*` })],
    ["tests SecureTransport true", () => ({ Condition: { Bool: { "aws:SecureTransport": "true" } } })],
  ])("fails when the statement %s", (_name, changes) => {
    const stack = ruleStack("OpenedxAws-S3-3");
    const resource = bucket(stack, ["policy"]);
    new S3BucketPolicy(stack, "policy", { bucket: resource.id, policy: policyDocument([denyInsecureTransport(resource, changes(resource))]) });
    expect(violationLines(stack)).toEqual([expect.stringMatching(/^\[OpenedxAws-S3-3\] .* at test\/state\/Resource /)]);
  });

  it("passes with a deny for any principal and action, written as a JSON string with a boolean condition", () => {
    const stack = ruleStack("OpenedxAws-S3-3");
    const resource = bucket(stack, ["policy"]);
    const policy = JSON.stringify({
      Version: "2012-10-17",
      Statement: { Effect: "Deny", Principal: { AWS: ["*"] }, Action: ["*"], Resource: "*", Condition: { Bool: { "aws:securetransport": false } } },
    });
    new S3BucketPolicy(stack, "policy", { bucket: resource.id, policy });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("reports a policy that is not literal JSON as the finding policy-not-json", () => {
    const stack = ruleStack("OpenedxAws-S3-3");
    const resource = bucket(stack, ["policy"]);
    new S3BucketPolicy(stack, "policy", { bucket: resource.id, policy: Fn.jsonencode({ Statement: [] }) });
    expect(violationLines(stack)).toEqual([expect.stringMatching(/^\[OpenedxAws-S3-3\[policy-not-json\]\] the S3 bucket policy does not deny requests made without TLS at test\/state\/Resource /)]);
  });
});

describe("OpenedxAws-S3-4: the bucket is versioned", () => {
  it("fails without versioning", () => {
    const stack = ruleStack("OpenedxAws-S3-4");
    bucket(stack, ["versioning"]);
    expect(synthFailure(stack)).toContain("[OpenedxAws-S3-4] the S3 bucket is not versioned at test/state/Resource");
  });

  it("fails with versioning suspended", () => {
    const stack = ruleStack("OpenedxAws-S3-4");
    const resource = bucket(stack, ["versioning"]);
    new S3BucketVersioningA(stack, "versioning", { bucket: resource.id, versioningConfiguration: { status: "Suspended" } });
    expect(synthFailure(stack)).toContain("[OpenedxAws-S3-4] the S3 bucket is not versioned at test/state/Resource");
  });

  it("passes with versioning enabled", () => {
    const stack = ruleStack("OpenedxAws-S3-4");
    bucket(stack);
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("reports an unresolvable status as a violation", () => {
    const stack = ruleStack("OpenedxAws-S3-4");
    const resource = bucket(stack, ["versioning"]);
    const status = new TerraformVariable(stack, "status", { type: "string" });
    new S3BucketVersioningA(stack, "versioning", { bucket: resource.id, versioningConfiguration: { status: status.stringValue } });
    expect(synthFailure(stack)).toContain('[OpenedxAws-S3-4] rule threw: versioning_configuration.status of aws_s3_bucket_versioning.versioning is the Terraform expression "${var.status}"');
  });
});

describe("OpenedxAws-S3-5: the bucket owner owns every object (ACLs disabled)", () => {
  it("fails without ownership controls", () => {
    const stack = ruleStack("OpenedxAws-S3-5");
    bucket(stack, ["ownership"]);
    expect(synthFailure(stack)).toContain("[OpenedxAws-S3-5] the S3 bucket does not enforce bucket-owner object ownership at test/state/Resource");
  });

  it("fails with ObjectWriter ownership", () => {
    const stack = ruleStack("OpenedxAws-S3-5");
    const resource = bucket(stack, ["ownership"]);
    new S3BucketOwnershipControls(stack, "ownership", { bucket: resource.id, rule: { objectOwnership: "ObjectWriter" } });
    expect(synthFailure(stack)).toContain("[OpenedxAws-S3-5] the S3 bucket does not enforce bucket-owner object ownership at test/state/Resource");
  });

  it("passes with BucketOwnerEnforced", () => {
    const stack = ruleStack("OpenedxAws-S3-5");
    bucket(stack);
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});

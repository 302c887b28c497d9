import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { KMS_ENCRYPT_DECRYPT_ACTIONS, KmsKey } from "../../src/encryption/kms-key";
import { CloudFrontWebAcl, CloudFrontWebAclProps } from "../../src/edge/web-acl";
import { AwsStack } from "../../src/stack/aws-stack";
import { testStack } from "../synth";

/** The ARN of a CloudFront certificate in us-east-1. */
export const CERTIFICATE_ARN = "arn:aws:acm:us-east-1:111122223333:certificate/0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9";

/** A stack (eu-west-1) with what the edge constructs need, the way the edge stack provides it. */
export interface EdgeFixture {
  readonly stack: AwsStack;
  /** The `us_east_1` alias provider. */
  readonly usEast1: AwsProvider;
  /** A us-east-1 key that CloudWatch Logs of us-east-1 may use. */
  readonly edgeLogsKey: KmsKey;
  /** A key of the stack's region, for secrets. */
  readonly secretsKey: KmsKey;
}

export function edgeFixture(): EdgeFixture {
  const stack = testStack();
  const usEast1 = new AwsProvider(stack, "us-east-1", { alias: "us_east_1", region: "us-east-1", allowedAccountIds: ["111122223333"] });
  const edgeLogsKey = new KmsKey(stack, "edge-logs", { aliasName: "test/edge-logs", description: "edge logs", provider: usEast1 });
  edgeLogsKey.addToKeyPolicy({
    Sid: "AllowCloudWatchLogsOfUsEast1",
    Effect: "Allow",
    Principal: { Service: "logs.us-east-1.amazonaws.com" },
    Action: [...KMS_ENCRYPT_DECRYPT_ACTIONS],
    Resource: "*",
  });
  const secretsKey = new KmsKey(stack, "secrets", { aliasName: "test/secrets", description: "secrets" });
  return { stack, usEast1, edgeLogsKey, secretsKey };
}

/** A web ACL with the fixture's provider and key. */
export function webAclOf(fixture: EdgeFixture, overrides: Partial<CloudFrontWebAclProps> = {}): CloudFrontWebAcl {
  return new CloudFrontWebAcl(fixture.stack, "waf", { name: "openedx-test-edge", provider: fixture.usEast1, logsKey: fixture.edgeLogsKey, ...overrides });
}

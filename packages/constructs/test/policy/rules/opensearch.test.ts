import { OpensearchDomain, OpensearchDomainConfig } from "@cdktf/provider-aws/lib/opensearch-domain";
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { packOf, policyStack, ruleStack, synthFailure, violationLines } from "../fixtures";
import { violatedRules } from "./rule-results";

const KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/1";
const LOG_GROUP_ARN = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/opensearch/openedx";

/** A domain `test/search` meeting every OS rule; `changes` override its settings. */
function domain(stack: TerraformStack, changes: Partial<OpensearchDomainConfig> = {}): OpensearchDomain {
  return new OpensearchDomain(stack, "search", {
    domainName: "openedx",
    engineVersion: "OpenSearch_2.19",
    encryptAtRest: { enabled: true, kmsKeyId: KEY_ARN },
    nodeToNodeEncryption: { enabled: true },
    domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10" },
    advancedSecurityOptions: { enabled: true, internalUserDatabaseEnabled: false, masterUserOptions: { masterUserArn: "arn:aws:iam::123456789012:role/search-admin" } },
    vpcOptions: { subnetIds: ["subnet-1", "subnet-2"], securityGroupIds: ["sg-1"] },
    logPublishingOptions: ["ES_APPLICATION_LOGS", "AUDIT_LOGS", "INDEX_SLOW_LOGS", "SEARCH_SLOW_LOGS"].map((logType) => ({
      logType,
      cloudwatchLogGroupArn: LOG_GROUP_ARN,
    })),
    ...changes,
  });
}

describe("a hardened OpenSearch domain", () => {
  it("passes every OS rule", () => {
    const stack = policyStack([packOf("OpenedxAws-OS1", "OpenedxAws-OS2", "OpenedxAws-OS3", "OpenedxAws-OS4", "OpenedxAws-OS5", "OpenedxAws-OS6")]);
    domain(stack);
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});

describe("OpenedxAws-OS1: data at rest is encrypted with a customer-managed key", () => {
  it("names enabled and kms_key_id when encryption at rest is absent", () => {
    const stack = ruleStack("OpenedxAws-OS1");
    domain(stack, { encryptAtRest: undefined });
    expect(violatedRules(stack)).toEqual(["[OpenedxAws-OS1[encrypt_at_rest.enabled]]", "[OpenedxAws-OS1[encrypt_at_rest.kms_key_id]]"]);
    expect(violationLines(stack)[0]).toBe(
      "[OpenedxAws-OS1[encrypt_at_rest.enabled]] the OpenSearch domain does not encrypt data at rest with a customer-managed KMS key at test/search (aws_opensearch_domain.search): indices, snapshots and swap hold course and learner content; set encrypt_at_rest.enabled to true and encrypt_at_rest.kms_key_id to a customer-managed key",
    );
  });

  it("names kms_key_id when the AWS-managed key is used", () => {
    const stack = ruleStack("OpenedxAws-OS1");
    domain(stack, { encryptAtRest: { enabled: true } });
    expect(violatedRules(stack)).toEqual(["[OpenedxAws-OS1[encrypt_at_rest.kms_key_id]]"]);
  });

  it("reports an unresolvable flag as a violation", () => {
    const stack = ruleStack("OpenedxAws-OS1");
    const enabled = new TerraformVariable(stack, "enabled", { type: "bool" });
    domain(stack, { encryptAtRest: { enabled: enabled.booleanValue, kmsKeyId: KEY_ARN } });
    expect(synthFailure(stack)).toContain('[OpenedxAws-OS1] rule threw: encrypt_at_rest.enabled is the Terraform expression "${var.enabled}"');
  });
});

describe("OpenedxAws-OS2: traffic between nodes is encrypted", () => {
  it("fails without node-to-node encryption", () => {
    const stack = ruleStack("OpenedxAws-OS2");
    domain(stack, { nodeToNodeEncryption: { enabled: false } });
    expect(violationLines(stack)).toEqual([
      "[OpenedxAws-OS2] the OpenSearch domain does not encrypt traffic between its nodes at test/search (aws_opensearch_domain.search): shard replication and queries between nodes otherwise cross the VPC in plaintext; set node_to_node_encryption.enabled to true (required by fine-grained access control)",
    ]);
  });
});

describe("OpenedxAws-OS3: HTTPS with TLS 1.2 or later", () => {
  it("names enforce_https and tls_security_policy when the endpoint options are absent", () => {
    const stack = ruleStack("OpenedxAws-OS3");
    domain(stack, { domainEndpointOptions: undefined });
    expect(violatedRules(stack)).toEqual([
      "[OpenedxAws-OS3[domain_endpoint_options.enforce_https]]",
      "[OpenedxAws-OS3[domain_endpoint_options.tls_security_policy]]",
    ]);
  });

  it("names a policy that accepts TLS 1.0", () => {
    const stack = ruleStack("OpenedxAws-OS3");
    domain(stack, { domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-0-2019-07" } });
    expect(violationLines(stack)).toEqual([
      "[OpenedxAws-OS3[domain_endpoint_options.tls_security_policy]] the OpenSearch domain does not enforce HTTPS with TLS 1.2 or later at test/search (aws_opensearch_domain.search): plain HTTP or TLS 1.0 exposes requests and their credentials; set domain_endpoint_options.enforce_https to true and tls_security_policy to a Policy-Min-TLS-1-2 policy",
    ]);
  });

  it("passes with Policy-Min-TLS-1-2-2019-07", () => {
    const stack = ruleStack("OpenedxAws-OS3");
    domain(stack, { domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-2019-07" } });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});

describe("OpenedxAws-OS4: fine-grained access control with IAM users only", () => {
  it("names enabled when advanced security is absent", () => {
    const stack = ruleStack("OpenedxAws-OS4");
    domain(stack, { advancedSecurityOptions: undefined });
    expect(violationLines(stack)).toEqual([
      "[OpenedxAws-OS4[advanced_security_options.enabled]] the OpenSearch domain does not use fine-grained access control with IAM users only at test/search (aws_opensearch_domain.search): without fine-grained access control any principal the access policy lets in reads every index, and internal users are passwords kept outside IAM; set advanced_security_options.enabled to true, internal_user_database_enabled to false and anonymous_auth_enabled to false, with an IAM master user",
    ]);
  });

  it("names the internal user database and anonymous access", () => {
    const stack = ruleStack("OpenedxAws-OS4");
    domain(stack, { advancedSecurityOptions: { enabled: true, internalUserDatabaseEnabled: true, anonymousAuthEnabled: true } });
    expect(violatedRules(stack)).toEqual([
      "[OpenedxAws-OS4[advanced_security_options.internal_user_database_enabled]]",
      "[OpenedxAws-OS4[advanced_security_options.anonymous_auth_enabled]]",
    ]);
  });
});

describe("OpenedxAws-OS5: the domain lives in a VPC", () => {
  it("fails without vpc_options", () => {
    const stack = ruleStack("OpenedxAws-OS5");
    domain(stack, { vpcOptions: undefined });
    expect(violationLines(stack)).toEqual([
      "[OpenedxAws-OS5] the OpenSearch domain is not in a VPC at test/search (aws_opensearch_domain.search): a domain without vpc_options gets a public endpoint, protected only by its access policy; set vpc_options with the isolated subnets and a security group (this cannot be changed after creation)",
    ]);
  });

  it("fails with an empty subnet list", () => {
    const stack = ruleStack("OpenedxAws-OS5");
    domain(stack, { vpcOptions: { subnetIds: [] } });
    expect(violatedRules(stack)).toEqual(["[OpenedxAws-OS5]"]);
  });
});

describe("OpenedxAws-OS6: every log type is published", () => {
  it("names each missing type, counting a disabled one as missing", () => {
    const stack = ruleStack("OpenedxAws-OS6");
    domain(stack, {
      logPublishingOptions: [
        { logType: "ES_APPLICATION_LOGS", cloudwatchLogGroupArn: LOG_GROUP_ARN },
        { logType: "AUDIT_LOGS", cloudwatchLogGroupArn: LOG_GROUP_ARN, enabled: false },
      ],
    });
    expect(violatedRules(stack)).toEqual(["[OpenedxAws-OS6[AUDIT_LOGS]]", "[OpenedxAws-OS6[INDEX_SLOW_LOGS]]", "[OpenedxAws-OS6[SEARCH_SLOW_LOGS]]"]);
    expect(violationLines(stack)[0]).toBe(
      "[OpenedxAws-OS6[AUDIT_LOGS]] the OpenSearch domain does not publish every log type to CloudWatch Logs at test/search (aws_opensearch_domain.search): application logs explain red clusters, audit logs record access to indices and slow logs show costly queries; add a log_publishing_options block for each of ES_APPLICATION_LOGS, AUDIT_LOGS, INDEX_SLOW_LOGS and SEARCH_SLOW_LOGS, to encrypted log groups whose resource policy lets OpenSearch write",
    );
  });
});

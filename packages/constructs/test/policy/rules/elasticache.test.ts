import { ElasticacheReplicationGroup, ElasticacheReplicationGroupConfig } from "@cdktf/provider-aws/lib/elasticache-replication-group";
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { packOf, policyStack, ruleStack, synthFailure, violationLines } from "../fixtures";
import { violatedRules } from "./rule-results";

const KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/1";

/** A replication group `test/cache` meeting every EC rule; `changes` override its settings. */
function replicationGroup(stack: TerraformStack, changes: Partial<ElasticacheReplicationGroupConfig> = {}): ElasticacheReplicationGroup {
  const token = new TerraformVariable(stack, "token", { type: "string", sensitive: true });
  return new ElasticacheReplicationGroup(stack, "cache", {
    replicationGroupId: "openedx",
    description: "Open edX cache and Celery broker",
    engine: "valkey",
    nodeType: "cache.r7g.large",
    atRestEncryptionEnabled: "true",
    kmsKeyId: KEY_ARN,
    transitEncryptionEnabled: true,
    authToken: token.stringValue,
    snapshotRetentionLimit: 7,
    logDeliveryConfiguration: [
      { logType: "slow-log", destination: "/aws/elasticache/openedx/slow", destinationType: "cloudwatch-logs", logFormat: "json" },
      { logType: "engine-log", destination: "/aws/elasticache/openedx/engine", destinationType: "cloudwatch-logs", logFormat: "json" },
    ],
    ...changes,
  });
}

describe("a hardened replication group", () => {
  it("passes every EC rule", () => {
    const stack = policyStack([packOf("OpenedxAws-EC1", "OpenedxAws-EC2", "OpenedxAws-EC3", "OpenedxAws-EC4", "OpenedxAws-EC5")]);
    replicationGroup(stack);
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});

describe("OpenedxAws-EC1: data at rest is encrypted with a customer-managed key", () => {
  it("names at_rest_encryption_enabled and kms_key_id when neither is set", () => {
    const stack = ruleStack("OpenedxAws-EC1");
    replicationGroup(stack, { atRestEncryptionEnabled: undefined, kmsKeyId: undefined });
    expect(violatedRules(stack)).toEqual(["[OpenedxAws-EC1[at_rest_encryption_enabled]]", "[OpenedxAws-EC1[kms_key_id]]"]);
    expect(violationLines(stack)[0]).toBe(
      "[OpenedxAws-EC1[at_rest_encryption_enabled]] the ElastiCache replication group does not encrypt data at rest with a customer-managed KMS key at test/cache (aws_elasticache_replication_group.cache): snapshots and swapped data hold sessions and queued tasks; set at_rest_encryption_enabled to true and kms_key_id to a customer-managed key (both can only be set when the group is created)",
    );
  });

  it("names at_rest_encryption_enabled when it is \"false\"", () => {
    const stack = ruleStack("OpenedxAws-EC1");
    replicationGroup(stack, { atRestEncryptionEnabled: "false" });
    expect(violatedRules(stack)).toEqual(["[OpenedxAws-EC1[at_rest_encryption_enabled]]"]);
  });
});

describe("OpenedxAws-EC2: clients connect over TLS only", () => {
  it("names transit_encryption_enabled when it is off", () => {
    const stack = ruleStack("OpenedxAws-EC2");
    replicationGroup(stack, { transitEncryptionEnabled: false });
    expect(violationLines(stack)).toEqual([
      "[OpenedxAws-EC2[transit_encryption_enabled]] the ElastiCache replication group accepts connections without TLS at test/cache (aws_elasticache_replication_group.cache): without in-transit encryption the auth token and session data cross the VPC in plaintext; set transit_encryption_enabled to true and transit_encryption_mode to required (or leave it unset)",
    ]);
  });

  it("names transit_encryption_mode when it is preferred, which still accepts plaintext", () => {
    const stack = ruleStack("OpenedxAws-EC2");
    replicationGroup(stack, { transitEncryptionMode: "preferred" });
    expect(violatedRules(stack)).toEqual(["[OpenedxAws-EC2[transit_encryption_mode]]"]);
  });

  it("passes with the required mode", () => {
    const stack = ruleStack("OpenedxAws-EC2");
    replicationGroup(stack, { transitEncryptionMode: "required" });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});

describe("OpenedxAws-EC3: clients authenticate with a secret kept out of the configuration", () => {
  it("fails without an auth token or user groups", () => {
    const stack = ruleStack("OpenedxAws-EC3");
    replicationGroup(stack, { authToken: undefined });
    expect(violationLines(stack)).toEqual([
      "[OpenedxAws-EC3] the ElastiCache replication group does not require authentication with a secret kept out of the configuration at test/cache (aws_elasticache_replication_group.cache): anyone who can reach the port could read sessions and inject tasks; set auth_token to a reference to a generated secret (never a literal, which sits in plaintext in the synthesized JSON) or use RBAC user_group_ids",
    ]);
  });

  it("reports a literal auth token as the finding literal auth_token", () => {
    const stack = ruleStack("OpenedxAws-EC3");
    replicationGroup(stack, { authToken: "0123456789abcdef0123" });
    expect(violatedRules(stack)).toEqual(["[OpenedxAws-EC3[literal auth_token]]"]);
  });

  it("passes with RBAC user groups instead of a token", () => {
    const stack = ruleStack("OpenedxAws-EC3");
    replicationGroup(stack, { authToken: undefined, userGroupIds: ["openedx-users"] });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});

describe("OpenedxAws-EC4: snapshots are kept", () => {
  it("fails when snapshot retention is unset or 0", () => {
    for (const snapshotRetentionLimit of [undefined, 0]) {
      const stack = ruleStack("OpenedxAws-EC4");
      replicationGroup(stack, { snapshotRetentionLimit });
      expect(violationLines(stack)).toEqual([
        "[OpenedxAws-EC4] the ElastiCache replication group keeps no snapshots at test/cache (aws_elasticache_replication_group.cache): without snapshots a failed node group loses every queued task and cached session at once; set snapshot_retention_limit to at least 1 (AWS defaults to 0)",
      ]);
    }
  });

  it("reports an unresolvable retention as a violation", () => {
    const stack = ruleStack("OpenedxAws-EC4");
    const days = new TerraformVariable(stack, "days", { type: "number" });
    replicationGroup(stack, { snapshotRetentionLimit: days.numberValue });
    expect(synthFailure(stack)).toContain('[OpenedxAws-EC4] rule threw: snapshot_retention_limit is the Terraform expression "${var.days}"');
  });
});

describe("OpenedxAws-EC5: engine and slow logs are delivered", () => {
  it("names each log type not delivered", () => {
    const stack = ruleStack("OpenedxAws-EC5");
    replicationGroup(stack, { logDeliveryConfiguration: undefined });
    expect(violatedRules(stack)).toEqual(["[OpenedxAws-EC5[engine-log]]", "[OpenedxAws-EC5[slow-log]]"]);
  });

  it("names the slow log when only the engine log is delivered", () => {
    const stack = ruleStack("OpenedxAws-EC5");
    replicationGroup(stack, {
      logDeliveryConfiguration: [{ logType: "engine-log", destination: "/aws/elasticache/openedx/engine", destinationType: "cloudwatch-logs", logFormat: "text" }],
    });
    expect(violationLines(stack)).toEqual([
      "[OpenedxAws-EC5[slow-log]] the ElastiCache replication group does not deliver its engine and slow logs at test/cache (aws_elasticache_replication_group.cache): the engine log explains failovers and evictions and the slow log shows blocking commands; add a log_delivery_configuration for each of engine-log and slow-log to an encrypted CloudWatch log group",
    ]);
  });
});

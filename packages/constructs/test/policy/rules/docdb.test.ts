import { DocdbCluster, DocdbClusterConfig } from "@cdktf/provider-aws/lib/docdb-cluster";
import { DocdbClusterParameterGroup, DocdbClusterParameterGroupParameter } from "@cdktf/provider-aws/lib/docdb-cluster-parameter-group";
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { packOf, policyStack, ruleStack, synthFailure, violationLines } from "../fixtures";
import { violatedRules } from "./rule-results";

const KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/1";

/**
 * A DocumentDB cluster `test/docdb` meeting every DOCDB rule, with a parameter group holding
 * `parameters`; `changes` override the cluster's settings.
 */
function cluster(
  stack: TerraformStack,
  changes: Partial<DocdbClusterConfig> = {},
  parameters: DocdbClusterParameterGroupParameter[] = [{ name: "tls", value: "enabled" }, { name: "audit_logs", value: "enabled" }],
): DocdbCluster {
  const group = new DocdbClusterParameterGroup(stack, "params", { name: "openedx-docdb", family: "docdb5.0", parameter: parameters });
  return new DocdbCluster(stack, "docdb", {
    clusterIdentifier: "openedx",
    masterUsername: "openedx",
    manageMasterUserPassword: true,
    storageEncrypted: true,
    kmsKeyId: KEY_ARN,
    backupRetentionPeriod: 7,
    enabledCloudwatchLogsExports: ["audit", "profiler"],
    dbClusterParameterGroupName: group.name,
    ...changes,
  });
}

describe("a hardened DocumentDB cluster", () => {
  it("passes every DOCDB rule", () => {
    const stack = policyStack([packOf("OpenedxAws-DOCDB1", "OpenedxAws-DOCDB2", "OpenedxAws-DOCDB3", "OpenedxAws-DOCDB4", "OpenedxAws-DOCDB5")]);
    cluster(stack);
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});

describe("OpenedxAws-DOCDB1: storage is encrypted with a customer-managed key", () => {
  it("names storage_encrypted and kms_key_id when neither is set", () => {
    const stack = ruleStack("OpenedxAws-DOCDB1");
    cluster(stack, { storageEncrypted: undefined, kmsKeyId: undefined });
    expect(violatedRules(stack)).toEqual(["[OpenedxAws-DOCDB1[storage_encrypted]]", "[OpenedxAws-DOCDB1[kms_key_id]]"]);
    expect(violationLines(stack)[0]).toBe(
      "[OpenedxAws-DOCDB1[storage_encrypted]] the DocumentDB cluster does not encrypt its storage with a customer-managed KMS key at test/docdb (aws_docdb_cluster.docdb): the cluster volume and its snapshots hold course content; set storage_encrypted to true (DocumentDB defaults to false) and kms_key_id to a customer-managed key",
    );
  });

  it("reports an unresolvable storage_encrypted as a violation", () => {
    const stack = ruleStack("OpenedxAws-DOCDB1");
    const encrypted = new TerraformVariable(stack, "encrypted", { type: "bool" });
    cluster(stack, { storageEncrypted: encrypted.booleanValue });
    expect(synthFailure(stack)).toContain('[OpenedxAws-DOCDB1] rule threw: storage_encrypted is the Terraform expression "${var.encrypted}"');
  });
});

describe("OpenedxAws-DOCDB2: automated backups are kept for at least 7 days", () => {
  it("fails when the retention is unset or short", () => {
    for (const backupRetentionPeriod of [undefined, 5]) {
      const stack = ruleStack("OpenedxAws-DOCDB2");
      cluster(stack, { backupRetentionPeriod });
      expect(violationLines(stack)).toEqual([
        "[OpenedxAws-DOCDB2] the DocumentDB cluster keeps automated backups for fewer than 7 days at test/docdb (aws_docdb_cluster.docdb): point-in-time recovery reaches back only as far as the backup retention; set backup_retention_period to at least 7 (AWS defaults to 1)",
      ]);
    }
  });

  it("passes with 35 days", () => {
    const stack = ruleStack("OpenedxAws-DOCDB2");
    cluster(stack, { backupRetentionPeriod: 35 });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});

describe("OpenedxAws-DOCDB3: the audit log is recorded in CloudWatch Logs", () => {
  it("names audit when the log is not exported", () => {
    const stack = ruleStack("OpenedxAws-DOCDB3");
    cluster(stack, { enabledCloudwatchLogsExports: ["profiler"] });
    expect(violationLines(stack)).toEqual([
      "[OpenedxAws-DOCDB3[audit]] the DocumentDB cluster does not record an audit log in CloudWatch Logs at test/docdb (aws_docdb_cluster.docdb): the audit log records authentication and schema changes; add audit to enabled_cloudwatch_logs_exports and give the cluster a parameter group in the same stack that sets audit_logs to enabled (the default group disables it)",
    ]);
  });

  it("names audit_logs when the parameter group leaves auditing off, or there is no group", () => {
    const disabled = ruleStack("OpenedxAws-DOCDB3");
    cluster(disabled, {}, [{ name: "audit_logs", value: "disabled" }]);
    expect(violatedRules(disabled)).toEqual(["[OpenedxAws-DOCDB3[audit_logs]]"]);

    const unset = ruleStack("OpenedxAws-DOCDB3");
    cluster(unset, { dbClusterParameterGroupName: undefined });
    expect(violatedRules(unset)).toEqual(["[OpenedxAws-DOCDB3[audit_logs]]"]);
  });

  it("passes with a narrower audit setting such as ddl", () => {
    const stack = ruleStack("OpenedxAws-DOCDB3");
    cluster(stack, {}, [{ name: "audit_logs", value: "ddl" }]);
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("reports a parameter group outside this stack as a violation", () => {
    const stack = ruleStack("OpenedxAws-DOCDB3");
    cluster(stack, { dbClusterParameterGroupName: "default.docdb5.0" });
    expect(synthFailure(stack)).toContain(
      '[OpenedxAws-DOCDB3] rule threw: db_cluster_parameter_group_name "default.docdb5.0" names no aws_docdb_cluster_parameter_group of this stack, so its parameters cannot be read',
    );
  });
});

describe("OpenedxAws-DOCDB4: TLS stays enabled", () => {
  it("fails when the parameter group disables tls", () => {
    const stack = ruleStack("OpenedxAws-DOCDB4");
    cluster(stack, {}, [{ name: "tls", value: "disabled" }]);
    expect(violationLines(stack)).toEqual([
      "[OpenedxAws-DOCDB4] the DocumentDB cluster parameter group disables TLS at test/docdb (aws_docdb_cluster.docdb): with tls disabled, clients may send credentials and course content in plaintext; remove the tls parameter from the cluster parameter group or set it to enabled",
    ]);
  });

  it("passes with the default group, a group leaving tls unset, or a stricter setting", () => {
    const stack = ruleStack("OpenedxAws-DOCDB4");
    cluster(stack, {}, [{ name: "tls", value: "tls1.2+" }]);
    new DocdbCluster(stack, "default_group", { clusterIdentifier: "other" });
    const group = new DocdbClusterParameterGroup(stack, "no_tls_param", { name: "no-tls-param", family: "docdb5.0", parameter: [{ name: "ttl_monitor", value: "enabled" }] });
    new DocdbCluster(stack, "no_tls_param_cluster", { clusterIdentifier: "third", dbClusterParameterGroupName: group.id });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("reports an unresolvable tls value as a violation", () => {
    const stack = ruleStack("OpenedxAws-DOCDB4");
    const tls = new TerraformVariable(stack, "tls", { type: "string" });
    cluster(stack, {}, [{ name: "tls", value: tls.stringValue }]);
    expect(synthFailure(stack)).toContain('[OpenedxAws-DOCDB4] rule threw: parameter[0].value (tls) of aws_docdb_cluster_parameter_group.params is the Terraform expression "${var.tls}"');
  });
});

describe("OpenedxAws-DOCDB5: DocumentDB manages the master password", () => {
  it("names manage_master_user_password and a literal master_password", () => {
    const stack = ruleStack("OpenedxAws-DOCDB5");
    cluster(stack, { manageMasterUserPassword: undefined, masterPassword: "hunter2hunter2" });
    expect(violatedRules(stack)).toEqual(["[OpenedxAws-DOCDB5[manage_master_user_password]]", "[OpenedxAws-DOCDB5[master_password]]"]);
    expect(violationLines(stack)[1]).toBe(
      "[OpenedxAws-DOCDB5[master_password]] the DocumentDB master password is not managed in Secrets Manager at test/docdb (aws_docdb_cluster.docdb): a password written into the configuration sits in plaintext in the synthesized JSON and the state, and is never rotated; set manage_master_user_password to true and remove master_password",
    );
  });
});

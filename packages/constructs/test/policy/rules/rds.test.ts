import { DbInstance, DbInstanceConfig } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { RdsCluster, RdsClusterConfig } from "@cdktf/provider-aws/lib/rds-cluster";
import { RdsClusterInstance } from "@cdktf/provider-aws/lib/rds-cluster-instance";
import { RdsClusterParameterGroup } from "@cdktf/provider-aws/lib/rds-cluster-parameter-group";
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { packOf, policyStack, ruleStack, synthFailure, violationLines } from "../fixtures";
import { violatedRules } from "./rule-results";

const KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/1";
const RDS_RULES = ["OpenedxAws-RDS1", "OpenedxAws-RDS2", "OpenedxAws-RDS3", "OpenedxAws-RDS4", "OpenedxAws-RDS5", "OpenedxAws-RDS6", "OpenedxAws-RDS7"];

/** An RDS MySQL instance `test/db` meeting every RDS rule, with its TLS parameter group; `changes` override its settings. */
function instance(stack: TerraformStack, changes: Partial<DbInstanceConfig> = {}): DbInstance {
  const group = new DbParameterGroup(stack, "params", {
    name: "openedx-mysql8",
    family: "mysql8.0",
    parameter: [{ name: "require_secure_transport", value: "1" }],
  });
  return new DbInstance(stack, "db", {
    identifier: "openedx",
    engine: "mysql",
    instanceClass: "db.r6g.large",
    allocatedStorage: 100,
    username: "admin",
    manageMasterUserPassword: true,
    storageEncrypted: true,
    kmsKeyId: KEY_ARN,
    backupRetentionPeriod: 7,
    enabledCloudwatchLogsExports: ["error", "slowquery"],
    performanceInsightsEnabled: true,
    performanceInsightsKmsKeyId: KEY_ARN,
    parameterGroupName: group.name,
    ...changes,
  });
}

/** An Aurora MySQL cluster `test/cluster` with one instance, meeting every RDS rule. */
function auroraCluster(stack: TerraformStack, changes: Partial<RdsClusterConfig> = {}): RdsCluster {
  const group = new RdsClusterParameterGroup(stack, "cluster_params", {
    name: "openedx-aurora",
    family: "aurora-mysql8.0",
    parameter: [{ name: "require_secure_transport", value: "ON" }],
  });
  const cluster = new RdsCluster(stack, "cluster", {
    clusterIdentifier: "openedx",
    engine: "aurora-mysql",
    masterUsername: "admin",
    manageMasterUserPassword: true,
    storageEncrypted: true,
    kmsKeyId: KEY_ARN,
    backupRetentionPeriod: 7,
    enabledCloudwatchLogsExports: ["audit", "error", "slowquery"],
    dbClusterParameterGroupName: group.name,
    ...changes,
  });
  new RdsClusterInstance(stack, "cluster_instance", {
    clusterIdentifier: cluster.id,
    engine: "aurora-mysql",
    instanceClass: "db.r6g.large",
    performanceInsightsEnabled: true,
    performanceInsightsKmsKeyId: KEY_ARN,
  });
  return cluster;
}

describe("hardened MySQL databases", () => {
  it("an RDS instance passes every RDS rule", () => {
    const stack = policyStack([packOf(...RDS_RULES)]);
    instance(stack);
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("an Aurora cluster and its instance pass every RDS rule", () => {
    const stack = policyStack([packOf(...RDS_RULES)]);
    auroraCluster(stack);
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("a read replica that inherits engine, encryption and password from its source passes every RDS rule", () => {
    const stack = policyStack([packOf(...RDS_RULES)]);
    const source = instance(stack);
    new DbInstance(stack, "replica", {
      identifier: "openedx-replica",
      replicateSourceDb: source.identifier,
      instanceClass: "db.r6g.large",
      enabledCloudwatchLogsExports: ["error", "slowquery"],
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: KEY_ARN,
      parameterGroupName: source.parameterGroupName,
    });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});

describe("OpenedxAws-RDS1: storage is encrypted with a customer-managed key", () => {
  it("names storage_encrypted and kms_key_id when neither is set", () => {
    const stack = ruleStack("OpenedxAws-RDS1");
    instance(stack, { storageEncrypted: undefined, kmsKeyId: undefined });
    expect(violationLines(stack)).toEqual([
      "[OpenedxAws-RDS1[storage_encrypted]] the RDS database does not encrypt its storage with a customer-managed KMS key at test/db (aws_db_instance.db): storage, snapshots and backups hold every learner record; set storage_encrypted to true and kms_key_id to a customer-managed key, whose policy can be audited and revoked (encryption cannot be added to an existing database without a restore)",
      "[OpenedxAws-RDS1[kms_key_id]] the RDS database does not encrypt its storage with a customer-managed KMS key at test/db (aws_db_instance.db): storage, snapshots and backups hold every learner record; set storage_encrypted to true and kms_key_id to a customer-managed key, whose policy can be audited and revoked (encryption cannot be added to an existing database without a restore)",
    ]);
  });

  it("names kms_key_id when an Aurora cluster uses the AWS-managed key", () => {
    const stack = ruleStack("OpenedxAws-RDS1");
    auroraCluster(stack, { kmsKeyId: undefined });
    expect(violatedRules(stack)).toEqual(["[OpenedxAws-RDS1[kms_key_id]]"]);
    expect(violationLines(stack)[0]).toContain("at test/cluster (aws_rds_cluster.cluster)");
  });

  it("reports an unresolvable storage_encrypted as a violation", () => {
    const stack = ruleStack("OpenedxAws-RDS1");
    const encrypted = new TerraformVariable(stack, "encrypted", { type: "bool" });
    instance(stack, { storageEncrypted: encrypted.booleanValue });
    expect(synthFailure(stack)).toContain('[OpenedxAws-RDS1] rule threw: storage_encrypted is the Terraform expression "${var.encrypted}"');
  });
});

describe("OpenedxAws-RDS2: instances are not publicly accessible", () => {
  it("fails on a public RDS instance and a public Aurora instance", () => {
    const stack = ruleStack("OpenedxAws-RDS2");
    instance(stack, { publiclyAccessible: true });
    new RdsClusterInstance(stack, "aurora_instance", { clusterIdentifier: "openedx", engine: "aurora-mysql", instanceClass: "db.r6g.large", publiclyAccessible: true });
    expect(violationLines(stack)).toEqual([
      "[OpenedxAws-RDS2] the RDS database instance is publicly accessible at test/db (aws_db_instance.db): a public instance gets an address reachable from the internet, one security-group mistake away from exposure; set publicly_accessible to false and reach it from inside the VPC",
      expect.stringMatching(/^\[OpenedxAws-RDS2\] the RDS database instance is publicly accessible at test\/aurora_instance \(aws_rds_cluster_instance\.aurora_instance\): /),
    ]);
  });

  it("passes when publicly_accessible is false or unset", () => {
    const stack = ruleStack("OpenedxAws-RDS2");
    instance(stack, { publiclyAccessible: false });
    new RdsClusterInstance(stack, "aurora_instance", { clusterIdentifier: "openedx", engine: "aurora-mysql", instanceClass: "db.r6g.large" });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});

describe("OpenedxAws-RDS3: automated backups are kept for at least 7 days", () => {
  it("fails when the retention is unset (AWS defaults to 1 day)", () => {
    const stack = ruleStack("OpenedxAws-RDS3");
    instance(stack, { backupRetentionPeriod: undefined });
    expect(violationLines(stack)).toEqual([
      "[OpenedxAws-RDS3] the RDS database keeps automated backups for fewer than 7 days at test/db (aws_db_instance.db): point-in-time recovery reaches back only as far as the backup retention; set backup_retention_period to at least 7 (AWS defaults to 1)",
    ]);
  });

  it("fails on an Aurora cluster keeping 3 days", () => {
    const stack = ruleStack("OpenedxAws-RDS3");
    auroraCluster(stack, { backupRetentionPeriod: 3 });
    expect(synthFailure(stack)).toContain("[OpenedxAws-RDS3] the RDS database keeps automated backups for fewer than 7 days at test/cluster (aws_rds_cluster.cluster)");
  });

  it("passes with 7 days, and does not apply to a read replica", () => {
    const stack = ruleStack("OpenedxAws-RDS3");
    const source = instance(stack);
    new DbInstance(stack, "replica", { replicateSourceDb: source.identifier, instanceClass: "db.r6g.large" });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("reports an unresolvable retention as a violation", () => {
    const stack = ruleStack("OpenedxAws-RDS3");
    const days = new TerraformVariable(stack, "days", { type: "number" });
    instance(stack, { backupRetentionPeriod: days.numberValue });
    expect(synthFailure(stack)).toContain('[OpenedxAws-RDS3] rule threw: backup_retention_period is the Terraform expression "${var.days}"');
  });
});

describe("OpenedxAws-RDS4: MySQL logs are exported to CloudWatch Logs", () => {
  it("names each missing log type of an RDS instance", () => {
    const stack = ruleStack("OpenedxAws-RDS4");
    instance(stack, { enabledCloudwatchLogsExports: ["general"] });
    expect(violatedRules(stack)).toEqual(["[OpenedxAws-RDS4[error]]", "[OpenedxAws-RDS4[slowquery]]"]);
    expect(violationLines(stack)[0]).toBe(
      "[OpenedxAws-RDS4[error]] the MySQL database does not export every required log type to CloudWatch Logs at test/db (aws_db_instance.db): the error and slow query logs explain outages and slow pages, and Aurora's audit log records who changed what; add the missing types to enabled_cloudwatch_logs_exports, and pre-create their encrypted log groups",
    );
  });

  it("requires the audit log of Aurora MySQL", () => {
    const stack = ruleStack("OpenedxAws-RDS4");
    auroraCluster(stack, { enabledCloudwatchLogsExports: ["error", "slowquery"] });
    expect(violatedRules(stack)).toEqual(["[OpenedxAws-RDS4[audit]]"]);
  });

  it("checks a read replica against the engine of its source", () => {
    const stack = ruleStack("OpenedxAws-RDS4");
    const source = instance(stack);
    new DbInstance(stack, "replica", { replicateSourceDb: source.identifier, instanceClass: "db.r6g.large" });
    expect(violationLines(stack)).toEqual([
      expect.stringMatching(/^\[OpenedxAws-RDS4\[error\]\] .* at test\/replica /),
      expect.stringMatching(/^\[OpenedxAws-RDS4\[slowquery\]\] .* at test\/replica /),
    ]);
  });

  it("does not apply to other engines", () => {
    const stack = ruleStack("OpenedxAws-RDS4");
    instance(stack, { engine: "postgres", enabledCloudwatchLogsExports: [] });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("reports an engine it cannot determine as a violation", () => {
    const stack = ruleStack("OpenedxAws-RDS4");
    instance(stack, { engine: undefined, snapshotIdentifier: "openedx-snapshot" });
    expect(synthFailure(stack)).toContain(
      "[OpenedxAws-RDS4] rule threw: engine is unset and cannot be inherited from a source instance of this stack; set engine so the rule knows which engine applies",
    );
  });
});

describe("OpenedxAws-RDS5: RDS manages the master password", () => {
  it("names manage_master_user_password and a literal password", () => {
    const stack = ruleStack("OpenedxAws-RDS5");
    instance(stack, { manageMasterUserPassword: undefined, password: "hunter2hunter2" });
    expect(violationLines(stack)).toEqual([
      "[OpenedxAws-RDS5[manage_master_user_password]] the RDS master password is not managed by RDS in Secrets Manager at test/db (aws_db_instance.db): a password written into the configuration sits in plaintext in the synthesized JSON and the state, and is never rotated; set manage_master_user_password to true and remove password / master_password, then read the secret from Secrets Manager",
      expect.stringMatching(/^\[OpenedxAws-RDS5\[password\]\] the RDS master password is not managed by RDS in Secrets Manager at test\/db /),
    ]);
  });

  it("names only manage_master_user_password when the password is a reference", () => {
    const stack = ruleStack("OpenedxAws-RDS5");
    const password = new TerraformVariable(stack, "password", { type: "string", sensitive: true });
    instance(stack, { manageMasterUserPassword: false, password: password.stringValue });
    expect(violatedRules(stack)).toEqual(["[OpenedxAws-RDS5[manage_master_user_password]]"]);
  });

  it("names a literal master_password of an Aurora cluster", () => {
    const stack = ruleStack("OpenedxAws-RDS5");
    auroraCluster(stack, { manageMasterUserPassword: undefined, masterPassword: "hunter2hunter2" });
    expect(violatedRules(stack)).toEqual(["[OpenedxAws-RDS5[manage_master_user_password]]", "[OpenedxAws-RDS5[master_password]]"]);
  });
});

describe("OpenedxAws-RDS6: Performance Insights runs, encrypted with a customer-managed key", () => {
  it("names performance_insights_enabled and the key on an RDS instance", () => {
    const stack = ruleStack("OpenedxAws-RDS6");
    instance(stack, { performanceInsightsEnabled: undefined, performanceInsightsKmsKeyId: undefined });
    expect(violatedRules(stack)).toEqual(["[OpenedxAws-RDS6[performance_insights_enabled]]", "[OpenedxAws-RDS6[performance_insights_kms_key_id]]"]);
    expect(violationLines(stack)[0]).toBe(
      "[OpenedxAws-RDS6[performance_insights_enabled]] the RDS database instance does not run Performance Insights encrypted with a customer-managed key at test/db (aws_db_instance.db): during an incident, Performance Insights shows which queries load the database, and it stores query text; set performance_insights_enabled to true and performance_insights_kms_key_id to a customer-managed key (suppress with a reason on instance classes that do not support it)",
    );
  });

  it("names the key of an Aurora instance that uses the AWS-managed one", () => {
    const stack = ruleStack("OpenedxAws-RDS6");
    new RdsClusterInstance(stack, "aurora_instance", { clusterIdentifier: "openedx", engine: "aurora-mysql", instanceClass: "db.r6g.large", performanceInsightsEnabled: true });
    expect(violatedRules(stack)).toEqual(["[OpenedxAws-RDS6[performance_insights_kms_key_id]]"]);
  });
});

describe("OpenedxAws-RDS7: MySQL requires TLS through its parameter group", () => {
  it("fails without a parameter group (the default leaves require_secure_transport OFF)", () => {
    const stack = ruleStack("OpenedxAws-RDS7");
    instance(stack, { parameterGroupName: undefined });
    expect(violationLines(stack)).toEqual([
      "[OpenedxAws-RDS7] the MySQL database does not require TLS from its clients at test/db (aws_db_instance.db): without require_secure_transport, clients may send passwords and learner data in plaintext across the VPC; give the database a parameter group in the same stack (aws_db_parameter_group, or aws_rds_cluster_parameter_group for a cluster) that sets require_secure_transport to ON",
    ]);
  });

  it("fails when the group sets require_secure_transport OFF or not at all", () => {
    for (const parameter of [[{ name: "require_secure_transport", value: "OFF" }], [{ name: "max_connections", value: "500" }]]) {
      const stack = ruleStack("OpenedxAws-RDS7");
      const group = new DbParameterGroup(stack, "weak", { name: "weak", family: "mysql8.0", parameter });
      instance(stack, { parameterGroupName: group.name });
      expect(violatedRules(stack)).toEqual(["[OpenedxAws-RDS7]"]);
    }
  });

  it("passes when the group is named by id or by its literal name", () => {
    const stack = ruleStack("OpenedxAws-RDS7");
    const byId = new DbParameterGroup(stack, "by_id", { name: "by-id", family: "mysql8.0", parameter: [{ name: "REQUIRE_SECURE_TRANSPORT", value: "on" }] });
    instance(stack, { parameterGroupName: byId.id });
    new DbInstance(stack, "literal", { engine: "mysql", instanceClass: "db.t4g.micro", parameterGroupName: "openedx-mysql8" });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("checks the cluster parameter group of an Aurora cluster", () => {
    const stack = ruleStack("OpenedxAws-RDS7");
    const weak = new RdsClusterParameterGroup(stack, "weak", { name: "weak", family: "aurora-mysql8.0", parameter: [{ name: "require_secure_transport", value: "0" }] });
    auroraCluster(stack, { dbClusterParameterGroupName: weak.name });
    expect(synthFailure(stack)).toContain("[OpenedxAws-RDS7] the MySQL database does not require TLS from its clients at test/cluster (aws_rds_cluster.cluster)");
  });

  it("reports a group that is not in this stack as a violation, as its parameters cannot be read", () => {
    const stack = ruleStack("OpenedxAws-RDS7");
    instance(stack, { parameterGroupName: "shared-mysql8" });
    expect(synthFailure(stack)).toContain(
      '[OpenedxAws-RDS7] rule threw: parameter_group_name "shared-mysql8" names no aws_db_parameter_group of this stack, so its parameters cannot be read; define the group in the same stack, or suppress the rule with a reason at test/db (aws_db_instance.db)',
    );
  });

  it("reports a group named through a variable, or an unresolvable parameter value, as a violation", () => {
    const stack = ruleStack("OpenedxAws-RDS7");
    const name = new TerraformVariable(stack, "group", { type: "string" });
    instance(stack, { parameterGroupName: name.stringValue });
    expect(synthFailure(stack)).toContain('[OpenedxAws-RDS7] rule threw: parameter_group_name is the Terraform expression "${var.group}"');

    const other = ruleStack("OpenedxAws-RDS7");
    const value = new TerraformVariable(other, "tls", { type: "string" });
    const group = new DbParameterGroup(other, "tls_group", { name: "tls", family: "mysql8.0", parameter: [{ name: "require_secure_transport", value: value.stringValue }] });
    instance(other, { parameterGroupName: group.name });
    expect(synthFailure(other)).toContain(
      '[OpenedxAws-RDS7] rule threw: parameter[0].value (require_secure_transport) of aws_db_parameter_group.tls_group is the Terraform expression "${var.tls}"',
    );
  });
});

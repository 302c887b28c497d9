import { TerraformOutput } from "cdktf";
import { describe, expect, it } from "vitest";
import { AuroraMysqlCluster, AuroraMysqlClusterProps } from "../../../src/data/mysql/aurora-mysql-cluster";
import { policyOf, SynthesizedStack } from "../../synth";
import { addressOf, CLIENT_SECURITY_GROUP_ID, mysqlFixture, rejectionOf, requiredProps, testCluster } from "./mysql-fixture";

const CLUSTER = "aws_rds_cluster";
const INSTANCE = "aws_rds_cluster_instance";

function synth(overrides: Partial<AuroraMysqlClusterProps> = {}): SynthesizedStack {
  return new SynthesizedStack(testCluster(overrides).stack);
}

function rejection(overrides: Partial<AuroraMysqlClusterProps>): string {
  const fixture = mysqlFixture();
  return rejectionOf(() => new AuroraMysqlCluster(fixture.stack, "mysql", { ...requiredProps(fixture), ...overrides }));
}

function parametersOf(synthesized: SynthesizedStack, type: string, path: string): Record<string, string> {
  const parameters = synthesized.byPath(type, path).parameter as { name: string; value: string }[];
  return Object.fromEntries(parameters.map(({ name, value }) => [name, value]));
}

describe("AuroraMysqlCluster", () => {
  const defaults = synth();
  const cluster = defaults.byPath(CLUSTER, "mysql/Resource");
  const instances = defaults.resources(INSTANCE).map(([, instance]) => instance);
  const databasesKeyArn = defaults.ref("aws_kms_key", "keys/databases/Resource", "arn");

  describe("cluster", () => {
    it("runs Aurora MySQL 3.10 (LTS) without paid extended support, and tolerates automatic minor upgrades", () => {
      expect(cluster).toMatchObject({
        cluster_identifier: "openedx-test-mysql",
        engine: "aurora-mysql",
        engine_mode: "provisioned",
        engine_version: "8.0.mysql_aurora.3.10.4",
        engine_lifecycle_support: "open-source-rds-extended-support-disabled",
        lifecycle: { prevent_destroy: true, ignore_changes: ["engine_version"] },
      });
    });

    it("sits in the isolated subnets behind its own security group on 3306", () => {
      expect(defaults.byPath("aws_db_subnet_group", "mysql/SubnetGroup").subnet_ids).toEqual(
        ["eu-west-1a", "eu-west-1b", "eu-west-1c"].map((zone) => defaults.ref("aws_subnet", `network/Isolated/${zone}`, "id")),
      );
      expect(cluster).toMatchObject({
        db_subnet_group_name: defaults.ref("aws_db_subnet_group", "mysql/SubnetGroup", "name"),
        vpc_security_group_ids: [defaults.ref("aws_security_group", "mysql/SecurityGroup/Resource", "id")],
        port: 3306,
      });
      expect(defaults.only("aws_vpc_security_group_ingress_rule")).toMatchObject({
        referenced_security_group_id: CLIENT_SECURITY_GROUP_ID,
        from_port: 3306,
        to_port: 3306,
      });
      expect(defaults.resources("aws_vpc_security_group_egress_rule")).toHaveLength(0);
    });

    it("encrypts storage and the RDS-managed master user secret with the database key", () => {
      expect(cluster).toMatchObject({
        storage_encrypted: true,
        kms_key_id: databasesKeyArn,
        master_username: "admin",
        manage_master_user_password: true,
        master_user_secret_kms_key_id: databasesKeyArn,
        iam_database_authentication_enabled: true,
      });
      expect(cluster).not.toHaveProperty("master_password");
      expect(JSON.stringify(defaults.json)).not.toMatch(/"(master_)?password(_wo)?"\s*:/);
    });

    it("keeps 14 days of backups, is protected from deletion and takes a final snapshot", () => {
      expect(cluster).toMatchObject({
        backup_retention_period: 14,
        preferred_backup_window: "02:00-03:00",
        preferred_maintenance_window: "sun:04:00-sun:05:00",
        copy_tags_to_snapshot: true,
        delete_automated_backups: false,
        deletion_protection: true,
        skip_final_snapshot: false,
        final_snapshot_identifier: "openedx-test-mysql-final",
      });
    });

    it("carries the backup tag, which the instances do not (Aurora is backed up per cluster)", () => {
      expect(cluster.tags).toEqual({ backup: "openedx" });
      expect(instances.every((instance) => instance.tags === undefined && instance.lifecycle === undefined)).toBe(true);
    });
  });

  describe("parameters", () => {
    it("requires TLS, sets utf8mb4 and turns on Advanced Auditing in the cluster parameter group", () => {
      expect(defaults.byPath("aws_rds_cluster_parameter_group", "mysql/ClusterParameterGroup")).toMatchObject({
        name: "openedx-test-mysql",
        family: "aurora-mysql8.0",
      });
      expect(parametersOf(defaults, "aws_rds_cluster_parameter_group", "mysql/ClusterParameterGroup")).toEqual({
        require_secure_transport: "ON",
        character_set_server: "utf8mb4",
        collation_server: "utf8mb4_unicode_ci",
        server_audit_logging: "1",
        server_audit_events: "CONNECT,QUERY_DCL,QUERY_DDL",
        server_audit_excl_users: "rdsadmin",
      });
      expect(cluster.db_cluster_parameter_group_name).toBe(defaults.ref("aws_rds_cluster_parameter_group", "mysql/ClusterParameterGroup", "name"));
    });

    it("logs slow queries to files through the instance parameter group", () => {
      expect(defaults.byPath("aws_db_parameter_group", "mysql/InstanceParameterGroup")).toMatchObject({
        name: "openedx-test-mysql-instance",
        family: "aurora-mysql8.0",
      });
      expect(parametersOf(defaults, "aws_db_parameter_group", "mysql/InstanceParameterGroup")).toEqual({
        slow_query_log: "1",
        long_query_time: "2",
        log_output: "FILE",
        general_log: "0",
      });
      const groupName = defaults.ref("aws_db_parameter_group", "mysql/InstanceParameterGroup", "name");
      expect(instances.every((instance) => instance.db_parameter_group_name === groupName)).toBe(true);
    });
  });

  describe("logs", () => {
    it("exports the audit, error and slow query logs to pre-created cluster log groups it depends on", () => {
      expect(cluster.enabled_cloudwatch_logs_exports).toEqual(["audit", "error", "slowquery"]);
      for (const type of ["audit", "error", "slowquery"]) {
        expect(defaults.byPath("aws_cloudwatch_log_group", `mysql/LogGroup-${type}/Resource`)).toMatchObject({
          name: `/aws/rds/cluster/openedx-test-mysql/${type}`,
          retention_in_days: 365,
          kms_key_id: defaults.ref("aws_kms_key", "keys/logs/Resource", "arn"),
        });
        expect(cluster.depends_on).toContain(addressOf(defaults, "aws_cloudwatch_log_group", `mysql/LogGroup-${type}/Resource`));
      }
    });

    it("adds the general log when asked", () => {
      const synthesized = synth({ generalLog: true });
      expect(synthesized.byPath(CLUSTER, "mysql/Resource").enabled_cloudwatch_logs_exports).toEqual(["audit", "error", "general", "slowquery"]);
      expect(synthesized.byPath("aws_cloudwatch_log_group", "mysql/LogGroup-general/Resource").name).toBe("/aws/rds/cluster/openedx-test-mysql/general");
      expect(parametersOf(synthesized, "aws_db_parameter_group", "mysql/InstanceParameterGroup").general_log).toBe("1");
    });
  });

  describe("instances", () => {
    it("are two db.r7g.large in different availability zones of the cluster", () => {
      expect(instances).toHaveLength(2);
      expect(instances.map((instance) => [instance.identifier, instance.availability_zone])).toEqual([
        ["openedx-test-mysql-1", "eu-west-1a"],
        ["openedx-test-mysql-2", "eu-west-1b"],
      ]);
      for (const instance of instances) {
        expect(instance).toMatchObject({
          cluster_identifier: defaults.ref(CLUSTER, "mysql/Resource", "id"),
          engine: "aurora-mysql",
          instance_class: "db.r7g.large",
          db_subnet_group_name: defaults.ref("aws_db_subnet_group", "mysql/SubnetGroup", "name"),
          publicly_accessible: false,
          ca_cert_identifier: "rds-ca-rsa2048-g1",
          auto_minor_version_upgrade: true,
          preferred_maintenance_window: "sun:04:00-sun:05:00",
        });
        expect(instance).not.toHaveProperty("engine_version");
      }
    });

    it("go round the availability zones in turn", () => {
      const zones = synth({ instanceCount: 4 })
        .resources(INSTANCE)
        .map(([, instance]) => instance.availability_zone);
      expect(zones).toEqual(["eu-west-1a", "eu-west-1b", "eu-west-1c", "eu-west-1a"]);
    });

    it("have Performance Insights under the database key and enhanced monitoring through the RDS-only role", () => {
      const role = defaults.byPath("aws_iam_role", "mysql/MonitoringRole/Resource");
      expect(policyOf(role.assume_role_policy).Statement[0]).toMatchObject({
        Principal: { Service: "monitoring.rds.amazonaws.com" },
        Condition: { StringEquals: { "aws:SourceAccount": "111122223333" } },
      });
      expect(defaults.byPath("aws_iam_role_policy_attachments_exclusive", "mysql/MonitoringRole/ManagedPolicies").policy_arns).toEqual([
        "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
      ]);
      for (const instance of instances) {
        expect(instance).toMatchObject({
          performance_insights_enabled: true,
          performance_insights_kms_key_id: databasesKeyArn,
          performance_insights_retention_period: 7,
          monitoring_interval: 60,
          monitoring_role_arn: defaults.ref("aws_iam_role", "mysql/MonitoringRole/Resource", "arn"),
        });
        expect(instance.depends_on).toContain(addressOf(defaults, "aws_iam_role_policy_attachments_exclusive", "mysql/MonitoringRole/ManagedPolicies"));
      }
    });
  });

  describe("a staging-like configuration", () => {
    const staging = synth({
      instanceCount: 1,
      instanceClass: "db.t4g.medium",
      engineVersion: "8.0.mysql_aurora.3.12.0",
      backupRetentionDays: 7,
      deletionProtection: false,
      finalSnapshot: false,
      preventDestroy: false,
      monitoringIntervalSeconds: 0,
      auditEvents: ["CONNECT", "TABLE"],
    });

    it("has one small instance, no monitoring role, and can be deleted without a snapshot", () => {
      const stagingCluster = staging.byPath(CLUSTER, "mysql/Resource");
      expect(stagingCluster).toMatchObject({
        engine_version: "8.0.mysql_aurora.3.12.0",
        backup_retention_period: 7,
        deletion_protection: false,
        skip_final_snapshot: true,
        lifecycle: { ignore_changes: ["engine_version"] },
      });
      expect(stagingCluster).not.toHaveProperty("final_snapshot_identifier");
      expect(stagingCluster.lifecycle).not.toHaveProperty("prevent_destroy");
      expect(staging.only(INSTANCE)).toMatchObject({ instance_class: "db.t4g.medium", monitoring_interval: 0 });
      expect(staging.only(INSTANCE)).not.toHaveProperty("monitoring_role_arn");
      expect(staging.resources("aws_iam_role").filter(([, role]) => String(role.name).includes("rds-monitoring"))).toHaveLength(0);
      expect(parametersOf(staging, "aws_rds_cluster_parameter_group", "mysql/ClusterParameterGroup").server_audit_events).toBe("CONNECT,TABLE");
    });
  });

  describe("attributes", () => {
    it("expose the writer and reader endpoints, secret, security group and identifiers", () => {
      const { stack, database } = testCluster({ instanceCount: 3 });
      const outputs = {
        endpoint: database.endpoint,
        readerEndpoint: database.readerEndpoint,
        masterUserSecretArn: database.masterUserSecretArn,
        securityGroupId: database.securityGroupId,
        databaseIdentifier: database.databaseIdentifier,
        clusterIdentifier: database.clusterIdentifier,
        clusterArn: database.clusterArn,
      };
      for (const [name, value] of Object.entries(outputs)) new TerraformOutput(stack, name, { value });
      const synthesized = new SynthesizedStack(stack);
      const output = (name: string) => (synthesized.json.output?.[name] as { value: unknown }).value;
      const address = addressOf(synthesized, CLUSTER, "mysql/Resource");
      expect(output("endpoint")).toBe(`\${${address}.endpoint}`);
      expect(output("readerEndpoint")).toBe(`\${${address}.reader_endpoint}`);
      expect(output("masterUserSecretArn")).toBe(`\${${address}.master_user_secret[0].secret_arn}`);
      expect(output("securityGroupId")).toBe(synthesized.ref("aws_security_group", "mysql/SecurityGroup/Resource", "id"));
      expect(output("databaseIdentifier")).toBe(`\${${address}.cluster_identifier}`);
      expect(output("clusterIdentifier")).toBe("openedx-test-mysql");
      expect(output("clusterArn")).toBe(`\${${address}.arn}`);
      expect(database).toMatchObject({
        engine: "aurora-mysql",
        port: 3306,
        masterUsername: "admin",
        instanceIdentifiers: ["openedx-test-mysql-1", "openedx-test-mysql-2", "openedx-test-mysql-3"],
      });
      expect(database.instances).toHaveLength(3);
    });
  });

  describe("validation", () => {
    it.each<[string, Partial<AuroraMysqlClusterProps>, string]>([
      ["there are no instances", { instanceCount: 0 }, "instanceCount must be a whole number from 1 to 16 (a writer and up to 15 readers), got 0"],
      ["there are more instances than Aurora allows", { instanceCount: 17 }, "instanceCount must be a whole number from 1 to 16 (a writer and up to 15 readers), got 17"],
      [
        "the engine version is not Aurora MySQL 3",
        { engineVersion: "8.4" },
        'engineVersion must be an Aurora MySQL 3 version such as "8.0.mysql_aurora.3.10.4", got "8.4"',
      ],
      [
        "the name leaves no room for the instance suffix",
        { name: `a${"b".repeat(60)}` },
        `name must be 1-60 lower-case letters, digits or single hyphens, starting with a letter and not ending with a hyphen, got "a${"b".repeat(60)}"`,
      ],
      [
        "an audit event is RDS-only",
        { auditEvents: ["QUERY_DML_NO_SELECT"] },
        'auditEvents must list one or more of CONNECT, QUERY, QUERY_DCL, QUERY_DDL, QUERY_DML, TABLE (what Aurora MySQL audits), each once, got ["QUERY_DML_NO_SELECT"]',
      ],
      [
        "an audit event repeats",
        { auditEvents: ["CONNECT", "CONNECT"] },
        'auditEvents must list one or more of CONNECT, QUERY, QUERY_DCL, QUERY_DDL, QUERY_DML, TABLE (what Aurora MySQL audits), each once, got ["CONNECT","CONNECT"]',
      ],
      [
        "backups are kept 1 day",
        { backupRetentionDays: 1 },
        "backupRetentionDays must be at least 7: fewer days of automated backups leave too short a point-in-time recovery horizon to notice and undo a bad change, got 1",
      ],
      [
        "the backup window crosses midnight into the maintenance window",
        { preferredBackupWindow: "23:30-00:30", preferredMaintenanceWindow: "mon:00:00-mon:01:00" },
        'preferredBackupWindow "23:30-00:30" and preferredMaintenanceWindow "mon:00:00-mon:01:00" overlap; AWS requires them not to share any minute, so move one of them',
      ],
      [
        "the maintenance window is malformed",
        { preferredMaintenanceWindow: "sunday:04:00-sunday:05:00" },
        'preferredMaintenanceWindow must be a weekly UTC window "ddd:hh24:mi-ddd:hh24:mi" with lowercase days mon-sun, such as "sun:05:00-sun:06:00", got "sunday:04:00-sunday:05:00"',
      ],
    ])("throws when %s", (_, overrides, message) => {
      expect(rejection(overrides)).toBe(`${message} (at test/mysql)`);
    });

    it("reports every problem at once", () => {
      const error = rejection({ instanceCount: 0, engineVersion: "8.0", masterUsername: "1admin" });
      expect(error.split("; ").map((problem) => problem.split(" ")[0])).toEqual(["masterUsername", "engineVersion", "instanceCount"]);
    });
  });
});

import { TerraformOutput } from "cdktf";
import { describe, expect, it } from "vitest";
import { RdsMysqlInstance, RdsMysqlInstanceProps } from "../../../src/data/mysql/rds-mysql-instance";
import { policyOf, SynthesizedStack } from "../../synth";
import { addressOf, CLIENT_SECURITY_GROUP_ID, mysqlFixture, rejectionOf, requiredProps, testInstance } from "./mysql-fixture";

const DB = "aws_db_instance";

function synth(overrides: Partial<RdsMysqlInstanceProps> = {}): SynthesizedStack {
  return new SynthesizedStack(testInstance(overrides).stack);
}

function rejection(overrides: Partial<RdsMysqlInstanceProps>): string {
  const fixture = mysqlFixture();
  return rejectionOf(() => new RdsMysqlInstance(fixture.stack, "mysql", { ...requiredProps(fixture), ...overrides }));
}

function parametersOf(synthesized: SynthesizedStack): Record<string, string> {
  const parameters = synthesized.byPath("aws_db_parameter_group", "mysql/ParameterGroup").parameter as { name: string; value: string }[];
  return Object.fromEntries(parameters.map(({ name, value }) => [name, value]));
}

describe("RdsMysqlInstance", () => {
  const defaults = synth();
  const instance = defaults.byPath(DB, "mysql/Resource");
  const databasesKeyArn = defaults.ref("aws_kms_key", "keys/databases/Resource", "arn");

  describe("engine and size", () => {
    it("runs MySQL 8.4 (the newest minor, upgraded automatically) without paid extended support", () => {
      expect(instance).toMatchObject({
        identifier: "openedx-test-mysql",
        engine: "mysql",
        engine_version: "8.4",
        auto_minor_version_upgrade: true,
        engine_lifecycle_support: "open-source-rds-extended-support-disabled",
      });
    });

    it("is a Multi-AZ db.r7g.large with 100 GiB of gp3 that autoscales to 1000 GiB", () => {
      expect(instance).toMatchObject({
        instance_class: "db.r7g.large",
        multi_az: true,
        storage_type: "gp3",
        allocated_storage: 100,
        max_allocated_storage: 1000,
      });
      expect(instance).not.toHaveProperty("availability_zone");
      expect(instance).not.toHaveProperty("iops");
    });
  });

  describe("network", () => {
    it("sits in the isolated subnets, not publicly accessible, on 3306", () => {
      const subnetGroup = defaults.byPath("aws_db_subnet_group", "mysql/SubnetGroup");
      expect(subnetGroup.name).toBe("openedx-test-mysql");
      expect(subnetGroup.subnet_ids).toEqual(
        ["eu-west-1a", "eu-west-1b", "eu-west-1c"].map((zone) => defaults.ref("aws_subnet", `network/Isolated/${zone}`, "id")),
      );
      expect(instance).toMatchObject({
        db_subnet_group_name: defaults.ref("aws_db_subnet_group", "mysql/SubnetGroup", "name"),
        publicly_accessible: false,
        port: 3306,
        vpc_security_group_ids: [defaults.ref("aws_security_group", "mysql/SecurityGroup/Resource", "id")],
      });
    });

    it("admits only the client security groups on 3306, with no egress rule", () => {
      expect(defaults.byPath("aws_security_group", "mysql/SecurityGroup/Resource")).toMatchObject({
        name: "openedx-test-mysql",
        vpc_id: defaults.ref("aws_vpc", "network/Resource", "id"),
      });
      expect(defaults.resources("aws_vpc_security_group_ingress_rule").map(([, rule]) => rule)).toEqual([
        expect.objectContaining({
          security_group_id: defaults.ref("aws_security_group", "mysql/SecurityGroup/Resource", "id"),
          referenced_security_group_id: CLIENT_SECURITY_GROUP_ID,
          ip_protocol: "tcp",
          from_port: 3306,
          to_port: 3306,
        }),
      ]);
      expect(defaults.resources("aws_vpc_security_group_egress_rule")).toHaveLength(0);
    });
  });

  describe("encryption and credentials", () => {
    it("encrypts storage, the master user secret and Performance Insights with the database key", () => {
      expect(instance).toMatchObject({
        storage_encrypted: true,
        kms_key_id: databasesKeyArn,
        master_user_secret_kms_key_id: databasesKeyArn,
        performance_insights_kms_key_id: databasesKeyArn,
      });
    });

    it("lets RDS generate and keep the master password, so none is in the configuration", () => {
      expect(instance).toMatchObject({ username: "admin", manage_master_user_password: true });
      expect(instance).not.toHaveProperty("password");
      expect(instance).not.toHaveProperty("password_wo");
      expect(JSON.stringify(defaults.json)).not.toMatch(/"(master_)?password(_wo)?"\s*:/);
    });

    it("presents an RSA 2048 server certificate, requires TLS and accepts IAM authentication", () => {
      expect(instance).toMatchObject({ ca_cert_identifier: "rds-ca-rsa2048-g1", iam_database_authentication_enabled: true });
      expect(parametersOf(defaults).require_secure_transport).toBe("1");
    });
  });

  describe("parameters and options", () => {
    it("uses its own mysql8.4 parameter group with utf8mb4, TLS and file-based slow query logs", () => {
      expect(defaults.byPath("aws_db_parameter_group", "mysql/ParameterGroup")).toMatchObject({ name: "openedx-test-mysql", family: "mysql8.4" });
      expect(parametersOf(defaults)).toEqual({
        require_secure_transport: "1",
        character_set_server: "utf8mb4",
        collation_server: "utf8mb4_unicode_ci",
        slow_query_log: "1",
        long_query_time: "2",
        log_output: "FILE",
        general_log: "0",
      });
      expect(instance.parameter_group_name).toBe(defaults.ref("aws_db_parameter_group", "mysql/ParameterGroup", "name"));
    });

    it("audits logins, grants and schema changes through the MariaDB Audit Plugin, ignoring rdsadmin", () => {
      expect(defaults.byPath("aws_db_option_group", "mysql/OptionGroup")).toMatchObject({
        name: "openedx-test-mysql",
        engine_name: "mysql",
        major_engine_version: "8.4",
        option: [
          {
            option_name: "MARIADB_AUDIT_PLUGIN",
            option_settings: [
              { name: "SERVER_AUDIT_EVENTS", value: "CONNECT,QUERY_DCL,QUERY_DDL" },
              { name: "SERVER_AUDIT_EXCL_USERS", value: "rdsadmin" },
            ],
          },
        ],
      });
      expect(instance.option_group_name).toBe(defaults.ref("aws_db_option_group", "mysql/OptionGroup", "name"));
    });
  });

  describe("logs", () => {
    it("exports the audit, error and slow query logs to pre-created, encrypted log groups it depends on", () => {
      expect(instance.enabled_cloudwatch_logs_exports).toEqual(["audit", "error", "slowquery"]);
      const logsKeyArn = defaults.ref("aws_kms_key", "keys/logs/Resource", "arn");
      for (const type of ["audit", "error", "slowquery"]) {
        expect(defaults.byPath("aws_cloudwatch_log_group", `mysql/LogGroup-${type}/Resource`)).toMatchObject({
          name: `/aws/rds/instance/openedx-test-mysql/${type}`,
          retention_in_days: 365,
          kms_key_id: logsKeyArn,
        });
        expect(instance.depends_on).toContain(addressOf(defaults, "aws_cloudwatch_log_group", `mysql/LogGroup-${type}/Resource`));
      }
      expect(defaults.resources("aws_cloudwatch_log_group").filter(([, group]) => String(group.name).startsWith("/aws/rds/"))).toHaveLength(3);
    });

    it("adds the general log and its group only when asked, and keeps logs for the given retention", () => {
      const synthesized = synth({ generalLog: true, logRetentionDays: 90, slowQueryThresholdSeconds: 0.5 });
      expect(synthesized.byPath(DB, "mysql/Resource").enabled_cloudwatch_logs_exports).toEqual(["audit", "error", "general", "slowquery"]);
      expect(synthesized.byPath("aws_cloudwatch_log_group", "mysql/LogGroup-general/Resource")).toMatchObject({
        name: "/aws/rds/instance/openedx-test-mysql/general",
        retention_in_days: 90,
      });
      expect(parametersOf(synthesized)).toMatchObject({ general_log: "1", long_query_time: "0.5" });
    });
  });

  describe("monitoring", () => {
    it("samples OS metrics every 60 s through a role only RDS of this account can assume", () => {
      const role = defaults.byPath("aws_iam_role", "mysql/MonitoringRole/Resource");
      expect(role.name).toBe("openedx-test-mysql-rds-monitoring");
      expect(policyOf(role.assume_role_policy).Statement).toEqual([
        {
          Effect: "Allow",
          Principal: { Service: "monitoring.rds.amazonaws.com" },
          Action: ["sts:AssumeRole"],
          Condition: { StringEquals: { "aws:SourceAccount": "111122223333" } },
        },
      ]);
      expect(defaults.byPath("aws_iam_role_policy_attachments_exclusive", "mysql/MonitoringRole/ManagedPolicies").policy_arns).toEqual([
        "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
      ]);
      expect(instance).toMatchObject({
        monitoring_interval: 60,
        monitoring_role_arn: defaults.ref("aws_iam_role", "mysql/MonitoringRole/Resource", "arn"),
      });
      expect(instance.depends_on).toContain(addressOf(defaults, "aws_iam_role_policy_attachments_exclusive", "mysql/MonitoringRole/ManagedPolicies"));
    });

    it("keeps Performance Insights for the free 7 days", () => {
      expect(instance).toMatchObject({ performance_insights_enabled: true, performance_insights_retention_period: 7 });
    });

    it("creates no role when enhanced monitoring is off", () => {
      const synthesized = synth({ monitoringIntervalSeconds: 0 });
      expect(synthesized.resources("aws_iam_role").filter(([, role]) => String(role.name).includes("rds-monitoring"))).toHaveLength(0);
      expect(synthesized.byPath(DB, "mysql/Resource").monitoring_interval).toBe(0);
      expect(synthesized.byPath(DB, "mysql/Resource")).not.toHaveProperty("monitoring_role_arn");
    });
  });

  describe("durability", () => {
    it("keeps 14 days of backups in a window that does not meet the maintenance window", () => {
      expect(instance).toMatchObject({
        backup_retention_period: 14,
        backup_window: "02:00-03:00",
        maintenance_window: "sun:04:00-sun:05:00",
        copy_tags_to_snapshot: true,
        delete_automated_backups: false,
      });
    });

    it("is protected from deletion, takes a final snapshot and refuses terraform destroy", () => {
      expect(instance).toMatchObject({
        deletion_protection: true,
        skip_final_snapshot: false,
        final_snapshot_identifier: "openedx-test-mysql-final",
        lifecycle: { prevent_destroy: true },
      });
    });

    it("carries the backup tag the AWS Backup plan selects by", () => {
      expect(instance.tags).toEqual({ backup: "openedx" });
      expect(synth({ backupPlanTag: "critical" }).byPath(DB, "mysql/Resource").tags).toEqual({ backup: "critical" });
    });
  });

  describe("a staging-like configuration", () => {
    const staging = synth({
      multiAz: false,
      instanceClass: "db.t4g.medium",
      engineVersion: "8.4.5",
      allocatedStorageGiB: 20,
      maxAllocatedStorageGiB: 100,
      backupRetentionDays: 7,
      deletionProtection: false,
      finalSnapshot: false,
      preventDestroy: false,
      masterUsername: "openedx_root",
      performanceInsightsRetentionDays: 31,
      monitoringIntervalSeconds: 15,
      auditEvents: ["CONNECT", "QUERY_DML_NO_SELECT"],
      preferredBackupWindow: "23:30-00:15",
      preferredMaintenanceWindow: "mon:01:00-mon:02:00",
    });
    const instanceOfStaging = staging.byPath(DB, "mysql/Resource");

    it("is single-AZ, smaller, pinned, and can be deleted without a snapshot", () => {
      expect(instanceOfStaging).toMatchObject({
        multi_az: false,
        instance_class: "db.t4g.medium",
        engine_version: "8.4.5",
        allocated_storage: 20,
        max_allocated_storage: 100,
        backup_retention_period: 7,
        deletion_protection: false,
        skip_final_snapshot: true,
        username: "openedx_root",
        performance_insights_retention_period: 31,
        monitoring_interval: 15,
        backup_window: "23:30-00:15",
        maintenance_window: "mon:01:00-mon:02:00",
      });
      expect(instanceOfStaging).not.toHaveProperty("final_snapshot_identifier");
      expect(instanceOfStaging).not.toHaveProperty("lifecycle");
    });

    it("audits the events it was given", () => {
      const option = (staging.byPath("aws_db_option_group", "mysql/OptionGroup").option as { option_settings: unknown[] }[])[0];
      expect(option.option_settings).toContainEqual({ name: "SERVER_AUDIT_EVENTS", value: "CONNECT,QUERY_DML_NO_SELECT" });
    });
  });

  describe("attributes", () => {
    it("expose the endpoint, secret, security group and identifiers", () => {
      const { stack, database } = testInstance();
      const outputs = {
        endpoint: database.endpoint,
        readerEndpoint: database.readerEndpoint,
        masterUserSecretArn: database.masterUserSecretArn,
        securityGroupId: database.securityGroupId,
        databaseIdentifier: database.databaseIdentifier,
        instanceArn: database.instanceArn,
        monitoringRoleArn: database.monitoringRoleArn,
      };
      for (const [name, value] of Object.entries(outputs)) new TerraformOutput(stack, name, { value });
      const synthesized = new SynthesizedStack(stack);
      const output = (name: string) => (synthesized.json.output?.[name] as { value: unknown }).value;
      const address = addressOf(synthesized, DB, "mysql/Resource");
      expect(output("endpoint")).toBe(`\${${address}.address}`);
      expect(output("readerEndpoint")).toBe(`\${${address}.address}`);
      expect(output("masterUserSecretArn")).toBe(`\${${address}.master_user_secret[0].secret_arn}`);
      expect(output("securityGroupId")).toBe(synthesized.ref("aws_security_group", "mysql/SecurityGroup/Resource", "id"));
      expect(output("databaseIdentifier")).toBe(`\${${address}.identifier}`);
      expect(output("instanceArn")).toBe(`\${${address}.arn}`);
      expect(output("monitoringRoleArn")).toBe(synthesized.ref("aws_iam_role", "mysql/MonitoringRole/Resource", "arn"));
      expect(database).toMatchObject({
        engine: "mysql",
        port: 3306,
        masterUsername: "admin",
        instanceIdentifiers: ["openedx-test-mysql"],
        clusterIdentifier: undefined,
      });
      expect(database.logGroupNames).toHaveLength(3);
    });
  });

  describe("validation", () => {
    it.each<[string, Partial<RdsMysqlInstanceProps>, string]>([
      ["the engine version is not 8.4", { engineVersion: "8.0.40" }, 'engineVersion must be "8.4" or an 8.4 minor version such as "8.4.5", the MySQL release Tutor requires, got "8.0.40"'],
      ["the storage is below the gp3 minimum", { allocatedStorageGiB: 10 }, "allocatedStorageGiB must be a whole number of GiB from 20 to 65536 (gp3), got 10"],
      [
        "the autoscaling ceiling is not above the allocation",
        { allocatedStorageGiB: 200, maxAllocatedStorageGiB: 200 },
        "maxAllocatedStorageGiB must be a whole number of GiB greater than allocatedStorageGiB (200) and at most 65536, got 200",
      ],
      [
        "backups are kept 1 day",
        { backupRetentionDays: 1 },
        "backupRetentionDays must be at least 7: fewer days of automated backups leave too short a point-in-time recovery horizon to notice and undo a bad change, got 1",
      ],
      [
        "backups are kept longer than RDS allows",
        { backupRetentionDays: 36 },
        "backupRetentionDays must be a whole number of days from 7 to 35 (RDS keeps automated backups 1 to 35 days), got 36",
      ],
      [
        "the backup window is malformed",
        { preferredBackupWindow: "2:00-3:00" },
        'preferredBackupWindow must be a daily UTC window "hh24:mi-hh24:mi" such as "03:00-04:00", got "2:00-3:00"',
      ],
      [
        "the backup window is shorter than 30 minutes",
        { preferredBackupWindow: "02:00-02:20" },
        'preferredBackupWindow must last at least 30 minutes, got "02:00-02:20" (20 minutes)',
      ],
      [
        "the maintenance window has an upper-case day",
        { preferredMaintenanceWindow: "Sun:04:00-Sun:05:00" },
        'preferredMaintenanceWindow must be a weekly UTC window "ddd:hh24:mi-ddd:hh24:mi" with lowercase days mon-sun, such as "sun:05:00-sun:06:00", got "Sun:04:00-Sun:05:00"',
      ],
      [
        "the windows overlap",
        { preferredBackupWindow: "04:30-05:30" },
        'preferredBackupWindow "04:30-05:30" and preferredMaintenanceWindow "sun:04:00-sun:05:00" overlap; AWS requires them not to share any minute, so move one of them',
      ],
      [
        "the name has upper-case letters",
        { name: "OpenedX-MySQL" },
        'name must be 1-63 lower-case letters, digits or single hyphens, starting with a letter and not ending with a hyphen, got "OpenedX-MySQL"',
      ],
      ["the instance class is malformed", { instanceClass: "r7g.large" }, 'instanceClass must be a DB instance class such as "db.r7g.large", got "r7g.large"'],
      [
        "the master user is rdsadmin",
        { masterUsername: "rdsadmin" },
        'masterUsername must be 1-16 letters, digits or "_", starting with a letter, and not "rdsadmin", got "rdsadmin"',
      ],
      [
        "an audit event is Aurora-only",
        { auditEvents: ["CONNECT", "TABLE"] },
        'auditEvents must list one or more of CONNECT, QUERY, QUERY_DCL, QUERY_DDL, QUERY_DML, QUERY_DML_NO_SELECT (what RDS for MySQL audits), each once, got ["CONNECT","TABLE"]',
      ],
      [
        "Performance Insights keeps 30 days",
        { performanceInsightsRetentionDays: 30 },
        "performanceInsightsRetentionDays must be 7, a multiple of 31 up to 713 (whole months), or 731, got 30",
      ],
      [
        "the monitoring interval is not one RDS offers",
        { monitoringIntervalSeconds: 45 },
        "monitoringIntervalSeconds must be one of 0, 1, 5, 10, 15, 30, 60 (0 turns enhanced monitoring off), got 45",
      ],
      [
        "the log retention is not a CloudWatch period",
        { logRetentionDays: 100 },
        "logRetentionDays must be a CloudWatch Logs retention period (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653), got 100",
      ],
      ["the slow query threshold is negative", { slowQueryThresholdSeconds: -1 }, "slowQueryThresholdSeconds must be a number of seconds from 0 to 31536000, got -1"],
      [
        "no client may connect",
        { clientSecurityGroupIds: [] },
        "clientSecurityGroupIds must name at least one security group allowed to connect, or nothing could reach the database",
      ],
      [
        "the network has one isolated subnet",
        { network: { vpcId: "vpc-1", isolatedSubnetIds: ["subnet-1"], availabilityZones: ["eu-west-1a"] } },
        "network.isolatedSubnetIds must hold subnets in at least 2 availability zones, as an RDS subnet group requires, got 1",
      ],
      ["the backup tag is empty", { backupPlanTag: "" }, 'backupPlanTag must be a tag value of 1-256 letters, digits, spaces or _ . : / = + - @, got ""'],
    ])("throws when %s", (_, overrides, message) => {
      const error = rejection(overrides);
      expect(error).toBe(`${message} (at test/mysql)`);
    });

    it("reports every problem at once", () => {
      const error = rejection({ backupRetentionDays: 1, preferredBackupWindow: "bad", instanceClass: "large", engineVersion: "5.7" });
      expect(error.split("; ").map((problem) => problem.split(" ")[0])).toEqual([
        "instanceClass",
        "backupRetentionDays",
        "preferredBackupWindow",
        "engineVersion",
      ]);
    });
  });
});

import { describe, expect, it } from "vitest";
import {
  DOCUMENTDB_CA_BUNDLE_URL,
  DOCUMENTDB_CONNECTION_OPTIONS,
  DocumentDbCluster,
  DocumentDbClusterProps,
  DocumentDbEngineVersion,
} from "../../../src/data/document-db";
import { SynthesizedStack } from "../../synth";
import {
  CLIENT_SECURITY_GROUP_ID,
  commonProps,
  dataFixture,
  DataFixtureOptions,
  plaintextSecrets,
  rejectionOf,
  resolvedAttributes,
  violatedRules,
} from "../../construct-fixture";

const CLUSTER = "aws_docdb_cluster";
const INSTANCE = "aws_docdb_cluster_instance";
const NAME = "openedx-test-docdb";

function build(overrides: Partial<DocumentDbClusterProps> = {}, options: DataFixtureOptions = {}) {
  const fixture = dataFixture(options);
  const cluster = new DocumentDbCluster(fixture.stack, "docdb", { name: NAME, ...commonProps(fixture), ...overrides });
  return { ...fixture, cluster, synthesized: new SynthesizedStack(fixture.stack) };
}

function rejection(overrides: Partial<DocumentDbClusterProps>): string {
  const fixture = dataFixture();
  return rejectionOf(() => new DocumentDbCluster(fixture.stack, "docdb", { name: NAME, ...commonProps(fixture), ...overrides }));
}

/** `type.name` of a resource, as `depends_on` lists it. */
function address(synthesized: SynthesizedStack, type: string, suffix: string): string {
  return synthesized.ref(type, suffix, "id").replace(/^\$\{(.*)\.id\}$/, "$1");
}

const AT = "(at test/docdb)";

describe("DocumentDbCluster", () => {
  const defaults = build();
  const { synthesized } = defaults;
  const cluster = synthesized.byPath(CLUSTER, "docdb/Resource");

  describe("cluster", () => {
    it("runs DocumentDB 8.0 on 27017 under the given identifier", () => {
      expect(cluster).toMatchObject({ cluster_identifier: NAME, engine: "docdb", engine_version: "8.0.0", port: 27017 });
    });

    it("encrypts its storage with the databases key", () => {
      expect(cluster.storage_encrypted).toBe(true);
      expect(cluster.kms_key_id).toBe(synthesized.ref("aws_kms_key", "databases/Resource", "arn"));
    });

    it("lets DocumentDB generate and keep the master password, which never reaches the configuration", () => {
      expect(cluster).toMatchObject({ master_username: "openedx", manage_master_user_password: true });
      expect(cluster).not.toHaveProperty("master_password");
      expect(cluster).not.toHaveProperty("master_password_wo");
      expect(plaintextSecrets(synthesized.json)).toEqual([]);
    });

    it("keeps 14 days of backups in a window apart from maintenance", () => {
      expect(cluster).toMatchObject({
        backup_retention_period: 14,
        preferred_backup_window: "03:00-04:00",
        preferred_maintenance_window: "sun:05:00-sun:06:00",
      });
    });

    it("is protected from deletion, snapshotted when deleted, and refused by terraform destroy", () => {
      expect(cluster).toMatchObject({
        deletion_protection: true,
        skip_final_snapshot: false,
        final_snapshot_identifier: `${NAME}-final`,
        lifecycle: { prevent_destroy: true },
      });
    });

    it("carries the backup tag the AWS Backup plan selects by", () => {
      expect(cluster.tags).toEqual({ Name: NAME, backup: "openedx" });
    });

    it("does not pin availability zones on the cluster, which AWS would widen and Terraform would then replace", () => {
      expect(cluster).not.toHaveProperty("availability_zones");
    });
  });

  describe("network", () => {
    it("places the cluster in the isolated subnets", () => {
      const subnetGroup = synthesized.byPath("aws_docdb_subnet_group", "docdb/SubnetGroup");
      expect(subnetGroup.name).toBe(NAME);
      expect(subnetGroup.subnet_ids).toEqual(
        ["eu-west-1a", "eu-west-1b", "eu-west-1c"].map((zone) => synthesized.ref("aws_subnet", `network/Isolated/${zone}`, "id")),
      );
      expect(cluster.db_subnet_group_name).toBe(synthesized.ref("aws_docdb_subnet_group", "docdb/SubnetGroup", "name"));
    });

    it("admits the clients on 27017 only, through its own security group without egress", () => {
      const group = synthesized.byPath("aws_security_group", "docdb/SecurityGroup/Resource");
      expect(group).toMatchObject({ name: NAME, vpc_id: synthesized.ref("aws_vpc", "network/Resource", "id") });
      expect(group).not.toHaveProperty("egress");
      const ingress = synthesized.resources("aws_vpc_security_group_ingress_rule").filter(([, rule]) => JSON.stringify(rule).includes("docdb/SecurityGroup"));
      expect(ingress.map(([, rule]) => rule)).toEqual([
        expect.objectContaining({
          security_group_id: synthesized.ref("aws_security_group", "docdb/SecurityGroup/Resource", "id"),
          ip_protocol: "tcp",
          from_port: 27017,
          to_port: 27017,
          referenced_security_group_id: CLIENT_SECURITY_GROUP_ID,
        }),
      ]);
      expect(cluster.vpc_security_group_ids).toEqual([synthesized.ref("aws_security_group", "docdb/SecurityGroup/Resource", "id")]);
    });
  });

  describe("cluster parameter group", () => {
    const group = synthesized.byPath("aws_docdb_cluster_parameter_group", "docdb/ParameterGroup");

    it("belongs to the docdb8.0 family and is named after it, so an upgrade can create the next one first", () => {
      expect(group).toMatchObject({ family: "docdb8.0", name: `${NAME}-docdb80`, lifecycle: { create_before_destroy: true } });
      expect(cluster.db_cluster_parameter_group_name).toBe(synthesized.ref("aws_docdb_cluster_parameter_group", "docdb/ParameterGroup", "name"));
    });

    it("requires TLS and turns on the audit log and the profiler at 200 ms", () => {
      expect(group.parameter).toEqual([
        { name: "tls", value: "enabled", apply_method: "pending-reboot" },
        { name: "audit_logs", value: "enabled", apply_method: "immediate" },
        { name: "profiler", value: "enabled", apply_method: "immediate" },
        { name: "profiler_threshold_ms", value: "200", apply_method: "immediate" },
      ]);
    });
  });

  describe("logs", () => {
    it("exports the audit and profiler logs", () => {
      expect(cluster.enabled_cloudwatch_logs_exports).toEqual(["audit", "profiler"]);
    });

    it.each([
      ["AuditLogGroup", "audit"],
      ["ProfilerLogGroup", "profiler"],
    ])("pre-creates the %s, encrypted and retained for a year, before the cluster", (id, type) => {
      expect(synthesized.byPath("aws_cloudwatch_log_group", `docdb/${id}/Resource`)).toMatchObject({
        name: `/aws/docdb/${NAME}/${type}`,
        retention_in_days: 365,
        kms_key_id: synthesized.ref("aws_kms_key", "logs/Resource", "arn"),
      });
      expect(cluster.depends_on).toContain(address(synthesized, "aws_cloudwatch_log_group", `docdb/${id}/Resource`));
    });
  });

  describe("instances", () => {
    const instances = synthesized.resources(INSTANCE).map(([, instance]) => instance);

    it("runs a primary and a replica in different zones", () => {
      expect(instances).toHaveLength(2);
      expect(instances.map((instance) => [instance.identifier, instance.availability_zone])).toEqual([
        [`${NAME}-1`, "eu-west-1a"],
        [`${NAME}-2`, "eu-west-1b"],
      ]);
    });

    it("joins every instance to the cluster with the production class, the RSA CA and minor upgrades", () => {
      for (const instance of instances) {
        expect(instance).toMatchObject({
          cluster_identifier: synthesized.ref(CLUSTER, "docdb/Resource", "id"),
          engine: "docdb",
          instance_class: "db.r6g.large",
          ca_cert_identifier: "rds-ca-rsa2048-g1",
          auto_minor_version_upgrade: true,
          copy_tags_to_snapshot: true,
          preferred_maintenance_window: "sun:05:00-sun:06:00",
        });
      }
    });

    it("spreads more instances than zones over the zones in turn", () => {
      const four = build({ instanceCount: 4 });
      expect(four.synthesized.resources(INSTANCE).map(([, instance]) => instance.availability_zone)).toEqual([
        "eu-west-1a",
        "eu-west-1b",
        "eu-west-1c",
        "eu-west-1a",
      ]);
      expect(four.cluster.instanceIdentifiers).toEqual([1, 2, 3, 4].map((n) => `${NAME}-${n}`));
    });
  });

  describe("attributes", () => {
    it("exposes the endpoints, credentials secret and security group by reference, the names as literals", () => {
      const fixture = dataFixture();
      const docdb = new DocumentDbCluster(fixture.stack, "docdb", { name: NAME, ...commonProps(fixture) });
      const { synthesized: outputs, values } = resolvedAttributes(fixture.stack, {
        endpoint: docdb.endpoint,
        readerEndpoint: docdb.readerEndpoint,
        port: docdb.port,
        masterUsername: docdb.masterUsername,
        masterUserSecretArn: docdb.masterUserSecretArn,
        securityGroupId: docdb.securityGroupId,
        clusterIdentifier: docdb.clusterIdentifier,
        clusterArn: docdb.clusterArn,
        instanceIdentifiers: docdb.instanceIdentifiers,
      });
      expect(values).toEqual({
        endpoint: outputs.ref(CLUSTER, "docdb/Resource", "endpoint"),
        readerEndpoint: outputs.ref(CLUSTER, "docdb/Resource", "reader_endpoint"),
        port: 27017,
        masterUsername: "openedx",
        masterUserSecretArn: outputs.ref(CLUSTER, "docdb/Resource", "master_user_secret[0].secret_arn"),
        securityGroupId: outputs.ref("aws_security_group", "docdb/SecurityGroup/Resource", "id"),
        clusterIdentifier: NAME,
        clusterArn: outputs.ref(CLUSTER, "docdb/Resource", "arn"),
        instanceIdentifiers: [`${NAME}-1`, `${NAME}-2`],
      });
    });
  });

  describe("a staging-like configuration", () => {
    const staging = build({
      instanceClass: "db.t4g.medium",
      instanceCount: 1,
      backupRetentionDays: 7,
      deletionProtection: false,
      finalSnapshot: false,
      preventDestroy: false,
      profilerThresholdMs: 500,
      logRetentionDays: 90,
      masterUsername: "edxadmin",
      preferredBackupWindow: "23:30-00:30",
      preferredMaintenanceWindow: "sat:01:00-sat:02:00",
      backupPlanTag: "staging",
    });
    const stagingCluster = staging.synthesized.byPath(CLUSTER, "docdb/Resource");

    it("runs one smaller instance", () => {
      expect(staging.synthesized.resources(INSTANCE).map(([, instance]) => [instance.identifier, instance.instance_class])).toEqual([
        [`${NAME}-1`, "db.t4g.medium"],
      ]);
      expect(staging.cluster.instanceIdentifiers).toEqual([`${NAME}-1`]);
    });

    it("keeps 7 days of backups in the given windows, without protection, final snapshot or prevent_destroy", () => {
      expect(stagingCluster).toMatchObject({
        backup_retention_period: 7,
        preferred_backup_window: "23:30-00:30",
        preferred_maintenance_window: "sat:01:00-sat:02:00",
        deletion_protection: false,
        skip_final_snapshot: true,
        master_username: "edxadmin",
        tags: { Name: NAME, backup: "staging" },
      });
      expect(stagingCluster).not.toHaveProperty("final_snapshot_identifier");
      expect(stagingCluster).not.toHaveProperty("lifecycle");
    });

    it("applies the profiler threshold and log retention", () => {
      const group = staging.synthesized.byPath("aws_docdb_cluster_parameter_group", "docdb/ParameterGroup");
      expect(group.parameter).toContainEqual({ name: "profiler_threshold_ms", value: "500", apply_method: "immediate" });
      expect(staging.synthesized.byPath("aws_cloudwatch_log_group", "docdb/AuditLogGroup/Resource").retention_in_days).toBe(90);
    });
  });

  describe("guardrails", () => {
    it("passes the production pack with its defaults", () => {
      expect(() => build({}, { production: true })).not.toThrow();
    });

    it("fails the production pack with a staging configuration, on each weakened setting", () => {
      const staging = { instanceCount: 1, backupRetentionDays: 7, deletionProtection: false, finalSnapshot: false, preventDestroy: false };
      expect(violatedRules(() => build(staging, { production: true }))).toEqual([
        "OpenedxAwsProduction-DB1",
        "OpenedxAwsProduction-DB2",
        "OpenedxAwsProduction-DB3",
        "OpenedxAwsProduction-DB4",
        "OpenedxAwsProduction-TF1",
      ]);
    });
  });

  describe("Open edX connection options", () => {
    it("names the options pymongo needs against DocumentDB and the CA bundle", () => {
      expect(DOCUMENTDB_CONNECTION_OPTIONS).toEqual({
        tls: true,
        replicaSet: "rs0",
        readPreference: "secondaryPreferred",
        retryWrites: false,
        authSource: "admin",
      });
      expect(DOCUMENTDB_CA_BUNDLE_URL).toBe("https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem");
    });
  });

  describe("rejected props", () => {
    it.each<[string, Partial<DocumentDbClusterProps>, string]>([
      [
        "a name with upper case",
        { name: "OpenedX-docdb" },
        'name must be 1-60 lowercase letters, digits or single hyphens, starting with a letter and not ending with a hyphen, got "OpenedX-docdb"',
      ],
      [
        "a name with a double hyphen",
        { name: "openedx--docdb" },
        'name must be 1-60 lowercase letters, digits or single hyphens, starting with a letter and not ending with a hyphen, got "openedx--docdb"',
      ],
      [
        "a name ending with a hyphen",
        { name: "openedx-docdb-" },
        'name must be 1-60 lowercase letters, digits or single hyphens, starting with a letter and not ending with a hyphen, got "openedx-docdb-"',
      ],
      [
        "a name too long for the instance suffix",
        { name: `a${"b".repeat(60)}` },
        `name must be 1-60 lowercase letters, digits or single hyphens, starting with a letter and not ending with a hyphen, got "a${"b".repeat(60)}"`,
      ],
      ["no client security group", { clientSecurityGroupIds: [] }, "clientSecurityGroupIds must name at least one security group allowed to connect"],
      [
        "engine 5.0, which lacks collation",
        { engineVersion: "5.0.0" as DocumentDbEngineVersion },
        `engineVersion must be one of "8.0.0" (collation, which Studio's Files page sorts with, needs DocumentDB 8.0), got "5.0.0"`,
      ],
      [
        "an instance class without the db. prefix",
        { instanceClass: "r6g.large" },
        'instanceClass must be a DocumentDB instance class such as "db.r6g.large" or "db.t4g.medium", got "r6g.large"',
      ],
      ["zero instances", { instanceCount: 0 }, "instanceCount must be a whole number from 1 to 16 (one primary, the rest replicas), got 0"],
      ["17 instances", { instanceCount: 17 }, "instanceCount must be a whole number from 1 to 16 (one primary, the rest replicas), got 17"],
      ["a fractional instance count", { instanceCount: 1.5 }, "instanceCount must be a whole number from 1 to 16 (one primary, the rest replicas), got 1.5"],
      ["a profiler threshold under 50 ms", { profilerThresholdMs: 10 }, "profilerThresholdMs must be a whole number of milliseconds from 50 to 2147483646, got 10"],
      [
        "a log retention CloudWatch does not offer",
        { logRetentionDays: 10 },
        "logRetentionDays must be a CloudWatch Logs retention period (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653), got 10",
      ],
      [
        "a master user name with a symbol",
        { masterUsername: "open_edx" },
        'masterUsername must be 1-63 letters or digits, starting with a letter, and not "admin" or "serviceadmin", which DocumentDB reserves, got "open_edx"',
      ],
      [
        "the reserved master user name admin",
        { masterUsername: "Admin" },
        'masterUsername must be 1-63 letters or digits, starting with a letter, and not "admin" or "serviceadmin", which DocumentDB reserves, got "Admin"',
      ],
      [
        "one day of backups",
        { backupRetentionDays: 1 },
        "backupRetentionDays must be a whole number of days from 7 to 35 (DocumentDB allows 1-35; fewer than 7 leaves less than a week to notice and undo a bad change), got 1",
      ],
      [
        "36 days of backups",
        { backupRetentionDays: 36 },
        "backupRetentionDays must be a whole number of days from 7 to 35 (DocumentDB allows 1-35; fewer than 7 leaves less than a week to notice and undo a bad change), got 36",
      ],
      [
        "a backup window in the wrong format",
        { preferredBackupWindow: "3am-4am" },
        'preferredBackupWindow must be a daily UTC window "hh24:mi-hh24:mi" such as "03:00-04:00", got "3am-4am"',
      ],
      [
        "a backup window of 15 minutes",
        { preferredBackupWindow: "03:00-03:15" },
        'preferredBackupWindow must last at least 30 minutes, got "03:00-03:15" (15 minutes)',
      ],
      [
        "a maintenance window with an upper-case day",
        { preferredMaintenanceWindow: "Sun:05:00-Sun:06:00" },
        'preferredMaintenanceWindow must be a weekly UTC window "ddd:hh24:mi-ddd:hh24:mi" with lowercase days mon-sun, such as "sun:05:00-sun:06:00", got "Sun:05:00-Sun:06:00"',
      ],
      [
        "a maintenance window overlapping the backups",
        { preferredMaintenanceWindow: "wed:03:30-wed:04:30" },
        'preferredBackupWindow "03:00-04:00" and preferredMaintenanceWindow "wed:03:30-wed:04:30" overlap; AWS requires them not to share any minute, so move one of them',
      ],
      ["a backup tag with a comma", { backupPlanTag: "a,b" }, 'backupPlanTag must be 1-256 letters, digits, spaces or _ . : / = + - @, got "a,b"'],
    ])("rejects %s", (_, overrides, message) => {
      expect(rejection(overrides)).toBe(`${message} ${AT}`);
    });

    it("reports every problem at once", () => {
      expect(rejection({ instanceCount: 0, backupRetentionDays: 3, masterUsername: "1st" })).toBe(
        [
          "instanceCount must be a whole number from 1 to 16 (one primary, the rest replicas), got 0",
          'masterUsername must be 1-63 letters or digits, starting with a letter, and not "admin" or "serviceadmin", which DocumentDB reserves, got "1st"',
          "backupRetentionDays must be a whole number of days from 7 to 35 (DocumentDB allows 1-35; fewer than 7 leaves less than a week to notice and undo a bad change), got 3",
        ].join("; ") + ` ${AT}`,
      );
    });
  });
});

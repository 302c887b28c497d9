import { describe, expect, it } from "vitest";
import { CacheEngine, MaxmemoryPolicy, RedisCache, RedisCacheProps, TransitEncryptionMode } from "../../../src/data/cache";
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

const GROUP = "aws_elasticache_replication_group";
const NAME = "openedx-test-cache";
const AT = "(at test/cache)";

function build(overrides: Partial<RedisCacheProps> = {}, options: DataFixtureOptions = {}) {
  const fixture = dataFixture(options);
  const cache = new RedisCache(fixture.stack, "cache", { name: NAME, ...commonProps(fixture), ...overrides });
  return { ...fixture, cache, synthesized: new SynthesizedStack(fixture.stack) };
}

function rejection(overrides: Partial<RedisCacheProps>): string {
  const fixture = dataFixture();
  return rejectionOf(() => new RedisCache(fixture.stack, "cache", { name: NAME, ...commonProps(fixture), ...overrides }));
}

describe("RedisCache", () => {
  const defaults = build();
  const { synthesized } = defaults;
  const group = synthesized.byPath(GROUP, "cache/Resource");
  const tokenReference = `\${sensitive(terraform_data.${synthesized.resources("terraform_data")[0][0]}.output["token"])}`;

  describe("replication group", () => {
    it("runs Valkey 8.0 on 6379 with cluster mode disabled, for Tutor's databases 0 and 1", () => {
      expect(group).toMatchObject({
        replication_group_id: NAME,
        engine: "valkey",
        engine_version: "8.0",
        port: 6379,
        cluster_mode: "disabled",
        node_type: "cache.r7g.large",
        auto_minor_version_upgrade: "true",
      });
      expect(group).not.toHaveProperty("num_node_groups");
    });

    it("runs a primary and a replica in another zone, with automatic failover", () => {
      expect(group).toMatchObject({ num_cache_clusters: 2, automatic_failover_enabled: true, multi_az_enabled: true });
    });

    it("encrypts data at rest with the databases key and requires TLS", () => {
      expect(group).toMatchObject({
        at_rest_encryption_enabled: "true",
        kms_key_id: synthesized.ref("aws_kms_key", "databases/Resource", "arn"),
        transit_encryption_enabled: true,
        transit_encryption_mode: "required",
      });
    });

    it("authenticates with the generated token by reference, rotating on change", () => {
      expect(group.auth_token).toBe(tokenReference);
      expect(group.auth_token_update_strategy).toBe("ROTATE");
    });

    it("snapshots daily for 7 days, apart from maintenance, and on deletion", () => {
      expect(group).toMatchObject({
        snapshot_retention_limit: 7,
        snapshot_window: "04:00-05:00",
        maintenance_window: "sun:06:00-sun:07:00",
        final_snapshot_identifier: `${NAME}-final`,
      });
    });

    it("is refused by terraform destroy and carries no backup tag, ElastiCache not being an AWS Backup target", () => {
      expect(group.lifecycle).toEqual({ prevent_destroy: true });
      expect(group.tags).toEqual({ Name: NAME });
    });
  });

  describe("network", () => {
    it("places the nodes in the isolated subnets", () => {
      const subnetGroup = synthesized.byPath("aws_elasticache_subnet_group", "cache/SubnetGroup");
      expect(subnetGroup.name).toBe(NAME);
      expect(subnetGroup.subnet_ids).toEqual(
        ["eu-west-1a", "eu-west-1b", "eu-west-1c"].map((zone) => synthesized.ref("aws_subnet", `network/Isolated/${zone}`, "id")),
      );
      expect(group.subnet_group_name).toBe(synthesized.ref("aws_elasticache_subnet_group", "cache/SubnetGroup", "name"));
    });

    it("admits the clients on 6379 only, through its own security group without egress", () => {
      const securityGroupId = synthesized.ref("aws_security_group", "cache/SecurityGroup/Resource", "id");
      expect(synthesized.byPath("aws_security_group", "cache/SecurityGroup/Resource")).not.toHaveProperty("egress");
      expect(synthesized.byPath("aws_vpc_security_group_ingress_rule", "cache/SecurityGroup/FromClient0")).toMatchObject({
        security_group_id: securityGroupId,
        ip_protocol: "tcp",
        from_port: 6379,
        to_port: 6379,
        referenced_security_group_id: CLIENT_SECURITY_GROUP_ID,
      });
      expect(synthesized.resources("aws_vpc_security_group_ingress_rule").filter(([, rule]) => rule.security_group_id === securityGroupId)).toHaveLength(1);
      expect(group.security_group_ids).toEqual([securityGroupId]);
    });
  });

  describe("parameter group", () => {
    it("belongs to the valkey8 family, named after it, and evicts only expiring keys", () => {
      const parameters = synthesized.byPath("aws_elasticache_parameter_group", "cache/ParameterGroup");
      expect(parameters).toMatchObject({ name: `${NAME}-valkey8`, family: "valkey8", lifecycle: { create_before_destroy: true } });
      expect(parameters.parameter).toEqual([{ name: "maxmemory-policy", value: "volatile-lru" }]);
      expect(group.parameter_group_name).toBe(synthesized.ref("aws_elasticache_parameter_group", "cache/ParameterGroup", "name"));
    });
  });

  describe("auth token secret", () => {
    it("keeps the token in a secret named after the group, encrypted with the databases key", () => {
      expect(synthesized.byPath("aws_secretsmanager_secret", "cache/AuthToken/Resource")).toMatchObject({
        name: `${NAME}/auth-token`,
        kms_key_id: synthesized.ref("aws_kms_key", "databases/Resource", "arn"),
        recovery_window_in_days: 30,
      });
    });

    it("writes no token or password in plain text anywhere in the stack", () => {
      expect(plaintextSecrets(synthesized.json)).toEqual([]);
      expect(JSON.stringify(synthesized.json)).not.toMatch(/[0-9a-f]{64}/i);
    });
  });

  describe("logs", () => {
    it.each([
      ["SlowLogGroup", "slow-log"],
      ["EngineLogGroup", "engine-log"],
    ])("delivers the %s as JSON into a pre-created, encrypted group kept for a year", (id, type) => {
      expect(synthesized.byPath("aws_cloudwatch_log_group", `cache/${id}/Resource`)).toMatchObject({
        name: `/aws/elasticache/${NAME}/${type}`,
        retention_in_days: 365,
        kms_key_id: synthesized.ref("aws_kms_key", "logs/Resource", "arn"),
      });
      expect(group.log_delivery_configuration).toContainEqual({
        log_type: type,
        destination_type: "cloudwatch-logs",
        destination: synthesized.ref("aws_cloudwatch_log_group", `cache/${id}/Resource`, "name"),
        log_format: "json",
      });
    });

    it("delivers exactly the two logs", () => {
      expect(group.log_delivery_configuration).toHaveLength(2);
    });
  });

  describe("attributes", () => {
    it("exposes the endpoints, secret and security group by reference, the ids as literals", () => {
      const fixture = dataFixture();
      const cache = new RedisCache(fixture.stack, "cache", { name: NAME, ...commonProps(fixture) });
      const { synthesized: outputs, values } = resolvedAttributes(fixture.stack, {
        primaryEndpoint: cache.primaryEndpoint,
        readerEndpoint: cache.readerEndpoint,
        port: cache.port,
        authTokenSecretArn: cache.authTokenSecretArn,
        securityGroupId: cache.securityGroupId,
        replicationGroupId: cache.replicationGroupId,
        replicationGroupArn: cache.replicationGroupArn,
        memberClusterIds: cache.memberClusterIds,
      });
      expect(values).toEqual({
        primaryEndpoint: outputs.ref(GROUP, "cache/Resource", "primary_endpoint_address"),
        readerEndpoint: outputs.ref(GROUP, "cache/Resource", "reader_endpoint_address"),
        port: 6379,
        authTokenSecretArn: outputs.ref("aws_secretsmanager_secret", "cache/AuthToken/Resource", "arn"),
        securityGroupId: outputs.ref("aws_security_group", "cache/SecurityGroup/Resource", "id"),
        replicationGroupId: NAME,
        replicationGroupArn: outputs.ref(GROUP, "cache/Resource", "arn"),
        memberClusterIds: [`${NAME}-001`, `${NAME}-002`],
      });
    });

    it("names one member cluster per node", () => {
      expect(build({ replicasPerNodeGroup: 2 }).cache.memberClusterIds).toEqual([`${NAME}-001`, `${NAME}-002`, `${NAME}-003`]);
    });
  });

  describe("a staging-like configuration", () => {
    const staging = build({
      engine: "redis",
      engineVersion: "7.1",
      nodeType: "cache.t4g.small",
      replicasPerNodeGroup: 0,
      snapshotRetentionDays: 1,
      snapshotWindow: "22:00-23:00",
      maintenanceWindow: "mon:01:00-mon:02:00",
      logRetentionDays: 30,
      finalSnapshot: false,
      preventDestroy: false,
    });
    const stagingGroup = staging.synthesized.byPath(GROUP, "cache/Resource");

    it("runs a single smaller Redis OSS 7.1 node without failover", () => {
      expect(stagingGroup).toMatchObject({
        engine: "redis",
        engine_version: "7.1",
        node_type: "cache.t4g.small",
        num_cache_clusters: 1,
        automatic_failover_enabled: false,
        multi_az_enabled: false,
      });
      expect(staging.cache.memberClusterIds).toEqual([`${NAME}-001`]);
    });

    it("uses the redis7 parameter group family", () => {
      expect(staging.synthesized.byPath("aws_elasticache_parameter_group", "cache/ParameterGroup")).toMatchObject({ name: `${NAME}-redis7`, family: "redis7" });
    });

    it("keeps one day of snapshots in the given windows, without a final snapshot or prevent_destroy", () => {
      expect(stagingGroup).toMatchObject({ snapshot_retention_limit: 1, snapshot_window: "22:00-23:00", maintenance_window: "mon:01:00-mon:02:00" });
      expect(stagingGroup).not.toHaveProperty("final_snapshot_identifier");
      expect(stagingGroup).not.toHaveProperty("lifecycle");
      expect(staging.synthesized.byPath("aws_cloudwatch_log_group", "cache/SlowLogGroup/Resource").retention_in_days).toBe(30);
    });

    it("still encrypts and authenticates", () => {
      expect(stagingGroup).toMatchObject({ at_rest_encryption_enabled: "true", transit_encryption_enabled: true, transit_encryption_mode: "required" });
      expect(stagingGroup.auth_token).toMatch(/^\$\{sensitive\(terraform_data\./);
    });
  });

  describe("other choices", () => {
    it("keeps replicas in the primary's zone when multiAz is false, still failing over automatically", () => {
      const group = build({ multiAz: false }).synthesized.byPath(GROUP, "cache/Resource");
      expect(group).toMatchObject({ num_cache_clusters: 2, automatic_failover_enabled: true, multi_az_enabled: false });
    });

    it("runs Valkey 7.2 on the valkey7 family", () => {
      const { synthesized: valkey7 } = build({ engineVersion: "7.2" });
      expect(valkey7.byPath(GROUP, "cache/Resource").engine_version).toBe("7.2");
      expect(valkey7.byPath("aws_elasticache_parameter_group", "cache/ParameterGroup").family).toBe("valkey7");
    });

    it("accepts plain connections while clients move to TLS, warning and recording the exception to OpenedxAws-EC2", () => {
      const { cache, synthesized: preferred } = build({ transitEncryptionMode: "preferred" });
      expect(preferred.byPath(GROUP, "cache/Resource")).toMatchObject({ transit_encryption_enabled: true, transit_encryption_mode: "preferred" });
      const warnings = cache.node.metadata.filter((entry) => entry.type === "@cdktf/warn").map((entry) => String(entry.data));
      expect(warnings).toEqual([
        'transitEncryptionMode is "preferred": openedx-test-cache accepts plaintext connections; set it back to "required" once every client uses rediss://',
      ]);
      const suppressed = cache.resource.node.metadata.filter((entry) => entry.type === "@cdktf/info").map((entry) => String(entry.data));
      expect(suppressed).toEqual([expect.stringContaining("[OpenedxAws-EC2[transit_encryption_mode]] suppressed at test/cache/Resource")]);
    });

    it("warns and suppresses nothing when TLS is required", () => {
      expect(defaults.cache.node.metadata.filter((entry) => entry.type === "@cdktf/warn")).toEqual([]);
      expect(defaults.cache.resource.node.metadata.filter((entry) => entry.type === "@cdktf/info")).toEqual([]);
    });

    it("takes another eviction policy", () => {
      const { synthesized: lru } = build({ maxmemoryPolicy: "allkeys-lru" });
      expect(lru.byPath("aws_elasticache_parameter_group", "cache/ParameterGroup").parameter).toEqual([{ name: "maxmemory-policy", value: "allkeys-lru" }]);
    });
  });

  describe("guardrails", () => {
    it("passes the production pack with its defaults", () => {
      expect(() => build({}, { production: true })).not.toThrow();
    });

    it("fails the production pack without a replica or prevent_destroy", () => {
      expect(violatedRules(() => build({ replicasPerNodeGroup: 0, preventDestroy: false }, { production: true }))).toEqual([
        "OpenedxAwsProduction-EC1",
        "OpenedxAwsProduction-TF1",
      ]);
    });
  });

  describe("rejected props", () => {
    it.each<[string, Partial<RedisCacheProps>, string]>([
      [
        "a name with upper case",
        { name: "OpenedX-cache" },
        'name must be 1-40 lowercase letters, digits or single hyphens, starting with a letter and not ending with a hyphen, got "OpenedX-cache"',
      ],
      [
        "a name longer than 40 characters",
        { name: `a${"b".repeat(40)}` },
        `name must be 1-40 lowercase letters, digits or single hyphens, starting with a letter and not ending with a hyphen, got "a${"b".repeat(40)}"`,
      ],
      ["no client security group", { clientSecurityGroupIds: [] }, "clientSecurityGroupIds must name at least one security group allowed to connect"],
      ["an unknown engine", { engine: "memcached" as CacheEngine }, 'engine must be "valkey" or "redis", got "memcached"'],
      ["a Redis version on Valkey", { engineVersion: "7.1" }, 'engineVersion must be one of "7.2", "8.0", "8.1" for engine "valkey", got "7.1"'],
      ["Redis OSS 6", { engine: "redis", engineVersion: "6.2" }, 'engineVersion must be one of "7.0", "7.1" for engine "redis", got "6.2"'],
      [
        "a node type without the cache. prefix",
        { nodeType: "r7g.large" },
        'nodeType must be an ElastiCache node type such as "cache.r7g.large" or "cache.t4g.small", got "r7g.large"',
      ],
      ["six replicas", { replicasPerNodeGroup: 6 }, "replicasPerNodeGroup must be a whole number from 0 to 5, got 6"],
      [
        "multiAz without a replica",
        { replicasPerNodeGroup: 0, multiAz: true },
        "multiAz must not be true without a replica: set replicasPerNodeGroup to at least 1, or leave multiAz unset",
      ],
      ["an unknown transit mode", { transitEncryptionMode: "off" as TransitEncryptionMode }, 'transitEncryptionMode must be "required" or "preferred", got "off"'],
      [
        "an unknown eviction policy",
        { maxmemoryPolicy: "lru" as MaxmemoryPolicy },
        'maxmemoryPolicy must be one of volatile-lru, allkeys-lru, volatile-lfu, allkeys-lfu, volatile-random, allkeys-random, volatile-ttl, noeviction, got "lru"',
      ],
      ["no snapshots", { snapshotRetentionDays: 0 }, "snapshotRetentionDays must be a whole number of days from 1 to 35, got 0"],
      ["36 days of snapshots", { snapshotRetentionDays: 36 }, "snapshotRetentionDays must be a whole number of days from 1 to 35, got 36"],
      ["a snapshot window of 30 minutes", { snapshotWindow: "04:00-04:30" }, 'snapshotWindow must last at least 60 minutes, got "04:00-04:30" (30 minutes)'],
      [
        "a maintenance window in the wrong format",
        { maintenanceWindow: "sunday 06:00-07:00" },
        'maintenanceWindow must be a weekly UTC window "ddd:hh24:mi-ddd:hh24:mi" with lowercase days mon-sun, such as "sun:05:00-sun:06:00", got "sunday 06:00-07:00"',
      ],
      [
        "a maintenance window overlapping the snapshots",
        { maintenanceWindow: "tue:04:30-tue:05:30" },
        'snapshotWindow "04:00-05:00" and maintenanceWindow "tue:04:30-tue:05:30" overlap; AWS requires them not to share any minute, so move one of them',
      ],
      [
        "a log retention CloudWatch does not offer",
        { logRetentionDays: 2 },
        "logRetentionDays must be a CloudWatch Logs retention period (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653), got 2",
      ],
    ])("rejects %s", (_, overrides, message) => {
      expect(rejection(overrides)).toBe(`${message} ${AT}`);
    });

    it("reports every problem at once", () => {
      expect(rejection({ replicasPerNodeGroup: 0, multiAz: true, snapshotRetentionDays: 0 })).toBe(
        [
          "multiAz must not be true without a replica: set replicasPerNodeGroup to at least 1, or leave multiAz unset",
          "snapshotRetentionDays must be a whole number of days from 1 to 35, got 0",
        ].join("; ") + ` ${AT}`,
      );
    });
  });
});

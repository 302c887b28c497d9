import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { TerraformOutput } from "cdktf";
import { describe, expect, it } from "vitest";
import { OpenSearchDomain, OpenSearchDomainProps } from "../../../src/data/search/opensearch-domain";
import { KmsKey } from "../../../src/encryption/kms-key";
import { policyDocument } from "../../../src/iam/policy-document";
import { Network } from "../../../src/network/network";
import { defaultSubnetPrefixLengths, planSubnets } from "../../../src/network/subnet-plan";
import { AwsStack } from "../../../src/stack/aws-stack";
import { policyOf, SynthesizedStack, testStack } from "../../synth";

const DOMAIN = "aws_opensearch_domain";
const CLIENT_SG = "sg-0123456789abcdef0";

interface Fixture {
  readonly stack: AwsStack;
  readonly network: Network;
  readonly databasesKey: KmsKey;
  readonly logsKey: KmsKey;
}

function fixture(zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]): Fixture {
  const stack = testStack();
  const databasesKey = new KmsKey(stack, "databases", { aliasName: "test/databases", description: "databases" });
  const logsKey = new KmsKey(stack, "logs", { aliasName: "test/logs", description: "logs" });
  const network = new Network(stack, "network", {
    name: "openedx-test",
    cidrBlock: "10.40.0.0/16",
    subnets: planSubnets("10.40.0.0/16", zones, defaultSubnetPrefixLengths(16)),
    logsKey,
    interfaceEndpoints: false,
  });
  return { stack, network, databasesKey, logsKey };
}

function props(f: Fixture, overrides: Partial<OpenSearchDomainProps> = {}): OpenSearchDomainProps {
  return {
    domainName: "openedx-test",
    network: f.network,
    clientSecurityGroupIds: [CLIENT_SG],
    encryptionKey: f.databasesKey,
    logsKey: f.logsKey,
    ...overrides,
  };
}

function synth(overrides: Partial<OpenSearchDomainProps> = {}, zones?: string[]): SynthesizedStack {
  const f = fixture(zones);
  new OpenSearchDomain(f.stack, "search", props(f, overrides));
  return new SynthesizedStack(f.stack);
}

function rejection(overrides: Partial<OpenSearchDomainProps>, zones?: string[]): string {
  const f = fixture(zones);
  try {
    new OpenSearchDomain(f.stack, "search", props(f, overrides));
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the domain to be rejected");
}

/** `type.name` of the resource at a construct path, as `depends_on` lists it. */
function address(synthesized: SynthesizedStack, type: string, pathSuffix: string): string {
  return synthesized.ref(type, pathSuffix, "id").slice("${".length, -".id}".length);
}

const LOGS = [
  ["IndexSlowLogs", "INDEX_SLOW_LOGS", "index-slow-logs"],
  ["SearchSlowLogs", "SEARCH_SLOW_LOGS", "search-slow-logs"],
  ["ApplicationLogs", "ES_APPLICATION_LOGS", "application-logs"],
  ["AuditLogs", "AUDIT_LOGS", "audit-logs"],
] as const;

describe("OpenSearchDomain", () => {
  describe("defaults (production)", () => {
    const f = fixture();
    const search = new OpenSearchDomain(f.stack, "search", props(f));
    new IamPolicy(f.stack, "client", { policy: policyDocument(search.grantHttpAccess()) });
    new TerraformOutput(f.stack, "domain_name", { value: search.domainName });
    new TerraformOutput(f.stack, "domain_arn", { value: search.domainArn });
    new TerraformOutput(f.stack, "domain_endpoint", { value: search.domainEndpoint });
    new TerraformOutput(f.stack, "security_group_id", { value: search.securityGroupId });
    new TerraformOutput(f.stack, "master_role_arn", { value: search.masterRoleArn });
    const synthesized = new SynthesizedStack(f.stack);
    const domain = synthesized.byPath(DOMAIN, "search/Resource");
    const roleArn = synthesized.ref("aws_iam_role", "search/MasterRole", "arn");
    const domainArn = "arn:aws:es:eu-west-1:111122223333:domain/openedx-test";

    it("runs OpenSearch 2.19 and refuses terraform destroy", () => {
      expect(domain).toMatchObject({ domain_name: "openedx-test", engine_version: "OpenSearch_2.19", lifecycle: { prevent_destroy: true } });
    });

    it("spreads three r7g data nodes over three zones with three dedicated m7g masters", () => {
      expect(domain.cluster_config).toEqual({
        instance_type: "r7g.large.search",
        instance_count: 3,
        zone_awareness_enabled: true,
        zone_awareness_config: { availability_zone_count: 3 },
        dedicated_master_enabled: true,
        dedicated_master_type: "m7g.large.search",
        dedicated_master_count: 3,
      });
    });

    it("gives each data node a 100 GiB gp3 volume", () => {
      expect(domain.ebs_options).toEqual({ ebs_enabled: true, volume_type: "gp3", volume_size: 100 });
    });

    it("places one interface in each private subnet, behind its own security group", () => {
      expect(domain.vpc_options).toEqual({
        subnet_ids: ["eu-west-1a", "eu-west-1b", "eu-west-1c"].map((zone) => synthesized.ref("aws_subnet", `network/Private/${zone}`, "id")),
        security_group_ids: [synthesized.ref("aws_security_group", "search/SecurityGroup/Resource", "id")],
      });
    });

    it("admits only the client security groups, on 443, and opens no egress", () => {
      expect(synthesized.byPath("aws_security_group", "search/SecurityGroup/Resource")).toMatchObject({
        name: "openedx-test-opensearch",
        vpc_id: synthesized.ref("aws_vpc", "network/Resource", "id"),
      });
      expect(synthesized.resources("aws_vpc_security_group_ingress_rule").map(([, rule]) => rule)).toEqual([
        expect.objectContaining({
          security_group_id: synthesized.ref("aws_security_group", "search/SecurityGroup/Resource", "id"),
          ip_protocol: "tcp",
          from_port: 443,
          to_port: 443,
          referenced_security_group_id: CLIENT_SG,
        }),
      ]);
      expect(synthesized.resources("aws_vpc_security_group_egress_rule")).toHaveLength(0);
    });

    it("encrypts data at rest with the given key and traffic between nodes", () => {
      expect(domain.encrypt_at_rest).toEqual({ enabled: true, kms_key_id: synthesized.ref("aws_kms_key", "databases/Resource", "arn") });
      expect(domain.node_to_node_encryption).toEqual({ enabled: true });
    });

    it("serves HTTPS only, with TLS 1.2+ and forward secrecy", () => {
      expect(domain.domain_endpoint_options).toEqual({ enforce_https: true, tls_security_policy: "Policy-Min-TLS-1-2-PFS-2023-10" });
    });

    it("uses fine-grained access control with the IAM master role and no internal users", () => {
      expect(domain.advanced_security_options).toEqual({
        enabled: true,
        anonymous_auth_enabled: false,
        internal_user_database_enabled: false,
        master_user_options: { master_user_arn: roleArn },
      });
    });

    it("admits the master role to es:ESHttp* on the domain's paths", () => {
      expect(policyOf(domain.access_policies).Statement).toEqual([
        { Sid: "MasterRoleHttpAccess", Effect: "Allow", Principal: { AWS: roleArn }, Action: "es:ESHttp*", Resource: `${domainArn}/*` },
      ]);
    });

    it("creates the master role, assumable through the account's IAM policies, with no permissions of its own", () => {
      const role = synthesized.byPath("aws_iam_role", "search/MasterRole");
      expect(role.name).toBe("openedx-test-opensearch-admin");
      expect(policyOf(role.assume_role_policy).Statement).toEqual([
        { Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "sts:AssumeRole" },
      ]);
      expect(synthesized.resources("aws_iam_role_policy")).toHaveLength(0);
      expect(synthesized.resources("aws_iam_role_policy_attachment")).toHaveLength(0);
    });

    it("pre-creates four KMS-encrypted, retention-bound log groups and publishes each log type to its own", () => {
      const logsKeyArn = synthesized.ref("aws_kms_key", "logs/Resource", "arn");
      for (const [id, , suffix] of LOGS) {
        expect(synthesized.byPath("aws_cloudwatch_log_group", `search/${id}/Resource`)).toMatchObject({
          name: `/aws/opensearch/domains/openedx-test/${suffix}`,
          kms_key_id: logsKeyArn,
          retention_in_days: 365,
        });
      }
      expect(domain.log_publishing_options).toEqual(
        LOGS.map(([id, logType]) => ({
          log_type: logType,
          cloudwatch_log_group_arn: synthesized.ref("aws_cloudwatch_log_group", `search/${id}/Resource`, "arn"),
          enabled: true,
        })),
      );
    });

    it("lets OpenSearch of this account, for this domain only, write to the four log groups through one resource policy", () => {
      const policy = synthesized.only("aws_cloudwatch_log_resource_policy");
      expect(policy.policy_name).toBe("openedx-test-opensearch-logs");
      expect(policyOf(policy.policy_document).Statement).toEqual([
        {
          Sid: "OpenSearchLogDelivery",
          Effect: "Allow",
          Principal: { Service: "es.amazonaws.com" },
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: LOGS.map(([id]) => `${synthesized.ref("aws_cloudwatch_log_group", `search/${id}/Resource`, "arn")}:*`),
          Condition: { StringEquals: { "aws:SourceAccount": "111122223333" }, ArnLike: { "aws:SourceArn": domainArn } },
        },
      ]);
    });

    it("is created after the log resource policy and the log groups", () => {
      expect(domain.depends_on).toEqual([
        address(synthesized, "aws_cloudwatch_log_resource_policy", "search/LogResourcePolicy"),
        ...LOGS.map(([id]) => address(synthesized, "aws_cloudwatch_log_group", `search/${id}/Resource`)),
      ]);
    });

    it("applies Auto-Tune and service software updates in the off-peak window", () => {
      expect(domain.off_peak_window_options).toEqual({ enabled: true });
      expect(domain.auto_tune_options).toEqual({ desired_state: "ENABLED", rollback_on_disable: "NO_ROLLBACK", use_off_peak_window: true });
      expect(domain.software_update_options).toEqual({ auto_software_update_enabled: true });
    });

    it("does not create the account-wide service-linked role", () => {
      expect(synthesized.resources("aws_iam_service_linked_role")).toHaveLength(0);
    });

    it("exposes the domain's attributes", () => {
      expect(search.port).toBe(443);
      expect(synthesized.json.output).toMatchObject({
        domain_name: { value: synthesized.ref(DOMAIN, "search/Resource", "domain_name") },
        domain_arn: { value: synthesized.ref(DOMAIN, "search/Resource", "arn") },
        domain_endpoint: { value: synthesized.ref(DOMAIN, "search/Resource", "endpoint") },
        security_group_id: { value: synthesized.ref("aws_security_group", "search/SecurityGroup/Resource", "id") },
        master_role_arn: { value: roleArn },
      });
    });

    it("grants HTTP access to the domain for a client role's IAM policy", () => {
      expect(policyOf(synthesized.byPath("aws_iam_policy", "test/client").policy).Statement).toEqual([
        { Effect: "Allow", Action: "es:ESHttp*", Resource: `${synthesized.ref(DOMAIN, "search/Resource", "arn")}/*` },
      ]);
    });
  });

  describe("a staging-like domain", () => {
    const synthesized = synth({
      instanceType: "t3.medium.search",
      instanceCount: 1,
      zoneAwareness: false,
      dedicatedMasters: false,
      ebsVolumeSizeGiB: 20,
      logRetentionDays: 90,
      engineVersion: "OpenSearch_2.17",
      preventDestroy: false,
    });
    const domain = synthesized.byPath(DOMAIN, "search/Resource");

    it("runs one node in one zone without dedicated masters", () => {
      expect(domain.cluster_config).toEqual({
        instance_type: "t3.medium.search",
        instance_count: 1,
        zone_awareness_enabled: false,
        dedicated_master_enabled: false,
      });
      expect((domain.vpc_options as { subnet_ids: string[] }).subnet_ids).toEqual([synthesized.ref("aws_subnet", "network/Private/eu-west-1a", "id")]);
    });

    it("turns Auto-Tune off on a burstable instance type", () => {
      expect(domain.auto_tune_options).toEqual({ desired_state: "DISABLED", rollback_on_disable: "NO_ROLLBACK", use_off_peak_window: false });
    });

    it("takes the smaller volume, shorter log retention, other engine version, and can be destroyed", () => {
      expect(domain.ebs_options).toEqual({ ebs_enabled: true, volume_type: "gp3", volume_size: 20 });
      expect(domain.engine_version).toBe("OpenSearch_2.17");
      expect(domain.lifecycle).toBeUndefined();
      expect(LOGS.map(([id]) => synthesized.byPath("aws_cloudwatch_log_group", `search/${id}/Resource`).retention_in_days)).toEqual([90, 90, 90, 90]);
    });

    it("keeps encryption, HTTPS and fine-grained access control", () => {
      expect(domain.encrypt_at_rest).toMatchObject({ enabled: true });
      expect(domain.node_to_node_encryption).toEqual({ enabled: true });
      expect(domain.domain_endpoint_options).toMatchObject({ enforce_https: true });
      expect(domain.advanced_security_options).toMatchObject({ enabled: true, internal_user_database_enabled: false });
    });
  });

  it("spans two zones in a two-zone network", () => {
    const synthesized = synth({ instanceCount: 4 }, ["eu-west-1a", "eu-west-1b"]);
    const domain = synthesized.byPath(DOMAIN, "search/Resource");
    expect(domain.cluster_config).toMatchObject({ instance_count: 4, zone_awareness_config: { availability_zone_count: 2 } });
    expect((domain.vpc_options as { subnet_ids: string[] }).subnet_ids).toHaveLength(2);
  });

  it("uses only the first three zones of a larger network", () => {
    const synthesized = synth({}, ["eu-west-1a", "eu-west-1b", "eu-west-1c", "eu-west-1d"]);
    const domain = synthesized.byPath(DOMAIN, "search/Resource");
    expect((domain.vpc_options as { subnet_ids: string[] }).subnet_ids).toEqual(
      ["eu-west-1a", "eu-west-1b", "eu-west-1c"].map((zone) => synthesized.ref("aws_subnet", `network/Private/${zone}`, "id")),
    );
  });

  it("takes five dedicated masters of another type", () => {
    const synthesized = synth({ dedicatedMasterType: "r7g.large.search", dedicatedMasterCount: 5 });
    expect(synthesized.byPath(DOMAIN, "search/Resource").cluster_config).toMatchObject({
      dedicated_master_type: "r7g.large.search",
      dedicated_master_count: 5,
    });
  });

  it("creates the service-linked role when asked, before the domain", () => {
    const synthesized = synth({ createServiceLinkedRole: true });
    expect(synthesized.only("aws_iam_service_linked_role")).toMatchObject({ aws_service_name: "opensearchservice.amazonaws.com" });
    expect(synthesized.byPath(DOMAIN, "search/Resource").depends_on).toContain(address(synthesized, "aws_iam_service_linked_role", "search/ServiceLinkedRole"));
  });

  describe("rejects", () => {
    it.each([
      ["too short", "os"],
      ["too long", "a".repeat(29)],
      ["uppercase", "OpenedX"],
      ["a leading digit", "1search"],
      ["underscores", "open_search"],
    ])("a domain name %s", (_, domainName) => {
      expect(rejection({ domainName })).toBe(
        `domainName must be 3-28 lowercase letters, digits or hyphens, starting with a letter, got "${domainName}" (at test/search)`,
      );
    });

    it("an engine that is not OpenSearch", () => {
      expect(rejection({ engineVersion: "Elasticsearch_7.10" })).toBe(
        'engineVersion must be an OpenSearch version such as "OpenSearch_2.19", got "Elasticsearch_7.10" (at test/search)',
      );
    });

    it("instance types without the .search suffix", () => {
      expect(rejection({ instanceType: "r7g.large", dedicatedMasterType: "m7g.large" })).toBe(
        [
          'instanceType must be an OpenSearch instance type such as "r7g.large.search", got "r7g.large"',
          'dedicatedMasterType must be an OpenSearch instance type such as "r7g.large.search", got "m7g.large"',
        ].join("; ") + " (at test/search)",
      );
    });

    it("an instance count that is not a multiple of the zones with zone awareness", () => {
      expect(rejection({ instanceCount: 4 })).toBe(
        "instanceCount must be a multiple of the 3 availability zones a zone-aware domain spans, got 4; change it or set zoneAwareness: false (at test/search)",
      );
      expect(rejection({ instanceCount: 3 }, ["eu-west-1a", "eu-west-1b"])).toBe(
        "instanceCount must be a multiple of the 2 availability zones a zone-aware domain spans, got 3; change it or set zoneAwareness: false (at test/search)",
      );
    });

    it("fewer than one instance", () => {
      expect(rejection({ instanceCount: 0, zoneAwareness: false })).toBe("instanceCount must be a whole number of at least 1, got 0 (at test/search)");
    });

    it("dedicated master settings without dedicated masters", () => {
      expect(rejection({ dedicatedMasters: false, dedicatedMasterType: "m7g.large.search", dedicatedMasterCount: 3 })).toBe(
        [
          "dedicatedMasterType must not be set when dedicatedMasters is false",
          "dedicatedMasterCount must not be set when dedicatedMasters is false",
        ].join("; ") + " (at test/search)",
      );
    });

    it("an even number of dedicated masters", () => {
      expect(rejection({ dedicatedMasterCount: 4 })).toBe(
        "dedicatedMasterCount must be 3 or 5, an odd number that keeps a quorum when one master fails, got 4 (at test/search)",
      );
    });

    it("a volume below 10 GiB", () => {
      expect(rejection({ ebsVolumeSizeGiB: 8 })).toBe("ebsVolumeSizeGiB must be a whole number of GiB of at least 10, got 8 (at test/search)");
    });

    it("a log retention CloudWatch Logs does not offer", () => {
      expect(rejection({ logRetentionDays: 100 })).toMatch(/^logRetentionDays must be a CloudWatch Logs retention period \(1, 3, 5, .*, 3653\), got 100 \(at test\/search\)$/);
    });

    it("no client security group", () => {
      expect(rejection({ clientSecurityGroupIds: [] })).toBe(
        "clientSecurityGroupIds must name at least one security group allowed to connect (at test/search)",
      );
    });

    it("every problem at once", () => {
      expect(rejection({ domainName: "X", instanceCount: 2, ebsVolumeSizeGiB: 1, clientSecurityGroupIds: [] })).toBe(
        [
          'domainName must be 3-28 lowercase letters, digits or hyphens, starting with a letter, got "X"',
          "clientSecurityGroupIds must name at least one security group allowed to connect",
          "instanceCount must be a multiple of the 3 availability zones a zone-aware domain spans, got 2; change it or set zoneAwareness: false",
          "ebsVolumeSizeGiB must be a whole number of GiB of at least 10, got 1",
        ].join("; ") + " (at test/search)",
      );
    });
  });
});

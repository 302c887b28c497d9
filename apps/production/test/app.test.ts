import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { synthesizeApp } from "../../../packages/harness/src/synth-app";

const appDir = join(__dirname, "..");

describe("the production app", () => {
  const synthesis = synthesizeApp(appDir);

  it("synthesizes every stack of the environment", () => {
    expect(synthesis.stderr).toBe("");
    expect(synthesis.status).toBe(0);
    expect(synthesis.stackNames).toEqual(["production-backup", "production-cluster", "production-data", "production-edge", "production-identity", "production-keys", "production-network", "production-platform"]);
  });

  it("keeps every stack's state in S3 under production/<component>.tfstate with S3-native locking", () => {
    for (const component of ["keys", "network", "cluster", "edge", "data"]) {
      expect(synthesis.stack(`production-${component}`).terraform.backend?.s3).toMatchObject({
        bucket: "openedx-infra-state-111122223333-eu-west-1",
        key: `production/${component}.tfstate`,
        region: "eu-west-1",
        encrypt: true,
        kms_key_id: "arn:aws:kms:eu-west-1:111122223333:alias/openedx-infra-state",
        use_lockfile: true,
      });
    }
  });

  it("is highly available: three zones, a NAT gateway in each, zonal shift", () => {
    const network = synthesis.stack("production-network");
    expect(Object.keys(network.resource?.aws_nat_gateway ?? {})).toHaveLength(3);
    expect(Object.keys(network.resource?.aws_subnet ?? {})).toHaveLength(9);
    const cluster = Object.values(synthesis.stack("production-cluster").resource?.aws_eks_cluster ?? {})[0];
    expect(cluster.zonal_shift_config).toEqual({ enabled: true });
  });

  it("runs highly available, protected data services", () => {
    const data = synthesis.stack("production-data");
    const only = (type: string) => {
      const all = Object.values(data.resource?.[type] ?? {});
      expect(all).toHaveLength(1);
      return all[0];
    };
    expect(only("aws_db_instance")).toMatchObject({
      engine: "mysql",
      multi_az: true,
      backup_retention_period: 14,
      deletion_protection: true,
      skip_final_snapshot: false,
      storage_encrypted: true,
      manage_master_user_password: true,
      lifecycle: { prevent_destroy: true },
    });
    expect(only("aws_docdb_cluster")).toMatchObject({ backup_retention_period: 14, deletion_protection: true, storage_encrypted: true, lifecycle: { prevent_destroy: true } });
    expect(Object.keys(data.resource?.aws_docdb_cluster_instance ?? {})).toHaveLength(2);
    expect(only("aws_elasticache_replication_group")).toMatchObject({
      num_cache_clusters: 2,
      automatic_failover_enabled: true,
      multi_az_enabled: true,
      // The provider types this flag as a string.
      at_rest_encryption_enabled: "true",
      transit_encryption_enabled: true,
      lifecycle: { prevent_destroy: true },
    });
    const buckets = Object.values(data.resource?.aws_s3_bucket ?? {});
    expect(buckets).toHaveLength(3);
    expect(buckets.every((bucket) => (bucket.lifecycle as { prevent_destroy?: boolean }).prevent_destroy === true)).toBe(true);
    expect(data.resource?.aws_opensearch_domain).toBeUndefined();
  });

  it("serves learners through CloudFront and the WAF, with CloudFront's certificate, WAF and logs in us-east-1", () => {
    const edge = synthesis.stack("production-edge");
    expect(edge.provider?.aws.map((provider) => provider.region)).toEqual(["eu-west-1", "us-east-1"]);
    const distributions = Object.values(edge.resource?.aws_cloudfront_distribution ?? {});
    expect(distributions.map((distribution) => distribution.aliases)).toEqual(
      expect.arrayContaining([
        ["courses.example.edu", "studio.courses.example.edu", "apps.courses.example.edu", "meilisearch.courses.example.edu"],
        ["media.courses.example.edu"],
      ]),
    );
    expect(distributions).toHaveLength(2);
    const webAcl = Object.entries(edge.resource?.aws_wafv2_web_acl ?? {});
    expect(webAcl).toHaveLength(1);
    expect(webAcl[0][1]).toMatchObject({ scope: "CLOUDFRONT", provider: "aws.us_east_1" });
    for (const distribution of distributions) {
      expect(distribution.web_acl_id).toBe(`\${aws_wafv2_web_acl.${webAcl[0][0]}.arn}`);
      expect(distribution.viewer_certificate).toMatchObject({ minimum_protocol_version: "TLSv1.2_2021", ssl_support_method: "sni-only" });
    }
    const certificates = Object.values(edge.resource?.aws_acm_certificate ?? {});
    expect(certificates.map((certificate) => certificate.provider).sort()).toEqual(["aws.us_east_1", undefined]);
    expect(certificates.every((certificate) => certificate.validation_method === "DNS")).toBe(true);
  });

  it("lets only the media CDN read the media bucket's media/ prefix", () => {
    const data = synthesis.stack("production-data");
    const policies = Object.values(data.resource?.aws_s3_bucket_policy ?? {}).map((policy) => JSON.parse(policy.policy as string) as { Statement: Record<string, unknown>[] });
    const grant = policies.flatMap((policy) => policy.Statement).find((statement) => statement.Sid === "AllowMediaDistributionToRead");
    expect(grant).toMatchObject({
      Effect: "Allow",
      Principal: { Service: "cloudfront.amazonaws.com" },
      Action: "s3:GetObject",
      Resource: expect.stringMatching(/^\$\{aws_s3_bucket\.media_[0-9A-F]+\.arn\}\/media\/\*$/),
      Condition: { StringEquals: { "AWS:SourceArn": expect.stringContaining("cross-stack-output-aws_cloudfront_distribution") } },
    });
  });

  it("puts no password or token in plaintext into any stack", () => {
    for (const name of synthesis.stackNames) {
      const json = JSON.stringify(synthesis.stack(name));
      expect(json).not.toMatch(/"(master_)?password":\s*"[^$]/);
      expect(json).not.toMatch(/"auth_token":\s*"[^$]/);
      expect(json).not.toMatch(/[0-9a-f]{32}/);
    }
  });

  it("protects the production keys from destroy", () => {
    const keys = Object.values(synthesis.stack("production-keys").resource?.aws_kms_key ?? {});
    expect(keys).toHaveLength(5);
    expect(keys.every((key) => (key.lifecycle as { prevent_destroy?: boolean }).prevent_destroy === true)).toBe(true);
  });

  it("stops with exit code 1, names field, value and what is allowed, and writes nothing on a bad configuration", () => {
    const failed = synthesizeApp(appDir, "test/fixtures/bad-config-main.ts");
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain('invalid configuration for environment "production":');
    expect(failed.stderr).toContain(
      '  - vpcCidr: must be an IPv4 CIDR block a.b.c.d/n with a prefix length of 16 to 20 and no host bits set, e.g. "10.40.0.0/16" (got "10.40.0.0/33")',
    );
    expect(failed.stderr).toContain('  - availabilityZones[2]: must be an availability zone of region eu-west-1 (eu-west-1a, eu-west-1b, ...) (got "us-east-1c")');
    expect(existsSync(failed.outdir)).toBe(false);
  });
});

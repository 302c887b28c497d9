import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { synthesizeApp } from "../../../packages/harness/src/synth-app";

describe("the staging app", () => {
  const synthesis = synthesizeApp(join(__dirname, ".."));

  it("synthesizes every stack of the environment", () => {
    expect(synthesis.stderr).toBe("");
    expect(synthesis.status).toBe(0);
    expect(synthesis.stackNames).toEqual(["staging-backup", "staging-cluster", "staging-data", "staging-edge", "staging-identity", "staging-keys", "staging-network", "staging-platform"]);
  });

  it("runs single, small, destroyable data services with a week of backups", () => {
    const data = synthesis.stack("staging-data");
    const only = (type: string) => Object.values(data.resource?.[type] ?? {})[0];
    expect(only("aws_db_instance")).toMatchObject({ instance_class: "db.t4g.micro", multi_az: false, backup_retention_period: 7, deletion_protection: false });
    expect(only("aws_db_instance").lifecycle).toBeUndefined();
    // 20 GiB of gp3 to start with (staging's config), grown by storage autoscaling when it fills.
    expect(only("aws_db_instance")).toMatchObject({ allocated_storage: 20, max_allocated_storage: 1000, storage_type: "gp3" });
    expect(Object.keys(data.resource?.aws_docdb_cluster_instance ?? {})).toHaveLength(1);
    expect(only("aws_docdb_cluster")).toMatchObject({ backup_retention_period: 7, deletion_protection: false });
    expect(only("aws_elasticache_replication_group")).toMatchObject({ node_type: "cache.t4g.micro", num_cache_clusters: 1, automatic_failover_enabled: false });
  });

  it("keeps its state under staging/<component>.tfstate", () => {
    expect(synthesis.stack("staging-network").terraform.backend?.s3).toMatchObject({ key: "staging/network.tfstate", use_lockfile: true, encrypt: true });
  });

  it("is cheaper than production: two zones, one NAT instance, no zonal shift, destroyable keys", () => {
    const network = synthesis.stack("staging-network");
    expect(Object.keys(network.resource?.aws_nat_gateway ?? {})).toEqual([]);
    const natInstances = Object.values(network.resource?.aws_instance ?? {});
    expect(natInstances.map((instance) => [instance.instance_type, (instance.tags as Record<string, string>)["openedx:role"]])).toEqual([["t4g.nano", "nat-instance"]]);
    // Both zones' private subnets route to the NAT instance's network interface.
    const defaultRoutes = Object.values(network.resource?.aws_route ?? {}).filter((route) => route.network_interface_id !== undefined);
    expect(defaultRoutes).toHaveLength(2);
    expect(new Set(defaultRoutes.map((route) => route.network_interface_id)).size).toBe(1);
    expect(Object.keys(network.resource?.aws_subnet ?? {})).toHaveLength(6);
    // The AWS API traffic goes through the NAT instance: only the free S3 gateway endpoint is left.
    expect(Object.values(network.resource?.aws_vpc_endpoint ?? {}).map((endpoint) => endpoint.vpc_endpoint_type)).toEqual(["Gateway"]);
    const cluster = Object.values(synthesis.stack("staging-cluster").resource?.aws_eks_cluster ?? {})[0];
    expect(cluster.zonal_shift_config).toEqual({ enabled: false });
    const keys = Object.values(synthesis.stack("staging-keys").resource?.aws_kms_key ?? {});
    expect(keys.some((key) => key.lifecycle !== undefined)).toBe(false);
  });
});

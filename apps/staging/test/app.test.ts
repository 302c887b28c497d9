import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { synthesizeApp } from "../../../packages/harness/src/synth-app";

describe("the staging app", () => {
  const synthesis = synthesizeApp(join(__dirname, ".."));

  it("synthesizes the keys, network and cluster stacks", () => {
    expect(synthesis.stderr).toBe("");
    expect(synthesis.status).toBe(0);
    expect(synthesis.stackNames).toEqual(["staging-cluster", "staging-keys", "staging-network"]);
  });

  it("keeps its state under staging/<component>.tfstate", () => {
    expect(synthesis.stack("staging-network").terraform.backend?.s3).toMatchObject({ key: "staging/network.tfstate", use_lockfile: true, encrypt: true });
  });

  it("is cheaper than production: two zones, one NAT gateway, no zonal shift, destroyable keys", () => {
    const network = synthesis.stack("staging-network");
    expect(Object.keys(network.resource?.aws_nat_gateway ?? {})).toHaveLength(1);
    expect(Object.keys(network.resource?.aws_subnet ?? {})).toHaveLength(6);
    const cluster = Object.values(synthesis.stack("staging-cluster").resource?.aws_eks_cluster ?? {})[0];
    expect(cluster.zonal_shift_config).toEqual({ enabled: false });
    const keys = Object.values(synthesis.stack("staging-keys").resource?.aws_kms_key ?? {});
    expect(keys.some((key) => key.lifecycle !== undefined)).toBe(false);
  });
});

import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { buildEnvironmentApp } from "../../src/environment/environment-app";
import { stagingInput } from "../fixtures";
import { SynthesizedStack } from "../synth";

/** The data stack of a staging environment built from `data`. */
function dataStack(data: Record<string, unknown>): SynthesizedStack {
  const app = buildEnvironmentApp([stagingInput({ data })], { outdir: Testing.app().outdir });
  return new SynthesizedStack(app.node.findChild("staging-data") as never);
}

describe("the data stack's MySQL storage", () => {
  it("allocates data.mysqlAllocatedStorageGiB of gp3 and lets autoscaling grow it to 1000 GiB", () => {
    expect(dataStack({}).only("aws_db_instance")).toMatchObject({ allocated_storage: 100, max_allocated_storage: 1000, storage_type: "gp3" });
    expect(dataStack({ mysqlAllocatedStorageGiB: 20 }).only("aws_db_instance")).toMatchObject({ allocated_storage: 20, max_allocated_storage: 1000 });
  });

  it("raises the autoscaling ceiling to gp3's 65536 GiB when the allocation reaches the default ceiling", () => {
    expect(dataStack({ mysqlAllocatedStorageGiB: 1000 }).only("aws_db_instance")).toMatchObject({ allocated_storage: 1000, max_allocated_storage: 65536 });
  });

  it("allocates nothing for Aurora, whose cluster volume grows by itself", () => {
    const aurora = dataStack({ mysqlEngine: "aurora-mysql" });
    expect(aurora.resources("aws_db_instance")).toEqual([]);
    expect(aurora.only("aws_rds_cluster").allocated_storage).toBeUndefined();
  });
});

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findRepoRoot } from "../src/stack-discovery";
import { countCreates, notValidatedReason, validateStacks } from "../src/validate-stacks";
import { synthCrossStackApp } from "./fixtures/cross-stack-app";

const AWS = "registry.terraform.io/hashicorp/aws";

describe("notValidatedReason", () => {
  it("accepts a stack whose providers are all installable", () => {
    const stack = { provider: { aws: [{}] }, terraform: { required_providers: { aws: { source: "aws" } } } };
    expect(notValidatedReason(stack, new Set([AWS]), true)).toBeUndefined();
  });

  it("names the providers that are missing from the mirror", () => {
    const stack = {
      provider: { aws: [{}], helm: [{}] },
      terraform: { required_providers: { kubernetes: { source: "hashicorp/kubernetes" }, helm: { source: "hashicorp/helm" } } },
    };
    expect(notValidatedReason(stack, new Set([AWS]), true)).toBe(
      "needs providers helm, kubernetes that are not installable offline",
    );
  });
});

describe("countCreates", () => {
  it("counts resource changes whose only action is create", () => {
    const plan = {
      resource_changes: [
        { address: "a", change: { actions: ["create"] } },
        { address: "b", change: { actions: ["no-op"] } },
        { address: "c", change: { actions: ["delete", "create"] } },
        { address: "d", change: { actions: ["create"] } },
      ],
    };
    expect(countCreates(JSON.stringify(plan))).toBe(2);
    expect(countCreates("{}")).toBe(0);
  });
});

// Real Terraform (init, validate, plan, show) against the provider mirror: about 20 s.
describe("validateStacks on a synthesized cross-stack app", () => {
  const repoRoot = findRepoRoot(__dirname);
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "harness-validate-"));

  beforeAll(() => synthCrossStackApp(outdir));
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  it("plans the producer and, through the fake remote state, the consumer; skips the helm stack", async () => {
    const report = await validateStacks({
      repoRoot,
      outDirs: [outdir],
      scratchRoot: path.join(repoRoot, ".tf-scratch", "test"),
    });
    const byName = Object.fromEntries(report.stacks.map((stack) => [stack.name, stack]));

    expect(byName["network"]).toMatchObject({ status: "validated", resourcesToAdd: 4 });
    expect(byName["logs"], byName["logs"]?.errorOutput).toMatchObject({ status: "validated", resourcesToAdd: 2, warnings: [] });
    expect(byName["addons"]).toMatchObject({
      status: "not validated here",
      reason: "needs providers helm that are not installable offline",
    });

    // The consumer read the producer's outputs from the fake state: the KMS key ARN is a real-looking one.
    const fake: unknown = JSON.parse(
      fs.readFileSync(path.join(byName["logs"]?.scratchDir ?? "", "remote-state", "network.tfstate"), "utf8"),
    );
    expect(JSON.stringify(fake)).toMatch(/arn:aws:kms:eu-west-1:123456789012:key\/[0-9a-f-]{36}/);
  });
});

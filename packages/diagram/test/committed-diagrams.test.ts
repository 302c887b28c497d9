import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { REPOSITORY_ROOT } from "../src/cli";
import { DiagramFiles, drawDiagram } from "../src/draw";
import { renderPng, SVG_FONT_FAMILIES } from "../src/render";
import { synthesizeEnvironment } from "./synthesized-environment";

const ENVIRONMENTS = ["production", "staging"] as const;
const drawn = new Map<string, DiagramFiles>();

beforeAll(async () => {
  for (const environment of ENVIRONMENTS) drawn.set(environment, await drawDiagram(synthesizeEnvironment(environment)));
});

describe.each(ENVIRONMENTS)("the committed %s diagram", (environment) => {
  const committed = (extension: string) => {
    const path = join(REPOSITORY_ROOT, "docs", `${environment}.${extension}`);
    expect(existsSync(path), `docs/${environment}.${extension} is missing: run pnpm diagram ${environment}`).toBe(true);
    return readFileSync(path);
  };

  it("is the SVG the current stacks give", () => {
    const fresh = drawn.get(environment)?.svg ?? "";
    expect(committed("svg").toString("utf8") === fresh, `docs/${environment}.svg is stale: run pnpm diagram ${environment}`).toBe(true);
  });

  it("is the PNG the current stacks give", () => {
    const fresh = drawn.get(environment)?.png ?? Buffer.alloc(0);
    expect(committed("png").equals(fresh), `docs/${environment}.png is stale: run pnpm diagram ${environment}`).toBe(true);
    // The PNG is a rendering of the committed SVG, so the two cannot drift apart either.
    expect(renderPng(committed("svg").toString("utf8")).equals(committed("png")), `docs/${environment}.png does not match docs/${environment}.svg: run pnpm diagram ${environment}`).toBe(true);
  });

  it("shows the request path in order and every AZ", () => {
    const dot = drawn.get(environment)?.dot ?? "";
    const solid = dot
      .split("\n")
      .filter((line) => line.includes(" -> ") && line.includes("style=solid"))
      .map((line) => line.trim().replace(/ \[.*$/, "").replace(/"/g, "").replace(/[^ ]*\//g, ""));
    expect(solid.slice(0, 5)).toEqual([
      "browser -> aws_cloudfront_distribution.site_87CC46B4",
      "aws_cloudfront_distribution.site_87CC46B4 -> load-balancer",
      "load-balancer -> helm_release.ingress-controller_FB2E643C",
      "helm_release.ingress-controller_FB2E643C -> kubernetes_ingress_v1",
      "kubernetes_ingress_v1 -> tutor-services",
    ]);
    const zones = [...dot.matchAll(/subgraph "cluster_az_([a-z0-9-]+)"/g)].map((match) => match[1]);
    expect(zones).toEqual(environment === "production" ? ["eu-west-1a", "eu-west-1b", "eu-west-1c"] : ["eu-west-1a", "eu-west-1b"]);
  });

  it("lays the AZ columns out left to right in name order", () => {
    const svg = drawn.get(environment)?.svg ?? "";
    const columns = [...svg.matchAll(/x="([0-9.-]+)"[^>]*>AZ ([a-z0-9&#;-]+)</g)].map((match) => ({ x: Number(match[1]), zone: match[2].replace(/&#45;/g, "-") }));
    expect(columns.length).toBe(environment === "production" ? 3 : 2);
    expect(columns.sort((a, b) => a.x - b.x).map((column) => column.zone)).toEqual(columns.map((column) => column.zone).sort());
  });

  it("lays out text in the bundled font family only", () => {
    const families = new Set([...(drawn.get(environment)?.svg ?? "").matchAll(/font-family="([^"]*)"/g)].map((match) => match[1]));
    expect([...families]).toEqual([SVG_FONT_FAMILIES]);
    expect(SVG_FONT_FAMILIES.startsWith("Arimo,")).toBe(true);
  });
});

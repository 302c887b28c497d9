import { describe, expect, it } from "vitest";
import { ArchitectureModel, SubnetNode } from "../src/architecture-model";
import { DIAGRAM_FONT_FAMILY, toDot } from "../src/dot";

const subnet = (zone: string, tier: SubnetNode["tier"], cidr: string, nat?: SubnetNode["nat"]): SubnetNode => ({
  id: `net/aws_subnet.${tier}_${zone}`,
  tier,
  cidr,
  availabilityZone: zone,
  nat,
});
const box = (id: string, name: string, details: string[] = []) => ({ id, name, details });

// A small hand-made model, so the DOT is tested without synthesizing anything.
const MODEL: ArchitectureModel = {
  environment: "demo",
  region: "eu-west-1",
  browser: box("browser", "Browser"),
  edge: {
    zones: [box("edge/zone", "demo.example.edu")],
    distributions: [{ id: "edge/site", name: "site", aliases: ["demo.example.edu"], originDomains: ["origin.demo.example.edu"] }],
    webAcls: [box("edge/waf", "demo")],
    globalCertificates: [box("edge/cert", "demo.example.edu")],
    regionalCertificates: [],
  },
  network: {
    id: "net/vpc",
    name: "openedx-demo",
    cidr: "10.0.0.0/16",
    gateways: ["internet gateway", "1 NAT gateway"],
    endpoints: ["s3", "sts"],
    zones: ["eu-west-1a", "eu-west-1b"].map((zone, index) => ({
      name: zone,
      subnets: [subnet(zone, "public", `10.0.${100 + index}.0/24`, index === 0 ? "NAT gateway" : undefined), subnet(zone, "private", `10.0.${index * 32}.0/19`), subnet(zone, "isolated", `10.0.${64 + index * 4}.0/22`)],
    })),
  },
  cluster: { id: "cluster/eks", name: "openedx-demo", version: "1.33", nodePools: ["general-purpose"], addons: ["metrics-server"], subnetTiers: ["private"] },
  platform: {
    helmReleases: [],
    loadBalancer: box("platform/nlb", "Network Load Balancer"),
    ingressController: box("platform/nginx", "nginx-ingress"),
    ingresses: box("platform/ingresses", "1 Ingresses", ["lms: demo.example.edu"]),
    services: box("platform/tutor", "Tutor services (namespace openedx)", ["lms: 1–3 pods (HPA)"]),
    cronJobs: [],
    namespaces: [box("platform/namespace", "Namespace openedx", ["3 NetworkPolicies"])],
    storageClasses: ["gp3-encrypted (default)"],
  },
  dataServices: [
    { id: "data/mysql", kind: "rds", name: "openedx-demo-mysql", engine: "mysql 8.4", capacity: "db.t4g.medium", multiAz: false, subnetTiers: ["isolated"], availabilityZones: ["eu-west-1a", "eu-west-1b"] },
  ],
  buckets: [box("data/media", "openedx-demo-media")],
  backup: { vault: box("backup/vault", "openedx-demo-vault"), plans: [], selectionTags: ["backup=openedx"] },
  requestPath: [
    { from: "browser", to: "edge/site", label: "HTTPS", kind: "request" },
    { from: "edge/site", to: "platform/nlb", label: "HTTPS", kind: "request" },
    { from: "platform/nlb", to: "platform/nginx", label: "TLS", kind: "request" },
    { from: "platform/nginx", to: "platform/ingresses", label: "host rules", kind: "request" },
    { from: "platform/ingresses", to: "platform/tutor", label: "HTTP", kind: "request" },
  ],
  dataPaths: [
    { from: "platform/tutor", to: "data/mysql", label: "TLS :3306", kind: "data" },
    { from: "data/mysql", to: "backup/vault", label: "", kind: "data" },
  ],
  configLinks: [{ from: "edge/waf", to: "edge/site", label: "filters", kind: "config" }],
};

const edges = (dot: string, style: string) =>
  dot
    .split("\n")
    .filter((line) => line.includes(" -> ") && line.includes(`style=${style}`))
    .map((line) => line.trim().replace(/ \[.*$/, "").replace(/"/g, ""));

describe("toDot", () => {
  const dot = toDot(MODEL);

  it("draws the request path as solid edges, in order", () => {
    expect(edges(dot, "solid")).toEqual([
      "browser -> edge/site",
      "edge/site -> platform/nlb",
      "platform/nlb -> platform/nginx",
      "platform/nginx -> platform/ingresses",
      "platform/ingresses -> platform/tutor",
    ]);
  });

  it("draws data paths dashed and attachments dotted, with their labels", () => {
    expect(edges(dot, "dashed")).toEqual(["platform/tutor -> data/mysql", "data/mysql -> backup/vault"]);
    expect(dot).toContain('"platform/tutor" -> "data/mysql" [style=dashed, color="#9334e6", fontcolor="#9334e6", label=" TLS :3306 "];');
    expect(edges(dot, "dotted")).toEqual(["edge/waf -> edge/site"]);
  });

  it("has a cluster per AZ holding its subnets with their CIDRs, inside the VPC", () => {
    const vpc = dot.indexOf('subgraph "cluster_vpc"');
    const zoneA = dot.indexOf('subgraph "cluster_az_eu-west-1a"');
    const zoneB = dot.indexOf('subgraph "cluster_az_eu-west-1b"');
    expect(vpc).toBeGreaterThan(0);
    expect(zoneA).toBeGreaterThan(vpc);
    expect(zoneB).toBeGreaterThan(zoneA);
    expect(dot).toContain("<B>public</B> 10.0.100.0/24<BR/><FONT POINT-SIZE=\"9\">NAT gateway</FONT>");
    expect(dot).toContain("<B>isolated</B> 10.0.68.0/22");
    expect(dot).toContain("VPC openedx-demo 10.0.0.0/16");
    expect(dot).toContain("internet gateway, 1 NAT gateway<BR/>endpoints: s3, sts");
  });

  it("groups the edge, the cluster, the data services, storage and backup", () => {
    for (const cluster of ["cluster_edge", "cluster_region", "cluster_eks", "cluster_data", "cluster_s3", "cluster_backup"]) expect(dot).toContain(`subgraph "${cluster}"`);
    expect(dot).toContain("RDS openedx-demo-mysql");
    expect(dot).toContain("isolated subnets (2 AZs), single-AZ");
    expect(dot).toContain("EKS openedx-demo (Kubernetes 1.33)");
  });

  it("names the bundled font family everywhere and escapes labels", () => {
    expect(dot).toContain(`node [shape=box, style="rounded,filled", fillcolor=white, color="#5f6368", fontname="${DIAGRAM_FONT_FAMILY}"`);
    const escaped = toDot({ ...MODEL, buckets: [box("data/media", "a<b>&\"c\"")] });
    expect(escaped).toContain("<B>a&lt;b&gt;&amp;&quot;c&quot;</B>");
  });

  it("leaves out what the model does not have", () => {
    const noEdge = { zones: [], distributions: [], webAcls: [], globalCertificates: [], regionalCertificates: [] };
    const bare = toDot({ ...MODEL, edge: noEdge, dataServices: [], buckets: [], backup: undefined, cluster: undefined });
    expect(bare).not.toContain("cluster_edge");
    expect(bare).not.toContain("cluster_data");
    expect(bare).not.toContain("cluster_s3");
    expect(bare).not.toContain("cluster_backup");
    expect(bare).not.toContain("cluster_eks");
  });

  it("is the same text every time", () => {
    expect(toDot(MODEL)).toBe(dot);
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { ArchitectureModel, buildArchitectureModel } from "../src/architecture-model";
import { EnvironmentStacks, StackJson } from "../src/synthesized-stacks";
import { synthesizeEnvironment } from "./synthesized-environment";

let production: EnvironmentStacks;
let staging: EnvironmentStacks;
let productionModel: ArchitectureModel;
let stagingModel: ArchitectureModel;

beforeAll(() => {
  production = synthesizeEnvironment("production");
  staging = synthesizeEnvironment("staging");
  productionModel = buildArchitectureModel(production);
  stagingModel = buildArchitectureModel(staging);
});

const tiersByZone = (model: ArchitectureModel) => model.network.zones.map((zone) => [zone.name, zone.subnets.map((subnet) => subnet.tier)]);

describe("architecture model", () => {
  it("has three AZs in production, each with a public, private and isolated subnet", () => {
    expect(tiersByZone(productionModel)).toEqual([
      ["eu-west-1a", ["public", "private", "isolated"]],
      ["eu-west-1b", ["public", "private", "isolated"]],
      ["eu-west-1c", ["public", "private", "isolated"]],
    ]);
    expect(productionModel.network.cidr).toBe("10.40.0.0/16");
    expect(productionModel.network.zones[0].subnets.map((subnet) => subnet.cidr)).toEqual(["10.40.108.0/24", "10.40.0.0/19", "10.40.96.0/22"]);
    // One NAT gateway per AZ, each in the public subnet.
    const nat = productionModel.network.zones.flatMap((zone) => zone.subnets.filter((subnet) => subnet.nat).map((subnet) => `${zone.name} ${subnet.tier} ${subnet.nat}`));
    expect(nat).toEqual(["eu-west-1a public NAT gateway", "eu-west-1b public NAT gateway", "eu-west-1c public NAT gateway"]);
    expect(productionModel.network.gateways).toContain("3 NAT gateways");
  });

  it("has two AZs and one NAT instance in staging, in the first zone's public subnet", () => {
    expect(tiersByZone(stagingModel)).toEqual([
      ["eu-west-1a", ["public", "private", "isolated"]],
      ["eu-west-1b", ["public", "private", "isolated"]],
    ]);
    const nat = stagingModel.network.zones.flatMap((zone) => zone.subnets.filter((subnet) => subnet.nat).map((subnet) => `${zone.name} ${subnet.tier} ${subnet.nat}`));
    expect(nat).toEqual(["eu-west-1a public NAT instance"]);
    expect(stagingModel.network.gateways).toContain("1 NAT instance");
    expect(stagingModel.network.gateways.filter((gateway) => gateway.includes("NAT gateway"))).toEqual([]);
  });

  it("reads the cluster, the data services and their subnets", () => {
    expect(productionModel.cluster).toMatchObject({ name: "openedx-production", version: "1.33", nodePools: ["general-purpose", "system"], subnetTiers: ["private"] });
    // Staging's Spot-first NodePool comes from the platform stack, beside the built-in pools.
    expect(stagingModel.cluster?.nodePools).toEqual(["general-purpose", "system", "general-purpose-spot (spot first, then on-demand)"]);
    expect(productionModel.dataServices.map((service) => [service.kind, service.name, service.subnetTiers, service.availabilityZones.length, service.multiAz])).toEqual([
      ["rds", "openedx-production-mysql", ["isolated"], 3, true],
      ["documentdb", "openedx-production-docdb", ["isolated"], 3, true],
      ["elasticache", "openedx-production-cache", ["isolated"], 3, true],
    ]);
    expect(productionModel.dataServices.find((service) => service.kind === "documentdb")?.capacity).toBe("2 × db.r6g.large");
    expect(stagingModel.dataServices.map((service) => [service.kind, service.availabilityZones.length, service.multiAz])).toEqual([
      ["rds", 2, false],
      ["documentdb", 2, false],
      ["elasticache", 2, false],
    ]);
    // OpenSearch is off in both apps, so it is not drawn.
    expect(productionModel.dataServices.some((service) => service.kind === "opensearch")).toBe(false);
  });

  it("reads the edge, the platform, the buckets and the backup vault", () => {
    expect(productionModel.edge.distributions.map((distribution) => distribution.aliases[0])).toEqual(["media.courses.example.edu", "courses.example.edu"]);
    expect(productionModel.edge.webAcls.map((acl) => acl.name)).toEqual(["openedx-production"]);
    expect(productionModel.edge.globalCertificates).toHaveLength(1);
    expect(productionModel.edge.regionalCertificates).toHaveLength(1);
    expect(productionModel.platform.loadBalancer?.name).toBe("Network Load Balancer");
    expect(productionModel.platform.ingressController?.name).toBe("nginx-ingress");
    expect(productionModel.platform.ingresses?.details).toContain("studio: studio.courses.example.edu");
    expect(productionModel.platform.services?.details).toContain("lms: 2–6 pods (HPA), PDB min available 1");
    expect(productionModel.platform.services?.details).toContain("lms-worker: 2–6 pods (HPA)");
    expect(productionModel.platform.namespaces.map((namespace) => [namespace.name, ...namespace.details])).toEqual([
      ["Namespace openedx", "pod security: baseline enforced", "7 NetworkPolicies", "ResourceQuota, LimitRange"],
    ]);
    expect(productionModel.platform.storageClasses).toEqual(["gp3-encrypted (default)"]);
    expect(productionModel.edge.zones[0].details).toEqual(["11 alias records (A/AAAA) for 6 names"]);
    expect(productionModel.buckets.map((bucket) => bucket.name)).toEqual([
      "openedx-production-111122223333-eu-west-1-access-logs",
      "openedx-production-111122223333-eu-west-1-backups",
      "openedx-production-111122223333-eu-west-1-media",
    ]);
    expect(productionModel.backup?.vault.name).toBe("openedx-production-vault");
    expect(productionModel.backup?.selectionTags).toEqual(["backup=openedx"]);
  });

  it("follows the request path from the browser to the Tutor services", () => {
    const names = new Map([
      [productionModel.browser.id, "browser"],
      ...productionModel.edge.distributions.map((distribution) => [distribution.id, distribution.aliases[0]] as const),
      [productionModel.platform.loadBalancer?.id, "load balancer"],
      [productionModel.platform.ingressController?.id, "ingress controller"],
      [productionModel.platform.ingresses?.id, "ingresses"],
      [productionModel.platform.services?.id, "tutor"],
      ...productionModel.buckets.map((bucket) => [bucket.id, bucket.name.replace(/.*-/, "bucket ")] as const),
    ]);
    expect(productionModel.requestPath.map((link) => `${names.get(link.from)} -> ${names.get(link.to)}`)).toEqual([
      "browser -> courses.example.edu",
      "courses.example.edu -> load balancer",
      "load balancer -> ingress controller",
      "ingress controller -> ingresses",
      "ingresses -> tutor",
      "browser -> media.courses.example.edu",
      "media.courses.example.edu -> bucket media",
    ]);
  });

  it("draws data paths from the pods to every data service and from tagged resources to the vault", () => {
    const tutor = productionModel.platform.services?.id;
    const vault = productionModel.backup?.vault.id;
    const reached = productionModel.dataPaths.filter((link) => link.from === tutor).map((link) => link.label);
    expect(reached.sort()).toEqual(["S3 read/write (Pod Identity)", "TLS :27017", "TLS :3306", "TLS :6379"]);
    const backedUp = productionModel.dataPaths.filter((link) => link.to === vault && link.kind === "data").map((link) => link.from.replace(/^.*\//, ""));
    expect(backedUp).toEqual(["aws_db_instance.mysql_5168B53F", "aws_docdb_cluster.documentdb_1783613F", "aws_s3_bucket.access-logs_E662448D", "aws_s3_bucket.backups_915D3B79", "aws_s3_bucket.media_CE595DE4"]);
    const dump = productionModel.platform.cronJobs[0].id;
    expect(productionModel.dataPaths.filter((link) => link.from === dump).map((link) => link.label)).toEqual([
      "S3 write (Pod Identity)",
      "master secret (Pod Identity)",
      "master secret (Pod Identity)",
    ]);
    expect(productionModel.dataPaths.filter((link) => link.from === dump).map((link) => link.to.replace(/^.*\//, ""))).toEqual([
      "aws_s3_bucket.backups_915D3B79",
      "aws_db_instance.mysql_5168B53F",
      "aws_docdb_cluster.documentdb_1783613F",
    ]);
  });

  it("draws Aurora when the data stack has an Aurora cluster instead of an RDS instance", () => {
    const data = structuredClone(production.stacks.get("production-data")) as { resource: Record<string, Record<string, Record<string, unknown>>> };
    const group = "${aws_db_subnet_group.mysql_SubnetGroup_DDE8203D.name}";
    delete data.resource.aws_db_instance;
    data.resource.aws_rds_cluster = { mysql: { cluster_identifier: "openedx-production-aurora", engine: "aurora-mysql", engine_version: "8.0.mysql_aurora.3.10.0", db_subnet_group_name: group } };
    data.resource.aws_rds_cluster_instance = {
      one: { cluster_identifier: "${aws_rds_cluster.mysql.id}", instance_class: "db.r7g.large", availability_zone: "eu-west-1a" },
      two: { cluster_identifier: "${aws_rds_cluster.mysql.id}", instance_class: "db.r7g.large", availability_zone: "eu-west-1b" },
    };
    const stacks = new Map(production.stacks);
    stacks.set("production-data", data as StackJson);
    const model = buildArchitectureModel({ environment: "production", stacks });
    const aurora = model.dataServices.find((service) => service.kind === "aurora");
    expect(aurora).toMatchObject({ name: "openedx-production-aurora", capacity: "2 × db.r7g.large", multiAz: true, subnetTiers: ["isolated"] });
    expect(model.dataServices.some((service) => service.kind === "rds")).toBe(false);
  });

  it("draws OpenSearch, in the subnets of its VPC options, when the data stack has a domain", () => {
    const data = structuredClone(production.stacks.get("production-data")) as { resource: Record<string, Record<string, Record<string, unknown>>> };
    const network = "${data.terraform_remote_state.cross-stack-reference-input-production-network.outputs.cross-stack-output-aws_subnetnetwork_Private_eu-west-1";
    data.resource.aws_security_group.search = { name: "openedx-production-search" };
    data.resource.aws_opensearch_domain = {
      search: {
        domain_name: "openedx-production",
        engine_version: "OpenSearch_2.19",
        cluster_config: { instance_type: "r7g.large.search", instance_count: 3, zone_awareness_enabled: true },
        vpc_options: { subnet_ids: [`${network}a_A7A6EBB7id}`, `${network}b_D5D12B2Fid}`], security_group_ids: ["${aws_security_group.search.id}"] },
      },
    };
    data.resource.aws_vpc_security_group_ingress_rule.search = {
      from_port: 443,
      referenced_security_group_id:
        "${data.terraform_remote_state.cross-stack-reference-input-production-cluster.outputs.cross-stack-output-aws_eks_clustercluster_611F8AFFvpc_config0cluster_security_group_id}",
      security_group_id: "${aws_security_group.search.id}",
    };
    const stacks = new Map(production.stacks);
    stacks.set("production-data", data as StackJson);
    const model = buildArchitectureModel({ environment: "production", stacks });
    const search = model.dataServices.find((service) => service.kind === "opensearch");
    expect(search).toMatchObject({ capacity: "3 × r7g.large.search", subnetTiers: ["private"], availabilityZones: ["eu-west-1a", "eu-west-1b"], multiAz: true });
    expect(model.dataPaths).toContainEqual({ from: model.platform.services?.id, to: search?.id, label: "TLS :443", kind: "data" });
  });

  it("rejects stacks without a VPC", () => {
    const stacks = new Map([...production.stacks].filter(([name]) => name !== "production-network"));
    expect(() => buildArchitectureModel({ environment: "production", stacks })).toThrow(
      'the stacks of environment "production" (production-backup, production-cluster, production-data, production-edge, production-identity, production-keys, production-platform) hold no aws_vpc: nothing to draw',
    );
  });
});

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { EnvironmentConfigInput } from "../../src/config/environment-config";
import { buildEnvironmentApp } from "../../src/environment/environment-app";
import { productionInput, stagingInput } from "../fixtures";

type Resource = Record<string, unknown>;
interface PlatformJson {
  provider: Record<string, Resource[]>;
  resource: Record<string, Record<string, Resource>>;
  terraform: { backend: { s3: Resource } };
}

// The platform stack needs the helm and kubernetes providers, which cannot be installed offline,
// so these synth-level assertions are its test; `pnpm validate` lists it as not validated here.
function synthPlatform(input: EnvironmentConfigInput): PlatformJson {
  const app = buildEnvironmentApp([input], { outdir: Testing.app().outdir });
  app.synth();
  return JSON.parse(readFileSync(join(app.outdir, "stacks", `${input.name}-platform`, "cdk.tf.json"), "utf8")) as PlatformJson;
}

const all = (json: PlatformJson, type: string) => Object.values(json.resource[type] ?? {});

describe("PlatformStack", () => {
  const production = synthPlatform(productionInput());
  const staging = synthPlatform(stagingInput());

  it("talks to the cluster through the helm and kubernetes providers with `aws eks get-token`, and keeps state in S3", () => {
    expect(Object.keys(production.provider).sort()).toEqual(["aws", "helm", "kubernetes"]);
    const exec = (production.provider.helm[0].kubernetes as { exec: Resource }).exec;
    expect(exec).toMatchObject({ command: "aws", args: ["eks", "get-token", "--cluster-name", "openedx-production", "--region", "eu-west-1"] });
    expect(production.terraform.backend.s3).toMatchObject({ key: "production/platform.tfstate", use_lockfile: true });
  });

  it("creates the openedx namespace with Pod Security labels, limits, quota and default-deny network policies", () => {
    const [namespace] = all(production, "kubernetes_namespace_v1");
    expect((namespace.metadata as { name: string; labels: Record<string, string> }).labels).toMatchObject({
      "pod-security.kubernetes.io/enforce": "baseline",
      "pod-security.kubernetes.io/warn": "restricted",
    });
    expect(all(production, "kubernetes_limit_range_v1")).toHaveLength(1);
    expect(all(production, "kubernetes_resource_quota_v1")).toHaveLength(1);
    const policies = all(production, "kubernetes_network_policy_v1").map((policy) => (policy.metadata as { name: string }).name);
    expect(policies).toContain("default-deny-all");
    expect(policies).toContain("allow-ingress-to-caddy");
  });

  it("creates the service accounts the identity stack's Pod Identity roles are associated with", () => {
    const accounts = all(production, "kubernetes_service_account_v1").map((account) => (account.metadata as { name: string }).name);
    expect(accounts.sort()).toEqual(["openedx", "openedx-backup"]);
    expect(all(production, "kubernetes_service_account_v1")).toContainEqual(
      expect.objectContaining({ metadata: expect.objectContaining({ name: "openedx", namespace: expect.stringContaining("kubernetes_namespace_v1.") }) }),
    );
  });

  it("dumps MySQL and DocumentDB nightly to the backups bucket as the openedx-backup service account", () => {
    const [cronJob] = all(production, "kubernetes_cron_job_v1");
    const spec = cronJob.spec as { schedule: string; concurrency_policy: string; job_template: { spec: { template: { spec: { service_account_name: string } } } } };
    expect(spec.schedule).toBe("30 3 * * *");
    expect(spec.concurrency_policy).toBe("Forbid");
    expect(spec.job_template.spec.template.spec.service_account_name).toBe("openedx-backup");
  });

  it("tags the volumes of the default encrypted StorageClass for the AWS Backup plan", () => {
    expect(all(production, "kubernetes_storage_class_v1")).toEqual([
      expect.objectContaining({ parameters: expect.objectContaining({ type: "gp3", encrypted: "true", tagSpecification_1: "backup=openedx" }) }),
    ]);
  });

  it("installs the NGINX and cert-manager charts pinned by repository and version", () => {
    expect(all(production, "helm_release").map((release) => [release.chart, release.repository, release.version])).toEqual(
      expect.arrayContaining([
        ["nginx-ingress", "https://helm.nginx.com/stable", "2.7.2"],
        ["cert-manager", "https://charts.jetstack.io", "v1.21.2"],
      ]),
    );
  });

  it("reserves production's requests for the ingress controller, and a smaller share outside production", () => {
    const requests = (json: PlatformJson) => {
      const release = all(json, "helm_release").find((candidate) => candidate.chart === "nginx-ingress") as { values: string[] };
      return (JSON.parse(release.values[0]) as { controller: { resources: { requests: unknown } } }).controller.resources.requests;
    };
    expect(requests(production)).toEqual({ cpu: "250m", memory: "256Mi" });
    expect(requests(staging)).toEqual({ cpu: "100m", memory: "128Mi" });
  });

  it("routes the LMS, Studio, MFE and Meilisearch hosts to Tutor's caddy and points origin.<domain> at the load balancer", () => {
    const hosts = all(production, "kubernetes_ingress_v1").map((ingress) => ((ingress.spec as { rule: { host: string }[] }).rule[0].host));
    expect(hosts.sort()).toEqual(["apps.courses.example.edu", "courses.example.edu", "meilisearch.courses.example.edu", "studio.courses.example.edu"]);
    expect(all(production, "aws_route53_record")).toEqual([expect.objectContaining({ name: "origin.courses.example.edu", type: "A" })]);
  });

  it("scales lms, cms and the workers from 2 replicas with disruption budgets in production, from 1 without them in staging", () => {
    const minimums = (json: PlatformJson) => all(json, "kubernetes_horizontal_pod_autoscaler_v2").map((hpa) => (hpa.spec as { min_replicas: number }).min_replicas);
    expect(minimums(production)).toEqual([2, 2, 2, 2]);
    expect(all(production, "kubernetes_pod_disruption_budget_v1")).toHaveLength(2);
    expect(minimums(staging)).toEqual([1, 1, 1, 1]);
    expect(all(staging, "kubernetes_pod_disruption_budget_v1")).toHaveLength(0);
  });

  it("issues certificates from Let's Encrypt production in production and from its staging endpoint in staging", () => {
    const server = (json: PlatformJson) => ((all(json, "kubernetes_manifest")[0].manifest as { spec: { acme: { server: string } } }).spec.acme.server);
    expect(server(production)).toBe("https://acme-v02.api.letsencrypt.org/directory");
    expect(server(staging)).toBe("https://acme-staging-v02.api.letsencrypt.org/directory");
  });

  it("adds a Spot NodePool only when sizing.nodeCapacity is spot", () => {
    const pools = (json: PlatformJson) => all(json, "kubernetes_manifest").filter((manifest) => (manifest.manifest as { kind: string }).kind === "NodePool");
    expect(pools(production)).toHaveLength(0);
    expect(pools(staging)).toHaveLength(0);
    const spot = synthPlatform(stagingInput({ sizing: { nodeCapacity: "spot" } }));
    expect(pools(spot).map((pool) => (pool.manifest as { metadata: { name: string } }).metadata.name)).toEqual(["general-purpose-spot"]);
  });

  it("adds kube-prometheus-stack and Flux only when configured", () => {
    expect(all(production, "helm_release")).toHaveLength(2);
    const withExtras = synthPlatform(stagingInput({ platform: { prometheus: true, gitopsRepositoryUrl: "https://github.com/example/openedx-gitops" } }));
    expect(all(withExtras, "helm_release").map((release) => release.chart).sort()).toEqual(["cert-manager", "flux2", "kube-prometheus-stack", "nginx-ingress"]);
  });
});

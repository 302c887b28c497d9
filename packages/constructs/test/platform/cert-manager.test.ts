import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import {
  CERT_MANAGER_CHART,
  CertManager,
  CertManagerProps,
  CertManagerValues,
  LETSENCRYPT_PRODUCTION,
  LETSENCRYPT_STAGING,
} from "../../src/platform/cert-manager";

const ROLE = "arn:aws:iam::111122223333:role/openedx-production-cert-manager";

interface Synthesized {
  resource: Record<string, Record<string, Record<string, unknown>>>;
}

function build(overrides: Partial<CertManagerProps> = {}) {
  const stack = new TerraformStack(Testing.app(), "test");
  new KubernetesProvider(stack, "k8s", { host: "https://example.invalid", token: "dummy" });
  new HelmProvider(stack, "helm", { kubernetes: { host: "https://example.invalid", token: "dummy" } });
  const certManager = new CertManager(stack, "CertManager", {
    production: true,
    email: "platform@example.edu",
    hostedZoneId: "Z0123456789ABCDEFGHIJ",
    region: "eu-west-1",
    roleArn: ROLE,
    ...overrides,
  });
  const json = JSON.parse(Testing.synth(stack)) as Synthesized;
  const [[releaseName, release]] = Object.entries(json.resource.helm_release);
  const [[, issuer]] = Object.entries(json.resource.kubernetes_manifest);
  const values = JSON.parse((release.values as string[])[0]) as CertManagerValues;
  return { certManager, json, releaseName, release, issuer, values };
}

describe("CertManager", () => {
  it("pins the jetstack chart with its CRDs in the cert-manager namespace", () => {
    const { release, values, certManager } = build();
    expect(release).toMatchObject({
      name: "cert-manager",
      repository: "https://charts.jetstack.io",
      chart: "cert-manager",
      version: "v1.21.2",
      namespace: "cert-manager",
      create_namespace: true,
      atomic: true,
    });
    expect(CERT_MANAGER_CHART.version).toBe("v1.21.2");
    expect(values.crds).toEqual({ enabled: true, keep: true });
    expect(values.serviceAccount).toEqual({
      create: true,
      name: "cert-manager",
      annotations: { "openedx-infra/pod-identity-role-arn": ROLE },
    });
    expect(values.resources).toEqual({ requests: { cpu: "50m", memory: "128Mi" } });
    expect(certManager.namespace).toBe("cert-manager");
    expect(certManager.serviceAccountName).toBe("cert-manager");
    expect(certManager.clusterIssuerName).toBe("letsencrypt");
  });

  it("runs 2 replicas of each component with disruption budgets in production", () => {
    const { values } = build();
    const pdb = { enabled: true, minAvailable: 1 };
    expect(values.replicaCount).toBe(2);
    expect(values.podDisruptionBudget).toEqual(pdb);
    expect(values.webhook).toEqual({ replicaCount: 2, podDisruptionBudget: pdb });
    expect(values.cainjector).toEqual({ replicaCount: 2, podDisruptionBudget: pdb });
  });

  it("runs 1 replica without budgets outside production", () => {
    const { values } = build({ production: false });
    expect(values.replicaCount).toBe(1);
    expect(values.podDisruptionBudget).toEqual({ enabled: false });
    expect(values.webhook).toEqual({ replicaCount: 1, podDisruptionBudget: { enabled: false } });
  });

  it("creates the letsencrypt ClusterIssuer with the Route 53 DNS-01 solver, after the release", () => {
    const { issuer, releaseName, certManager } = build();
    expect(issuer.manifest).toEqual({
      apiVersion: "cert-manager.io/v1",
      kind: "ClusterIssuer",
      metadata: { name: "letsencrypt" },
      spec: {
        acme: {
          email: "platform@example.edu",
          server: LETSENCRYPT_PRODUCTION,
          privateKeySecretRef: { name: "letsencrypt-account-key" },
          solvers: [{ dns01: { route53: { region: "eu-west-1", hostedZoneID: "Z0123456789ABCDEFGHIJ" } } }],
        },
      },
    });
    expect(issuer.depends_on).toEqual([`helm_release.${releaseName}`]);
    expect(certManager.acmeServer).toBe("https://acme-v02.api.letsencrypt.org/directory");
  });

  it("uses the Let's Encrypt staging directory outside production", () => {
    const { issuer, certManager } = build({ production: false });
    expect(certManager.acmeServer).toBe("https://acme-staging-v02.api.letsencrypt.org/directory");
    expect((issuer.manifest as { spec: { acme: { server: string } } }).spec.acme.server).toBe(LETSENCRYPT_STAGING);
  });

  it("takes an explicit ACME directory", () => {
    const { certManager } = build({ production: false, acmeServer: LETSENCRYPT_PRODUCTION, replicaCount: 3 });
    expect(certManager.acmeServer).toBe(LETSENCRYPT_PRODUCTION);
  });

  it.each([
    [{ email: "nobody" }, 'email must be an e-mail address, got "nobody"'],
    [{ hostedZoneId: "zone" }, 'hostedZoneId must be a Route 53 hosted zone id, "Z" and 1-32 uppercase letters or digits, got "zone"'],
    [{ region: "Europe" }, 'region must be an AWS region such as "eu-west-1", got "Europe"'],
    [{ roleArn: "role" }, 'roleArn must be an IAM role ARN "arn:aws:iam::<12-digit account>:role/<name>", got "role"'],
    [{ acmeServer: "http://acme.example" }, 'acmeServer must be an https:// ACME directory URL, got "http://acme.example"'],
    [{ acmeServer: LETSENCRYPT_STAGING }, "acmeServer must not be the Let's Encrypt staging directory when production is true: browsers do not trust its certificates"],
    [{ replicaCount: 0 }, "replicaCount must be a whole number of at least 1, got 0"],
  ] as [Partial<CertManagerProps>, string][])("rejects %j", (overrides, message) => {
    expect(() => build(overrides)).toThrow(`${message} (at test/CertManager)`);
  });
});

import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { describe, expect, it } from "vitest";
import { CertManager } from "../../src/platform/cert-manager";
import { NginxIngressController } from "../../src/platform/nginx-ingress-controller";
import { OpenedxIngresses, OpenedxIngressesProps } from "../../src/platform/openedx-ingresses";
import { SynthesizedStack, testStack } from "../synth";

const SECRET = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:openedx-production-edge/origin-verify-AbCdEf";
const HOSTS = {
  lms: "courses.example.edu",
  studio: "studio.courses.example.edu",
  mfe: "apps.courses.example.edu",
  meilisearch: "meilisearch.courses.example.edu",
};

function build(overrides: Partial<Omit<OpenedxIngressesProps, "controller" | "certManager">> = {}) {
  const stack = testStack();
  new KubernetesProvider(stack, "k8s", { host: "https://example.invalid", token: "dummy" });
  new HelmProvider(stack, "helm", { kubernetes: { host: "https://example.invalid", token: "dummy" } });
  const controller = new NginxIngressController(stack, "Controller", {
    network: { vpcId: "vpc-0123456789abcdef0", vpcCidrBlock: "10.40.0.0/16" },
    certificate: { certificateArn: "arn:aws:acm:eu-west-1:111122223333:certificate/abc-123" },
    namePrefix: "openedx-production",
  });
  const certManager = new CertManager(stack, "CertManager", {
    production: true,
    email: "platform@example.edu",
    hostedZoneId: "Z0123456789ABCDEFGHIJ",
    region: "eu-west-1",
    roleArn: "arn:aws:iam::111122223333:role/cert-manager",
  });
  const ingresses = new OpenedxIngresses(stack, "Ingresses", {
    hosts: HOSTS,
    controller,
    certManager,
    originVerifySecretArn: SECRET,
    ...overrides,
  });
  const synth = new SynthesizedStack(stack);
  const data = (synth.json as { data?: Record<string, Record<string, Record<string, unknown>>> }).data ?? {};
  return { ingresses, synth, data };
}

type Ingress = {
  metadata: { name: string; namespace: string; annotations: Record<string, string> };
  spec: {
    ingress_class_name: string;
    tls: { hosts: string[]; secret_name: string }[];
    rule: { host: string; http: { path: { path: string; path_type: string; backend: { service: { name: string; port: { number: number } } } }[] } }[];
  };
  depends_on: string[];
  wait_for_load_balancer: boolean;
};

describe("OpenedxIngresses", () => {
  it("creates one ingress per host to caddy:80 with TLS from the letsencrypt issuer", () => {
    const { synth, ingresses } = build();
    expect(synth.resources("kubernetes_ingress_v1")).toHaveLength(4);
    const cases = [
      ["Lms", "lms", HOSTS.lms],
      ["Studio", "studio", HOSTS.studio],
      ["Mfe", "mfe", HOSTS.mfe],
      ["Meilisearch", "meilisearch", HOSTS.meilisearch],
    ] as const;
    for (const [id, name, host] of cases) {
      const ingress = synth.byPath("kubernetes_ingress_v1", `Ingresses/${id}`) as unknown as Ingress;
      expect(ingress.metadata.name).toBe(name);
      expect(ingress.metadata.namespace).toBe("openedx");
      expect(ingress.metadata.annotations["cert-manager.io/cluster-issuer"]).toBe("letsencrypt");
      expect(ingress.metadata.annotations["nginx.org/client-max-body-size"]).toBe("100m");
      expect(ingress.spec.ingress_class_name).toBe("nginx");
      expect(ingress.spec.tls).toEqual([{ hosts: [host], secret_name: `${name}-tls` }]);
      expect(ingress.spec.rule).toEqual([
        { host, http: { path: [{ path: "/", path_type: "Prefix", backend: { service: { name: "caddy", port: { number: 80 } } } }] } },
      ]);
      expect(ingress.wait_for_load_balancer).toBe(false);
      expect(ingress.depends_on).toEqual([
        synth.ref("helm_release", "Controller/Resource", "id").replace(/^\$\{(.*)\.id\}$/, "$1"),
        `kubernetes_manifest.${synth.resources("kubernetes_manifest")[0][0]}`,
      ]);
      expect(ingresses.tlsSecretNames[name]).toBe(`${name}-tls`);
    }
    expect(ingresses.namespace).toBe("openedx");
    expect(ingresses.originVerifyHeaderName).toBe("X-Origin-Verify");
  });

  it("rejects requests without the origin-verification value read from Secrets Manager", () => {
    const { synth, data } = build();
    const versions = Object.entries(data.aws_secretsmanager_secret_version ?? {});
    expect(versions).toHaveLength(1);
    expect(versions[0][1].secret_id).toBe(SECRET);
    const expected = `\${sensitive(jsondecode(data.aws_secretsmanager_secret_version.${versions[0][0]}.secret_string).password)}`;
    for (const [, config] of synth.resources("kubernetes_ingress_v1")) {
      const ingress = config as unknown as Ingress;
      expect(ingress.metadata.annotations["nginx.org/server-snippets"]).toBe(`if ($http_x_origin_verify != "${expected}") { return 403; }`);
    }
  });

  it("takes another header name and namespace", () => {
    const { synth, ingresses } = build({ originVerifyHeaderName: "X-Edge-Secret-2", namespace: "openedx-staging" });
    const lms = synth.byPath("kubernetes_ingress_v1", "Ingresses/Lms") as unknown as Ingress;
    expect(lms.metadata.namespace).toBe("openedx-staging");
    expect(lms.metadata.annotations["nginx.org/server-snippets"]).toMatch(/^if \(\$http_x_edge_secret_2 != "/);
    expect(ingresses.originVerifyHeaderName).toBe("X-Edge-Secret-2");
  });

  it("writes no secret value into the configuration", () => {
    const { synth } = build();
    expect(JSON.stringify(synth.json)).not.toMatch(/"password"\s*:/);
  });

  it.each([
    [{ originVerifyHeaderName: "X Origin" }, 'originVerifyHeaderName must be 1-120 letters, digits or hyphens, starting with a letter, got "X Origin"'],
    [{ namespace: "Open_edX" }, 'namespace must be a Kubernetes namespace name (1-63 lowercase letters, digits or hyphens), got "Open_edX"'],
    [{ originVerifySecretArn: "origin-verify" }, 'originVerifySecretArn must be a Secrets Manager secret ARN "arn:aws:secretsmanager:<region>:<account>:secret:<name>", got "origin-verify"'],
    [{ hosts: { ...HOSTS, mfe: "https://apps.example.edu" } }, 'hosts.mfe must be a lowercase DNS host name such as "courses.example.edu", got "https://apps.example.edu"'],
    [{ hosts: { ...HOSTS, studio: HOSTS.lms } }, 'hosts.studio must differ from the other hosts, got "courses.example.edu" twice'],
  ] as [Partial<OpenedxIngressesProps>, string][])("rejects %j", (overrides, message) => {
    expect(() => build(overrides)).toThrow(`${message} (at test/Ingresses)`);
  });
});

import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { describe, expect, it } from "vitest";
import {
  NGINX_INGRESS_CHART,
  NginxIngressController,
  NginxIngressControllerProps,
  NginxIngressValues,
} from "../../src/platform/nginx-ingress-controller";
import { AwsStack } from "../../src/stack/aws-stack";
import { SynthesizedStack, testStack } from "../synth";

const CERT = "arn:aws:acm:eu-west-1:111122223333:certificate/0a1b2c3d-1111-2222-3333-444455556666";

function platformStack(): AwsStack {
  const stack = testStack();
  new KubernetesProvider(stack, "k8s", { host: "https://example.invalid", token: "dummy" });
  new HelmProvider(stack, "helm", { kubernetes: { host: "https://example.invalid", token: "dummy" } });
  return stack;
}

function build(overrides: Partial<NginxIngressControllerProps> = {}) {
  const stack = platformStack();
  const controller = new NginxIngressController(stack, "Ingress", {
    network: { vpcId: "vpc-0123456789abcdef0", vpcCidrBlock: "10.40.0.0/16" },
    certificate: { certificateArn: CERT },
    namePrefix: "openedx-production",
    ...overrides,
  });
  const synth = new SynthesizedStack(stack);
  const release = synth.only("helm_release");
  const values = JSON.parse((release.values as string[])[0]) as NginxIngressValues;
  return { stack, controller, synth, release, values };
}

describe("NginxIngressController", () => {
  it("pins the NGINX chart and installs it in its own namespace", () => {
    const { release, controller } = build();
    expect(release).toMatchObject({
      name: "nginx-ingress",
      repository: "https://helm.nginx.com/stable",
      chart: "nginx-ingress",
      version: NGINX_INGRESS_CHART.version,
      namespace: "nginx-ingress",
      create_namespace: true,
      atomic: true,
    });
    expect(NGINX_INGRESS_CHART.version).toBe("2.7.2");
    expect(controller.namespace).toBe("nginx-ingress");
    expect(controller.serviceName).toBe("nginx-ingress-controller");
    expect(controller.ingressClassName).toBe("nginx");
  });

  it("sets the ingress class, snippets, real IP from PROXY protocol and the body size", () => {
    const { values } = build();
    expect(values.serviceNameOverride).toBe("nginx-ingress-controller");
    expect(values.controller.ingressClass).toEqual({ name: "nginx", create: true, setAsDefaultIngress: false });
    expect(values.controller.enableSnippets).toBe(true);
    expect(values.controller.config.entries).toEqual({
      "proxy-protocol": "True",
      "real-ip-header": "proxy_protocol",
      "set-real-ip-from": "10.40.0.0/16",
      "client-max-body-size": "100m",
    });
    expect(values.controller.defaultTLS).toBeUndefined();
  });

  it("runs 2 replicas spread over zones with a disruption budget and requests", () => {
    const { values } = build();
    expect(values.controller.replicaCount).toBe(2);
    expect(values.controller.podDisruptionBudget).toEqual({ enabled: true, minAvailable: 1 });
    expect(values.controller.resources).toEqual({ requests: { cpu: "250m", memory: "256Mi" } });
    expect(values.controller.topologySpreadConstraints).toEqual([
      {
        maxSkew: 1,
        topologyKey: "topology.kubernetes.io/zone",
        whenUnsatisfiable: "ScheduleAnyway",
        labelSelector: { matchLabels: { "app.kubernetes.io/name": "nginx-ingress", "app.kubernetes.io/instance": "nginx-ingress" } },
      },
    ]);
  });

  it("drops the disruption budget for a single replica and takes non-default values", () => {
    const { values } = build({
      replicaCount: 1,
      clientMaxBodySize: "250m",
      resources: { cpu: "1", memory: "1Gi" },
      defaultServerTlsSecret: "openedx/lms-tls",
    });
    expect(values.controller.replicaCount).toBe(1);
    expect(values.controller.podDisruptionBudget).toEqual({ enabled: false });
    expect(values.controller.config.entries["client-max-body-size"]).toBe("250m");
    expect(values.controller.resources).toEqual({ requests: { cpu: "1", memory: "1Gi" } });
    expect(values.controller.defaultTLS).toEqual({ secret: "openedx/lms-tls" });
  });

  it("exposes only 443 through an internet-facing Auto Mode NLB with TLS, PROXY protocol and its security group", () => {
    const { values, synth } = build();
    const sgRef = synth.ref("aws_security_group", "Ingress/LoadBalancerSecurityGroup", "id");
    expect(values.controller.service).toEqual({
      type: "LoadBalancer",
      loadBalancerClass: "eks.amazonaws.com/nlb",
      externalTrafficPolicy: "Local",
      annotations: {
        "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing",
        "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
        "service.beta.kubernetes.io/aws-load-balancer-ssl-cert": CERT,
        "service.beta.kubernetes.io/aws-load-balancer-ssl-ports": "443",
        "service.beta.kubernetes.io/aws-load-balancer-backend-protocol": "ssl",
        "service.beta.kubernetes.io/aws-load-balancer-security-groups": sgRef,
        "service.beta.kubernetes.io/aws-load-balancer-manage-backend-security-group-rules": "true",
        "service.beta.kubernetes.io/aws-load-balancer-proxy-protocol": "*",
      },
      httpPort: { enable: false },
      httpsPort: { enable: true, port: 443, targetPort: 443 },
    });
  });

  it("admits 443 only from CloudFront's origin-facing prefix list and sends only to the VPC", () => {
    const { synth, controller } = build();
    const group = synth.only("aws_security_group");
    expect(group).toMatchObject({ name: "openedx-production-ingress-nlb", vpc_id: "vpc-0123456789abcdef0" });
    expect(group.ingress).toBeUndefined();
    const prefixList = synth.json as { data?: Record<string, Record<string, Record<string, unknown>>> };
    const lists = Object.entries(prefixList.data?.aws_ec2_managed_prefix_list ?? {});
    expect(lists).toHaveLength(1);
    expect(lists[0][1].name).toBe("com.amazonaws.global.cloudfront.origin-facing");
    const ingress = synth.resources("aws_vpc_security_group_ingress_rule");
    expect(ingress).toHaveLength(1);
    expect(ingress[0][1]).toMatchObject({
      ip_protocol: "tcp",
      from_port: 443,
      to_port: 443,
      prefix_list_id: `\${data.aws_ec2_managed_prefix_list.${lists[0][0]}.id}`,
    });
    expect(ingress[0][1].cidr_ipv4).toBeUndefined();
    expect(ingress[0][1].cidr_ipv6).toBeUndefined();
    const egress = synth.resources("aws_vpc_security_group_egress_rule");
    expect(egress).toHaveLength(1);
    expect(egress[0][1]).toMatchObject({ ip_protocol: "tcp", from_port: 443, to_port: 443, cidr_ipv4: "10.40.0.0/16" });
    const sgRef = synth.ref("aws_security_group", "Ingress/LoadBalancerSecurityGroup", "id");
    expect(ingress[0][1].security_group_id).toBe(sgRef);
    expect(egress[0][1].security_group_id).toBe(sgRef);
    expect(controller.securityGroupId).toMatch(/^\$\{TfToken/);
  });

  it.each([
    [{ replicaCount: 0 }, "replicaCount must be a whole number of at least 1 (2 or more in production), got 0"],
    [{ replicaCount: 1.5 }, "replicaCount must be a whole number of at least 1 (2 or more in production), got 1.5"],
    [{ clientMaxBodySize: "100 MB" }, 'clientMaxBodySize must be an NGINX size such as "100m" (digits, then optionally k, m or g), got "100 MB"'],
    [{ resources: { cpu: "lots", memory: "256Mi" } }, 'resources must be Kubernetes quantities such as { cpu: "250m", memory: "256Mi" }, got {"cpu":"lots","memory":"256Mi"}'],
    [{ defaultServerTlsSecret: "lms-tls" }, 'defaultServerTlsSecret must be "<namespace>/<secret name>", got "lms-tls"'],
    [{ namePrefix: "-bad" }, 'namePrefix must be letters, digits or hyphens, starting with a letter or digit, got "-bad"'],
    [{ certificate: { certificateArn: "not-an-arn" } }, 'certificate.certificateArn must be an ACM certificate ARN "arn:aws:acm:<region>:<account>:certificate/<id>", got "not-an-arn"'],
  ] as [Partial<NginxIngressControllerProps>, string][])("rejects %j", (overrides, message) => {
    expect(() => build(overrides)).toThrow(`${message} (at test/Ingress)`);
  });

  it("reports every problem at once", () => {
    expect(() => build({ replicaCount: 0, clientMaxBodySize: "x" })).toThrow(
      'replicaCount must be a whole number of at least 1 (2 or more in production), got 0; clientMaxBodySize must be an NGINX size such as "100m" (digits, then optionally k, m or g), got "x" (at test/Ingress)',
    );
  });
});

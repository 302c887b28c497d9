import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { AWS_REGIONS } from "../../src/config/aws-regions";
import { NginxIngressController } from "../../src/platform/nginx-ingress-controller";
import { NLB_HOSTED_ZONE_IDS, OriginRecord, OriginRecordProps } from "../../src/platform/origin-record";
import { AwsStack } from "../../src/stack/aws-stack";
import { SynthesizedStack } from "../synth";

function build(overrides: Partial<Omit<OriginRecordProps, "controller">> = {}, region = "eu-west-1") {
  const stack = new AwsStack(Testing.app(), "test", { accountId: "111122223333", region });
  new KubernetesProvider(stack, "k8s", { host: "https://example.invalid", token: "dummy" });
  new HelmProvider(stack, "helm", { kubernetes: { host: "https://example.invalid", token: "dummy" } });
  const controller = new NginxIngressController(stack, "Controller", {
    network: { vpcId: "vpc-0123456789abcdef0", vpcCidrBlock: "10.40.0.0/16" },
    certificate: { certificateArn: `arn:aws:acm:${region}:111122223333:certificate/abc-123` },
    namePrefix: "openedx-production",
  });
  const record = new OriginRecord(stack, "Origin", {
    zone: { zoneId: "Z0123456789ABCDEFGHIJ", zoneName: "courses.example.edu" },
    recordName: "origin.courses.example.edu",
    controller,
    ...overrides,
  });
  const synth = new SynthesizedStack(stack);
  const data = (synth.json as { data?: Record<string, Record<string, Record<string, unknown>>> }).data ?? {};
  return { record, synth, data };
}

describe("OriginRecord", () => {
  it("aliases origin.<domain> to the controller Service's load balancer in the region's NLB zone", () => {
    const { synth, data, record } = build();
    const services = Object.entries(data.kubernetes_service_v1 ?? {});
    expect(services).toHaveLength(1);
    const [serviceName, service] = services[0];
    expect(service.metadata).toEqual({ name: "nginx-ingress-controller", namespace: "nginx-ingress" });
    expect(service.depends_on).toEqual([synth.ref("helm_release", "Controller/Resource", "id").replace(/^\$\{(.*)\.id\}$/, "$1")]);
    expect(synth.resources("aws_route53_record")).toHaveLength(1);
    expect(synth.only("aws_route53_record")).toMatchObject({
      zone_id: "Z0123456789ABCDEFGHIJ",
      name: "origin.courses.example.edu",
      type: "A",
      alias: {
        name: `\${data.kubernetes_service_v1.${serviceName}.status[0].load_balancer[0].ingress[0].hostname}`,
        zone_id: "Z2IFOLAFXWLO4F",
        evaluate_target_health: true,
      },
    });
    expect(record.recordName).toBe("origin.courses.example.edu");
  });

  it("uses the NLB zone of the stack's region", () => {
    const { synth } = build({}, "us-east-1");
    expect((synth.only("aws_route53_record").alias as { zone_id: string }).zone_id).toBe("Z26RNL4JYFTOTI");
  });

  it("knows only commercial regions of the configuration", () => {
    for (const region of Object.keys(NLB_HOSTED_ZONE_IDS)) {
      expect(AWS_REGIONS).toContain(region);
      expect(NLB_HOSTED_ZONE_IDS[region]).toMatch(/^Z[A-Z0-9]+$/);
    }
    expect(Object.keys(NLB_HOSTED_ZONE_IDS)).toHaveLength(26);
  });

  it("rejects a region whose NLB zone is unknown", () => {
    expect(() => build({}, "mx-central-1")).toThrow(
      `the stack's region must be one whose NLB hosted zone id is known (${Object.keys(NLB_HOSTED_ZONE_IDS).join(", ")}), got "mx-central-1" (at test/Origin)`,
    );
  });

  it("rejects a name outside the zone and a bad zone id", () => {
    expect(() => build({ recordName: "origin.example.org", zone: { zoneId: "zone", zoneName: "courses.example.edu" } })).toThrow(
      'recordName "origin.example.org" is outside the zone courses.example.edu: use "courses.example.edu" or a name ending in ".courses.example.edu"; zone.zoneId must be a Route 53 hosted zone id, "Z" and 1-32 uppercase letters or digits, got "zone" (at test/Origin)',
    );
  });
});

import type { PlainNode, PlatformNodes, SubnetNode } from "../architecture-model";
import { blockId, blocksOfType, compare, EnvironmentStacks, referencedBlocks, StackBlock } from "../synthesized-stacks";
import { parseJson, plainNode, record, records, text, texts } from "./attribute-values";
import { distinctTiers, tiersOf } from "./network-model";

/** The platform stack's Helm releases, load balancer, origin record, ingresses, Open edX deployments and cron jobs. */
export function readPlatform(stacks: EnvironmentStacks, subnets: Map<string, SubnetNode>): PlatformNodes {
  const releases = blocksOfType(stacks, "helm_release");
  const balancerOf = (release: StackBlock) => findLoadBalancerService(texts(release.body.values).map(parseJson));
  const controller = releases.find((release) => balancerOf(release) !== undefined);
  const helmNode = (release: StackBlock) =>
    plainNode(release, text(release.body.name) ?? release.name, [`helm ${text(release.body.chart) ?? "?"} ${text(release.body.version) ?? ""}`.trimEnd(), `namespace ${text(release.body.namespace) ?? "default"}`]);

  let loadBalancer: PlainNode | undefined;
  if (controller) {
    const service = balancerOf(controller) ?? {};
    const annotations = record(service.annotations);
    const balancerClass = text(service.loadBalancerClass) ?? "";
    const kind = balancerClass.endsWith("/nlb") || text(annotations["service.beta.kubernetes.io/aws-load-balancer-type"]) === "nlb" ? "Network Load Balancer" : "Load balancer";
    const scheme = text(annotations["service.beta.kubernetes.io/aws-load-balancer-scheme"]) ?? "internal";
    // The load balancer controller places a balancer in the subnets tagged for its scheme.
    const roleTag = scheme === "internet-facing" ? "kubernetes.io/role/elb" : "kubernetes.io/role/internal-elb";
    const placement = tiersOf(
      blocksOfType(stacks, "aws_subnet").filter((subnet) => record(subnet.body.tags)[roleTag] !== undefined),
      subnets,
    );
    const tlsPorts = text(annotations["service.beta.kubernetes.io/aws-load-balancer-ssl-ports"]);
    loadBalancer = {
      id: `${blockId(controller)}/load-balancer`,
      name: kind,
      details: [
        `${scheme}${tlsPorts ? `, TLS :${tlsPorts}` : ""}`,
        `${distinctTiers(placement).join(", ") || "untagged"} subnets (${new Set(placement.map((subnet) => subnet.availabilityZone)).size} AZs)`,
      ],
    };
  }

  const originRecord = blocksOfType(stacks, "aws_route53_record").find((entry) =>
    referencedBlocks(stacks, entry.stack, record(entry.body.alias).name).some((target) => target.type === "kubernetes_service_v1"),
  );
  const ingresses = blocksOfType(stacks, "kubernetes_ingress_v1");
  const rules = ingresses.flatMap((ingress) => records(record(ingress.body.spec).rule).map((rule) => ({ ingress, rule })));
  const backends = [
    ...new Set(
      rules.flatMap(({ rule }) => records(record(rule.http).path).map((path) => text(record(record(record(path.backend).service)).name) ?? "?")),
    ),
  ].sort(compare);
  const autoscalers = blocksOfType(stacks, "kubernetes_horizontal_pod_autoscaler_v2")
    .map((hpa) => {
      const spec = record(hpa.body.spec);
      const target = text(record(spec.scale_target_ref).name) ?? hpa.name;
      return { target, line: `${target}: ${text(spec.min_replicas) ?? "1"}–${text(spec.max_replicas) ?? "?"} pods (HPA)` };
    })
    .sort((a, b) => compare(a.target, b.target))
    .map(({ line }) => line);
  const namespace = ingresses.map((ingress) => text(record(ingress.body.metadata).namespace)).find((name) => name !== undefined) ?? "default";
  return {
    helmReleases: releases.filter((release) => release !== controller).map(helmNode),
    ingressController: controller ? helmNode(controller) : undefined,
    loadBalancer,
    originRecord: originRecord ? plainNode(originRecord, text(originRecord.body.name) ?? originRecord.name, [`Route 53 ${text(originRecord.body.type) ?? "A"} alias`]) : undefined,
    ingresses:
      ingresses.length > 0
        ? {
            id: `${ingresses[0].stack}/kubernetes_ingress_v1`,
            name: `${ingresses.length} Ingresses`,
            details: rules.map(({ ingress, rule }) => `${text(record(ingress.body.metadata).name) ?? ingress.name}: ${text(rule.host) ?? "*"}`).sort(compare),
          }
        : undefined,
    services:
      ingresses.length > 0 || autoscalers.length > 0
        ? { id: `${(ingresses[0] ?? releases[0])?.stack ?? "platform"}/tutor-services`, name: `Tutor services (namespace ${namespace})`, details: [...backends.map((name) => `${name} (ingress backend)`), ...autoscalers] }
        : undefined,
    cronJobs: blocksOfType(stacks, "kubernetes_cron_job_v1").map((job) =>
      plainNode(job, `CronJob ${text(record(job.body.metadata).name) ?? job.name}`, [`schedule ${text(record(job.body.spec).schedule) ?? "?"}`]),
    ),
  };
}

/** The first object with `type: LoadBalancer` in parsed Helm values: the service a chart turns into a cloud load balancer. */
export function findLoadBalancerService(values: readonly unknown[]): Record<string, unknown> | undefined {
  for (const value of values) {
    if (value === null || typeof value !== "object") continue;
    const object = value as Record<string, unknown>;
    if (object.type === "LoadBalancer") return object;
    const found = findLoadBalancerService(Object.keys(object).sort(compare).map((key) => object[key]));
    if (found) return found;
  }
  return undefined;
}

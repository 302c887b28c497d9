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
  // Disruption budgets by namespace and name, which the autoscaling construct gives the deployment's name.
  const budgets = new Map(
    blocksOfType(stacks, "kubernetes_pod_disruption_budget_v1").map((budget) => {
      const spec = record(budget.body.spec);
      const bound = spec.min_available !== undefined ? `min available ${text(spec.min_available)}` : `max unavailable ${text(spec.max_unavailable) ?? "?"}`;
      return [`${namespaceOf(stacks, budget)}/${text(record(budget.body.metadata).name) ?? budget.name}`, bound] as const;
    }),
  );
  const autoscalers = blocksOfType(stacks, "kubernetes_horizontal_pod_autoscaler_v2")
    .map((hpa) => {
      const spec = record(hpa.body.spec);
      const target = text(record(spec.scale_target_ref).name) ?? hpa.name;
      const budget = budgets.get(`${namespaceOf(stacks, hpa)}/${target}`);
      return { target, line: `${target}: ${text(spec.min_replicas) ?? "1"}–${text(spec.max_replicas) ?? "?"} pods (HPA)${budget ? `, PDB ${budget}` : ""}` };
    })
    .sort((a, b) => compare(a.target, b.target))
    .map(({ line }) => line);
  const namespace = ingresses.map((ingress) => namespaceOf(stacks, ingress))[0] ?? "default";
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
    namespaces: blocksOfType(stacks, "kubernetes_namespace_v1").map((namespaceBlock) => readNamespace(stacks, namespaceBlock)),
    storageClasses: blocksOfType(stacks, "kubernetes_storage_class_v1")
      .map((storageClass) => {
        const metadata = record(storageClass.body.metadata);
        const isDefault = text(record(metadata.annotations)["storageclass.kubernetes.io/is-default-class"]) === "true";
        return `${text(metadata.name) ?? storageClass.name}${isDefault ? " (default)" : ""}`;
      })
      .sort(compare),
    cronJobs: blocksOfType(stacks, "kubernetes_cron_job_v1").map((job) =>
      plainNode(job, `CronJob ${text(record(job.body.metadata).name) ?? job.name}`, [`schedule ${text(record(job.body.spec).schedule) ?? "?"}`]),
    ),
  };
}

// A namespace node lists what confines the pods in it: pod security, network policies, quota and limits.
function readNamespace(stacks: EnvironmentStacks, namespace: StackBlock): PlainNode {
  const metadata = record(namespace.body.metadata);
  const name = text(metadata.name) ?? namespace.name;
  const inNamespace = (type: string) => blocksOfType(stacks, type).filter((block) => namespaceOf(stacks, block) === name).length;
  const enforced = text(record(metadata.labels)["pod-security.kubernetes.io/enforce"]);
  const policies = inNamespace("kubernetes_network_policy_v1");
  const limits = [inNamespace("kubernetes_resource_quota_v1") > 0 ? "ResourceQuota" : "", inNamespace("kubernetes_limit_range_v1") > 0 ? "LimitRange" : ""].filter((item) => item !== "");
  return plainNode(namespace, `Namespace ${name}`, [
    ...(enforced ? [`pod security: ${enforced} enforced`] : []),
    ...(policies > 0 ? [`${policies} NetworkPolicies`] : []),
    ...(limits.length > 0 ? [limits.join(", ")] : []),
  ]);
}

/** The namespace a Kubernetes object is in: a literal name, or the namespace resource it refers to. */
export function namespaceOf(stacks: EnvironmentStacks, block: StackBlock): string {
  const namespace = record(block.body.metadata).namespace;
  const referenced = referencedBlocks(stacks, block.stack, namespace).find((target) => target.type === "kubernetes_namespace_v1");
  return (referenced ? text(record(referenced.body.metadata).name) : text(namespace)) ?? "default";
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

import type { BackupNodes, DataServiceNode, DistributionNode, EdgeNodes, Link, PlainNode, PlatformNodes } from "../architecture-model";
import { blockById, blockId, blocksOfType, compare, EnvironmentStacks, referencedBlocks } from "../synthesized-stacks";
import { bodyOf, parseJson, record, records, text, texts } from "./attribute-values";
import { findLoadBalancerService } from "./platform-model";

/** The request path from the browser through CloudFront, the load balancer and the ingresses to the Open edX services, in order. */
export function readRequestPath(stacks: EnvironmentStacks, browser: PlainNode, edge: EdgeNodes, platform: PlatformNodes, buckets: readonly PlainNode[]): Link[] {
  const links: Link[] = [];
  const originHost = platform.originRecord?.name;
  const site = edge.distributions.find((distribution) => originHost !== undefined && distribution.originDomains.includes(originHost));
  const viewerLabel = (distribution: DistributionNode) => {
    const policy = text(record(bodyOf(stacks, distribution.id).default_cache_behavior).viewer_protocol_policy);
    return policy === "allow-all" ? "HTTP(S)" : "HTTPS";
  };
  if (site) {
    links.push({ from: browser.id, to: site.id, label: viewerLabel(site), kind: "request" });
    const origin = records(bodyOf(stacks, site.id).origin).find((candidate) => text(candidate.domain_name) === originHost) ?? {};
    const originProtocol = text(record(origin.custom_origin_config).origin_protocol_policy) === "https-only" ? "HTTPS" : "HTTP(S)";
    const headers = records(origin.custom_header).map((header) => text(header.name) ?? "?");
    const controllerService = platform.ingressController ? findLoadBalancerService(texts(bodyOf(stacks, platform.ingressController.id).values).map(parseJson)) : undefined;
    const annotations = record(controllerService?.annotations);
    const backendProtocol = text(annotations["service.beta.kubernetes.io/aws-load-balancer-backend-protocol"]);
    const proxyProtocol = annotations["service.beta.kubernetes.io/aws-load-balancer-proxy-protocol"] !== undefined;
    const ingressSpecs = blocksOfType(stacks, "kubernetes_ingress_v1").map((ingress) => record(ingress.body.spec));
    const ingressClasses = [...new Set(ingressSpecs.map((spec) => text(spec.ingress_class_name) ?? "default"))].sort(compare);
    const ports = [
      ...new Set(
        ingressSpecs.flatMap((spec) =>
          records(spec.rule).flatMap((rule) => records(record(rule.http).path).map((path) => text(record(record(record(path.backend).service).port).number) ?? "?")),
        ),
      ),
    ].sort(compare);
    const hops: [PlainNode | undefined, string][] = [
      [platform.loadBalancer, `${originProtocol} ${originHost}${headers.length > 0 ? ` + ${headers.join(", ")}` : ""}`],
      [platform.ingressController, `${backendProtocol === "ssl" || backendProtocol === "https" ? "TLS" : "TCP"}${proxyProtocol ? ", PROXY protocol" : ""}`],
      [platform.ingresses, `ingress class ${ingressClasses.join(", ")}`],
      [platform.services, `HTTP :${ports.join(", :")}`],
    ];
    let previous: string = site.id;
    for (const [node, label] of hops) {
      if (!node) continue;
      links.push({ from: previous, to: node.id, label, kind: "request" });
      previous = node.id;
    }
  }
  // Distributions whose origin is a bucket serve it straight from S3.
  for (const distribution of edge.distributions.filter((candidate) => candidate !== site)) {
    const bucket = buckets.find((candidate) => distribution.originDomains.some((domain) => domain.startsWith(`${candidate.name}.s3.`)));
    links.push({ from: browser.id, to: distribution.id, label: viewerLabel(distribution), kind: "request" });
    const originAccess = records(bodyOf(stacks, distribution.id).origin).some((origin) => origin.origin_access_control_id !== undefined);
    if (bucket) links.push({ from: distribution.id, to: bucket.id, label: originAccess ? "origin access control" : "S3 origin", kind: "request" });
  }
  return links;
}

/** Arrows from workloads to the data services and buckets they reach, and from backed-up resources to the vault. */
export function readDataPaths(
  stacks: EnvironmentStacks,
  platform: PlatformNodes,
  dataServices: readonly DataServiceNode[],
  buckets: readonly PlainNode[],
  backup: BackupNodes | undefined,
): Link[] {
  const links: Link[] = [];
  const services = platform.services;
  // A data service's ingress rule that admits the cluster security group lets every pod connect.
  if (services) {
    for (const rule of blocksOfType(stacks, "aws_vpc_security_group_ingress_rule")) {
      const admitsCluster = referencedBlocks(stacks, rule.stack, rule.body.referenced_security_group_id).some((target) => target.type === "aws_eks_cluster");
      if (!admitsCluster) continue;
      const group = referencedBlocks(stacks, rule.stack, rule.body.security_group_id).map(blockId);
      for (const service of dataServices.filter((candidate) => ownsSecurityGroup(stacks, candidate, group))) {
        links.push({ from: services.id, to: service.id, label: `TLS :${text(rule.body.from_port) ?? "?"}`, kind: "data" });
      }
    }
  }
  // Pod Identity roles: what each service account's policy names is what its pods reach.
  for (const association of blocksOfType(stacks, "aws_eks_pod_identity_association")) {
    const workload = workloadOf(stacks, platform, text(association.body.namespace) ?? "", text(association.body.service_account) ?? "");
    if (!workload) continue;
    const roles = referencedBlocks(stacks, association.stack, association.body.role_arn).map(blockId);
    const policies = blocksOfType(stacks, "aws_iam_role_policy").filter((policy) => referencedBlocks(stacks, policy.stack, policy.body.role).some((target) => roles.includes(blockId(target))));
    // Each statement's actions, by the blocks its resources name.
    const actionsOn = new Map<string, string[]>();
    for (const policy of policies) {
      const document = parseJson(text(policy.body.policy) ?? "");
      for (const statement of records(record(document).Statement)) {
        if (text(statement.Effect) !== "Allow") continue;
        const actions = typeof statement.Action === "string" ? [statement.Action] : texts(statement.Action);
        for (const target of referencedBlocks(stacks, policy.stack, statement.Resource)) actionsOn.set(blockId(target), [...(actionsOn.get(blockId(target)) ?? []), ...actions]);
      }
    }
    for (const bucket of buckets.filter((candidate) => actionsOn.has(candidate.id))) {
      const actions = actionsOn.get(bucket.id) ?? [];
      const reads = actions.some((action) => /^s3:(Get|List|\*)/.test(action));
      const writes = actions.some((action) => /^s3:(Put|Delete|\*)/.test(action));
      links.push({ from: workload, to: bucket.id, label: `S3 ${reads && writes ? "read/write" : writes ? "write" : "read"} (Pod Identity)`, kind: "data" });
    }
    // A role that may read a data service's master secret belongs to a job that connects as the master user.
    for (const service of dataServices.filter((candidate) => workload !== services?.id && actionsOn.has(candidate.id))) {
      links.push({ from: workload, to: service.id, label: "master secret (Pod Identity)", kind: "data" });
    }
  }
  if (backup) {
    const [key, value] = (backup.selectionTags[0] ?? "=").split("=");
    const tagged = [...dataServices.map((service) => service.id), ...buckets.map((bucket) => bucket.id)].filter((id) => {
      return text(record(bodyOf(stacks, id).tags)[key]) === value;
    });
    for (const id of tagged.sort(compare)) links.push({ from: id, to: backup.vault.id, label: "backup", kind: "data" });
    for (const plan of backup.plans) links.push({ from: plan.id, to: backup.vault.id, label: "recovery points", kind: "config" });
  }
  return dedupe(links);
}

/** Arrows for what is attached rather than called: WAF, certificates and DNS aliases. */
export function readConfigLinks(stacks: EnvironmentStacks, edge: EdgeNodes, platform: PlatformNodes): Link[] {
  const links: Link[] = [];
  for (const distribution of edge.distributions) {
    const block = blockById(stacks, distribution.id);
    if (!block) continue;
    const { stack, body } = block;
    for (const target of referencedBlocks(stacks, stack, body.web_acl_id)) links.push({ from: blockId(target), to: distribution.id, label: "filters", kind: "config" });
    const certificateIds = referencedBlocks(stacks, stack, body.viewer_certificate).flatMap((validation) =>
      validation.type === "aws_acm_certificate_validation" ? referencedBlocks(stacks, validation.stack, validation.body.certificate_arn) : [validation],
    );
    for (const certificate of certificateIds.filter((target) => target.type === "aws_acm_certificate")) links.push({ from: blockId(certificate), to: distribution.id, label: "TLS", kind: "config" });
  }
  for (const zone of edge.zones) {
    const aliases = blocksOfType(stacks, "aws_route53_record").filter((entry) => referencedBlocks(stacks, entry.stack, entry.body.zone_id).some((target) => blockId(target) === zone.id));
    const targets = new Set(aliases.flatMap((entry) => referencedBlocks(stacks, entry.stack, record(entry.body.alias).name).map(blockId)));
    for (const distribution of edge.distributions.filter((candidate) => targets.has(candidate.id))) links.push({ from: zone.id, to: distribution.id, label: "alias", kind: "config" });
    if (platform.originRecord && aliases.some((entry) => blockId(entry) === platform.originRecord?.id) && platform.loadBalancer) {
      links.push({ from: zone.id, to: platform.loadBalancer.id, label: "origin alias", kind: "config" });
    }
  }
  if (platform.loadBalancer && platform.ingressController) {
    const controller = blockById(stacks, platform.ingressController.id);
    const references = controller ? referencedBlocks(stacks, controller.stack, controller.body.values) : [];
    for (const validation of references.filter((target) => target.type === "aws_acm_certificate_validation")) {
      for (const certificate of referencedBlocks(stacks, validation.stack, validation.body.certificate_arn)) {
        links.push({ from: blockId(certificate), to: platform.loadBalancer.id, label: "TLS", kind: "config" });
      }
    }
  }
  return dedupe(links);
}

function workloadOf(stacks: EnvironmentStacks, platform: PlatformNodes, namespace: string, serviceAccount: string): string | undefined {
  for (const job of blocksOfType(stacks, "kubernetes_cron_job_v1")) {
    const jobNamespace = text(record(job.body.metadata).namespace);
    const podSpec = record(record(record(record(record(job.body.spec).job_template).spec).template).spec);
    if (jobNamespace === namespace && text(podSpec.service_account_name) === serviceAccount) return blockId(job);
  }
  const release = platform.helmReleases.find((node) => node.details.includes(`namespace ${namespace}`));
  if (release) return release.id;
  return platform.services?.name.endsWith(`(namespace ${namespace})`) ? platform.services.id : undefined;
}

function ownsSecurityGroup(stacks: EnvironmentStacks, service: DataServiceNode, groups: readonly string[]): boolean {
  const block = blockById(stacks, service.id);
  if (!block) return false;
  const body = block.body;
  const attached = referencedBlocks(stacks, block.stack, [body.vpc_security_group_ids, body.security_group_ids, record(body.vpc_options).security_group_ids]).map(blockId);
  return attached.some((id) => groups.includes(id));
}

function dedupe(links: readonly Link[]): Link[] {
  const seen = new Set<string>();
  return links.filter((link) => {
    const key = `${link.from}->${link.to}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

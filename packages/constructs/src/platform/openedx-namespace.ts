import { LimitRangeV1 } from "@cdktf/provider-kubernetes/lib/limit-range-v1";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { ResourceQuotaV1 } from "@cdktf/provider-kubernetes/lib/resource-quota-v1";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { KUBERNETES_VERSIONS } from "../config/aws-regions";
import { ValidationError } from "../config/validation-error";

/** The quota props of an {@link OpenedxNamespace}, for presets such as {@link NON_PRODUCTION_NAMESPACE_QUOTA}. */
export type OpenedxNamespaceQuota = Required<Pick<OpenedxNamespaceProps,
  "quotaRequestsCpu" | "quotaRequestsMemory" | "quotaLimitsCpu" | "quotaLimitsMemory" | "quotaPods" | "quotaPersistentVolumeClaims" | "quotaRequestsStorage">>;

/**
 * The quota of a production namespace, the defaults: room for the LMS and Studio at their
 * autoscaling maximum (Tutor requests 2Gi per LMS/CMS pod), both worker pools, the MFE,
 * Meilisearch and the init jobs running alongside a rolling update.
 */
export const PRODUCTION_NAMESPACE_QUOTA: OpenedxNamespaceQuota = {
  quotaRequestsCpu: "24",
  quotaRequestsMemory: "64Gi",
  quotaLimitsCpu: "48",
  quotaLimitsMemory: "128Gi",
  quotaPods: 100,
  quotaPersistentVolumeClaims: 10,
  quotaRequestsStorage: "200Gi",
};

/** The quota of a staging namespace (one or two replicas of everything, plus the jobs), to spread into the props. */
export const NON_PRODUCTION_NAMESPACE_QUOTA: OpenedxNamespaceQuota = {
  quotaRequestsCpu: "8",
  quotaRequestsMemory: "24Gi",
  quotaLimitsCpu: "16",
  quotaLimitsMemory: "48Gi",
  quotaPods: 40,
  quotaPersistentVolumeClaims: 5,
  quotaRequestsStorage: "50Gi",
};

/** Props of an {@link OpenedxNamespace}. */
export interface OpenedxNamespaceProps {
  /**
   * Namespace name, Tutor's `K8S_NAMESPACE`: a DNS label (1-63 lowercase letters, digits and
   * "-", starting and ending with a letter or digit), not `default` nor `kube-*`.
   * @default "openedx"
   */
  readonly name?: string;
  /**
   * The cluster's Kubernetes minor version, e.g. `1.33`. The Pod Security Standards labels are
   * pinned to it (`v1.33`) rather than `latest`, so a cluster upgrade never tightens the policy
   * under running pods; bump it together with the cluster.
   */
  readonly kubernetesVersion: string;
  /**
   * CPU request given to a container that sets none.
   * @default "100m"
   */
  readonly defaultCpuRequest?: string;
  /**
   * Memory request given to a container that sets none.
   * @default "256Mi"
   */
  readonly defaultMemoryRequest?: string;
  /**
   * CPU limit given to a container that sets none.
   * @default "1"
   */
  readonly defaultCpuLimit?: string;
  /**
   * Memory limit given to a container that sets none; Tutor's LMS and CMS request 2Gi and set
   * no limit, so they get this one.
   * @default "2Gi"
   */
  readonly defaultMemoryLimit?: string;
  /**
   * Largest CPU limit a container may have.
   * @default "4"
   */
  readonly maxCpu?: string;
  /**
   * Largest memory limit a container may have.
   * @default "8Gi"
   */
  readonly maxMemory?: string;
  /**
   * Namespace-wide sum of CPU requests (Kubernetes quantity, e.g. `"24"`). The environment app
   * spreads {@link NON_PRODUCTION_NAMESPACE_QUOTA} into the props for staging.
   * @default "24"
   */
  readonly quotaRequestsCpu?: string;
  /**
   * Namespace-wide sum of memory requests.
   * @default "64Gi"
   */
  readonly quotaRequestsMemory?: string;
  /**
   * Namespace-wide sum of CPU limits; at least `quotaRequestsCpu` and `maxCpu`.
   * @default "48"
   */
  readonly quotaLimitsCpu?: string;
  /**
   * Namespace-wide sum of memory limits; at least `quotaRequestsMemory` and `maxMemory`.
   * @default "128Gi"
   */
  readonly quotaLimitsMemory?: string;
  /**
   * Pods in the namespace, completed job pods not yet garbage-collected included.
   * @default 100
   */
  readonly quotaPods?: number;
  /**
   * PersistentVolumeClaims in the namespace (Meilisearch's is the one Tutor asks for once the data
   * services are external).
   * @default 10
   */
  readonly quotaPersistentVolumeClaims?: number;
  /**
   * Sum of the storage requested by the namespace's PersistentVolumeClaims.
   * @default "200Gi"
   */
  readonly quotaRequestsStorage?: string;
  /**
   * Refuse `terraform destroy` of the namespace (`lifecycle.prevent_destroy`): deleting it
   * deletes every object in it, Meilisearch's volume claim included.
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/**
 * The namespace Open edX runs in, with its guardrails:
 *
 * - Pod Security Standards: `enforce: baseline`, with `audit` and `warn` at `restricted`. Tutor's
 *   images run as uid 1000 without privilege escalation but set no `seccompProfile` and do not drop
 *   all capabilities, so `restricted` would reject them; auditing and warning at `restricted`
 *   keeps the gap visible. The version labels are pinned to the cluster's version.
 * - A LimitRange giving every container default requests and limits (Tutor's workers set none)
 *   and capping any one container, so one runaway pod cannot starve the node.
 * - A ResourceQuota capping the namespace, with `services.loadbalancers: 0`: the ingress
 *   controller is the only way in, and a `LoadBalancer` Service (Tutor's caddy with
 *   `ENABLE_WEB_PROXY=true`) would open a second, unprotected one. Because the quota covers
 *   `requests.*` and `limits.*`, pods must carry both; the LimitRange defaults supply them.
 *
 * Construct ids are API: `Resource` (the namespace), `LimitRange`, `ResourceQuota`.
 *
 * @resource kubernetes_namespace_v1
 * @stateful
 */
export class OpenedxNamespace extends Construct {
  /** The namespace name, as a reference (depending on it orders after the namespace). @attribute */
  readonly namespaceName: string;
  /** The namespace. */
  readonly resource: NamespaceV1;
  /**
   * The LimitRange `openedx-container-defaults`: the default requests and limits of containers that
   * set none, and the per-container maximum.
   */
  readonly limitRange: LimitRangeV1;
  /**
   * The ResourceQuota `openedx-quota`: the namespace's caps, including no `LoadBalancer` Service. It
   * is created after {@link OpenedxNamespace.limitRange}, whose defaults let pods satisfy it.
   */
  readonly resourceQuota: ResourceQuotaV1;

  constructor(scope: Construct, id: string, props: OpenedxNamespaceProps) {
    super(scope, id);
    const name = props.name ?? "openedx";
    const limits = {
      defaultCpuRequest: props.defaultCpuRequest ?? "100m",
      defaultMemoryRequest: props.defaultMemoryRequest ?? "256Mi",
      defaultCpuLimit: props.defaultCpuLimit ?? "1",
      defaultMemoryLimit: props.defaultMemoryLimit ?? "2Gi",
      maxCpu: props.maxCpu ?? "4",
      maxMemory: props.maxMemory ?? "8Gi",
    };
    const quota: OpenedxNamespaceQuota = {
      quotaRequestsCpu: props.quotaRequestsCpu ?? PRODUCTION_NAMESPACE_QUOTA.quotaRequestsCpu,
      quotaRequestsMemory: props.quotaRequestsMemory ?? PRODUCTION_NAMESPACE_QUOTA.quotaRequestsMemory,
      quotaLimitsCpu: props.quotaLimitsCpu ?? PRODUCTION_NAMESPACE_QUOTA.quotaLimitsCpu,
      quotaLimitsMemory: props.quotaLimitsMemory ?? PRODUCTION_NAMESPACE_QUOTA.quotaLimitsMemory,
      quotaPods: props.quotaPods ?? PRODUCTION_NAMESPACE_QUOTA.quotaPods,
      quotaPersistentVolumeClaims: props.quotaPersistentVolumeClaims ?? PRODUCTION_NAMESPACE_QUOTA.quotaPersistentVolumeClaims,
      quotaRequestsStorage: props.quotaRequestsStorage ?? PRODUCTION_NAMESPACE_QUOTA.quotaRequestsStorage,
    };
    validateProps(this, name, props.kubernetesVersion, limits, quota);

    const pssVersion = `v${props.kubernetesVersion}`;
    this.resource = new NamespaceV1(this, "Resource", {
      metadata: {
        name,
        labels: {
          "pod-security.kubernetes.io/enforce": "baseline",
          "pod-security.kubernetes.io/enforce-version": pssVersion,
          "pod-security.kubernetes.io/audit": "restricted",
          "pod-security.kubernetes.io/audit-version": pssVersion,
          "pod-security.kubernetes.io/warn": "restricted",
          "pod-security.kubernetes.io/warn-version": pssVersion,
        },
      },
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    this.namespaceName = this.resource.metadata.name;

    this.limitRange = new LimitRangeV1(this, "LimitRange", {
      metadata: { name: "openedx-container-defaults", namespace: this.namespaceName },
      spec: {
        limit: [
          {
            type: "Container",
            defaultRequest: { cpu: limits.defaultCpuRequest, memory: limits.defaultMemoryRequest },
            default: { cpu: limits.defaultCpuLimit, memory: limits.defaultMemoryLimit },
            max: { cpu: limits.maxCpu, memory: limits.maxMemory },
          },
        ],
      },
    });

    this.resourceQuota = new ResourceQuotaV1(this, "ResourceQuota", {
      metadata: { name: "openedx-quota", namespace: this.namespaceName },
      spec: {
        hard: {
          "requests.cpu": quota.quotaRequestsCpu,
          "requests.memory": quota.quotaRequestsMemory,
          "limits.cpu": quota.quotaLimitsCpu,
          "limits.memory": quota.quotaLimitsMemory,
          "requests.storage": quota.quotaRequestsStorage,
          pods: String(quota.quotaPods),
          persistentvolumeclaims: String(quota.quotaPersistentVolumeClaims),
          "services.loadbalancers": "0",
        },
      },
      // The quota counts requests and limits only once the LimitRange can fill them in; created
      // the other way round, pods created in between without them would be refused.
      dependsOn: [this.limitRange],
    });
  }
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const CPU_QUANTITY = /^(\d+(?:\.\d+)?)(m?)$/;
const BYTES_QUANTITY = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$/;
const BYTE_UNITS: Readonly<Record<string, number>> = {
  "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50,
};

/** CPU in millicores, or `undefined` when not a CPU quantity (`"250m"`, `"0.5"`, `"2"`). */
function cpuMillis(value: string): number | undefined {
  const match = CPU_QUANTITY.exec(value);
  if (!match) return undefined;
  const amount = Number(match[1]);
  return match[2] === "m" ? amount : amount * 1000;
}

/** Bytes, or `undefined` when not a byte quantity (`"256Mi"`, `"2Gi"`, `"1G"`). */
function bytes(value: string): number | undefined {
  const match = BYTES_QUANTITY.exec(value);
  if (!match) return undefined;
  return Number(match[1]) * BYTE_UNITS[match[2] ?? ""];
}

interface ContainerLimits {
  readonly defaultCpuRequest: string;
  readonly defaultMemoryRequest: string;
  readonly defaultCpuLimit: string;
  readonly defaultMemoryLimit: string;
  readonly maxCpu: string;
  readonly maxMemory: string;
}

/** Checks every prop and reports all problems in one error. */
function validateProps(scope: Construct, name: string, kubernetesVersion: string, limits: ContainerLimits, quota: OpenedxNamespaceQuota): void {
  const problems: string[] = [];
  if (Token.isUnresolved(name)) {
    // Checked by the API server at apply.
  } else if (!DNS_LABEL.test(name)) {
    problems.push(`name must be a DNS label: 1-63 lowercase letters, digits or "-", starting and ending with a letter or digit, got "${name}"`);
  } else if (name === "default" || name.startsWith("kube-")) {
    problems.push(`name must not be "default" or start with "kube-", which Kubernetes reserves for itself, got "${name}"`);
  }
  if (!(KUBERNETES_VERSIONS as readonly string[]).includes(kubernetesVersion)) {
    problems.push(`kubernetesVersion must be a version EKS gives standard support for (${KUBERNETES_VERSIONS.join(", ")}), got "${kubernetesVersion}"`);
  }

  const cpu = (prop: string, value: string): number | undefined => {
    const parsed = cpuMillis(value);
    if (parsed === undefined || parsed <= 0) problems.push(`${prop} must be a positive CPU quantity such as "250m" or "2", got "${value}"`);
    return parsed;
  };
  const memory = (prop: string, value: string): number | undefined => {
    const parsed = bytes(value);
    if (parsed === undefined || parsed <= 0) problems.push(`${prop} must be a positive byte quantity such as "256Mi" or "8Gi", got "${value}"`);
    return parsed;
  };
  const ordered = (smaller: [string, string, number | undefined], larger: [string, string, number | undefined]): void => {
    const [smallProp, smallValue, small] = smaller;
    const [largeProp, largeValue, large] = larger;
    if (small !== undefined && large !== undefined && small > large) {
      problems.push(`${smallProp} must not exceed ${largeProp} (${largeValue}), got "${smallValue}"`);
    }
  };

  const cpuRequest: [string, string, number | undefined] = ["defaultCpuRequest", limits.defaultCpuRequest, cpu("defaultCpuRequest", limits.defaultCpuRequest)];
  const cpuLimit: [string, string, number | undefined] = ["defaultCpuLimit", limits.defaultCpuLimit, cpu("defaultCpuLimit", limits.defaultCpuLimit)];
  const cpuMax: [string, string, number | undefined] = ["maxCpu", limits.maxCpu, cpu("maxCpu", limits.maxCpu)];
  const memoryRequest: [string, string, number | undefined] = ["defaultMemoryRequest", limits.defaultMemoryRequest, memory("defaultMemoryRequest", limits.defaultMemoryRequest)];
  const memoryLimit: [string, string, number | undefined] = ["defaultMemoryLimit", limits.defaultMemoryLimit, memory("defaultMemoryLimit", limits.defaultMemoryLimit)];
  const memoryMax: [string, string, number | undefined] = ["maxMemory", limits.maxMemory, memory("maxMemory", limits.maxMemory)];
  ordered(cpuRequest, cpuLimit);
  ordered(cpuLimit, cpuMax);
  ordered(memoryRequest, memoryLimit);
  ordered(memoryLimit, memoryMax);

  const quotaRequestsCpu: [string, string, number | undefined] = ["quotaRequestsCpu", quota.quotaRequestsCpu, cpu("quotaRequestsCpu", quota.quotaRequestsCpu)];
  const quotaLimitsCpu: [string, string, number | undefined] = ["quotaLimitsCpu", quota.quotaLimitsCpu, cpu("quotaLimitsCpu", quota.quotaLimitsCpu)];
  const quotaRequestsMemory: [string, string, number | undefined] = ["quotaRequestsMemory", quota.quotaRequestsMemory, memory("quotaRequestsMemory", quota.quotaRequestsMemory)];
  const quotaLimitsMemory: [string, string, number | undefined] = ["quotaLimitsMemory", quota.quotaLimitsMemory, memory("quotaLimitsMemory", quota.quotaLimitsMemory)];
  memory("quotaRequestsStorage", quota.quotaRequestsStorage);
  ordered(quotaRequestsCpu, quotaLimitsCpu);
  ordered(quotaRequestsMemory, quotaLimitsMemory);
  // A quota below the largest container would make that container unschedulable.
  ordered(cpuMax, quotaLimitsCpu);
  ordered(memoryMax, quotaLimitsMemory);

  for (const [prop, value] of [["quotaPods", quota.quotaPods], ["quotaPersistentVolumeClaims", quota.quotaPersistentVolumeClaims]] as const) {
    if (!Number.isInteger(value) || value < 1) {
      problems.push(`${prop} must be a whole number of at least 1, got ${value}`);
    }
  }
  if (problems.length > 0) {
    throw new ValidationError(problems.join("; "), scope);
  }
}

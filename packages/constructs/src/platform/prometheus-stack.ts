import { Release } from "@cdktf/provider-helm/lib/release";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { ValidationError } from "../config/validation-error";
import type { EncryptedStorageClass } from "./encrypted-storage-class";

/** Helm repository of the `kube-prometheus-stack` chart. */
export const KUBE_PROMETHEUS_STACK_REPOSITORY = "https://prometheus-community.github.io/helm-charts";

/**
 * The pinned `kube-prometheus-stack` chart version: the newest confirmed, from the release notes
 * quoted in ocf/kubernetes#166 ("update kube-prometheus-stack to 91.5.0",
 * https://github.com/prometheus-community/helm-charts/releases/tag/kube-prometheus-stack-91.5.0).
 */
export const KUBE_PROMETHEUS_STACK_CHART_VERSION = "91.5.0";

/** Key of the Grafana admin user name in the secret that {@link PrometheusStack} reads. */
export const GRAFANA_ADMIN_USER_KEY = "admin-user";
/** Key of the Grafana admin password in the secret that {@link PrometheusStack} reads. */
export const GRAFANA_ADMIN_PASSWORD_KEY = "admin-password";

/** CPU and memory of a container, in Kubernetes quantities (`500m`, `2Gi`). */
export interface ContainerResources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  /** Memory only: a CPU limit throttles a busy Prometheus without protecting anything. */
  readonly limits: { readonly memory: string };
}

/** Props of {@link PrometheusStack}. */
export interface PrometheusStackProps {
  /**
   * Name of a Kubernetes Secret in the monitoring namespace holding the Grafana admin login under
   * the keys `admin-user` and `admin-password`. It is created outside Terraform so the password
   * is never in the Helm values, the synthesized JSON or the state. Create it (and the namespace)
   * before the first apply:
   *
   * ```sh
   * kubectl create namespace monitoring
   * kubectl -n monitoring create secret generic grafana-admin \
   *   --from-literal=admin-user=admin \
   *   --from-literal=admin-password="$(openssl rand -base64 32)"
   * ```
   */
  readonly grafanaAdminSecretName: string;
  /**
   * Namespace of the release.
   * @default "monitoring"
   */
  readonly namespace?: string;
  /**
   * How long Prometheus keeps samples, in days (1-365). Prometheus also deletes the oldest data
   * once it uses 90% of its volume, so a full disk never stops ingestion.
   * @default 15
   */
  readonly retentionDays?: number;
  /**
   * Size of each Prometheus replica's volume, in GiB (10-16384).
   * @default 50
   */
  readonly prometheusStorageGiB?: number;
  /**
   * StorageClass of the Prometheus, Alertmanager and Grafana volumes. Passing the cluster's
   * {@link EncryptedStorageClass} also orders the release after it, so no claim waits for a
   * missing class.
   * @default - the StorageClass named `gp3-encrypted` (the default name of `EncryptedStorageClass`), by name only
   */
  readonly storageClass?: Pick<EncryptedStorageClass, "storageClassName">;
  /**
   * Run two Prometheus replicas (each scraping everything) and a two-member Alertmanager cluster,
   * so monitoring and alerting survive losing a pod or node.
   * @default true
   */
  readonly highAvailability?: boolean;
  /**
   * Requests and limits of each Prometheus pod; memory grows with the number of series.
   * @default - requests 500m CPU and 2Gi memory, limit 4Gi memory
   */
  readonly prometheusResources?: ContainerResources;
  /**
   * The chart version, to try a newer one before the library pins it.
   * @default KUBE_PROMETHEUS_STACK_CHART_VERSION
   */
  readonly chartVersion?: string;
}

/** A PersistentVolumeClaim template as the Prometheus operator takes it. */
interface VolumeClaimTemplate {
  readonly spec: {
    readonly storageClassName: string;
    readonly accessModes: readonly string[];
    readonly resources: { readonly requests: { readonly storage: string } };
  };
}

/** The `kube-prometheus-stack` values this construct sets. */
export interface KubePrometheusStackValues {
  readonly fullnameOverride: string;
  readonly prometheus: {
    readonly prometheusSpec: {
      readonly replicas: number;
      readonly retention: string;
      readonly retentionSize: string;
      readonly resources: ContainerResources;
      readonly storageSpec: { readonly volumeClaimTemplate: VolumeClaimTemplate };
      readonly serviceMonitorSelectorNilUsesHelmValues: boolean;
      readonly podMonitorSelectorNilUsesHelmValues: boolean;
      readonly ruleSelectorNilUsesHelmValues: boolean;
    };
  };
  readonly alertmanager: {
    readonly alertmanagerSpec: {
      readonly replicas: number;
      readonly resources: ContainerResources;
      readonly storage: { readonly volumeClaimTemplate: VolumeClaimTemplate };
    };
  };
  readonly grafana: {
    readonly admin: { readonly existingSecret: string; readonly userKey: string; readonly passwordKey: string };
    readonly persistence: { readonly enabled: boolean; readonly type: string; readonly storageClassName: string; readonly size: string };
    readonly resources: ContainerResources;
  };
  readonly prometheusOperator: { readonly resources: ContainerResources };
  readonly kubeControllerManager: { readonly enabled: boolean };
  readonly kubeScheduler: { readonly enabled: boolean };
  readonly kubeEtcd: { readonly enabled: boolean };
  readonly kubeProxy: { readonly enabled: boolean };
}

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_1123_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const CHART_VERSION = /^\d+\.\d+\.\d+$/;

const RELEASE_NAME = "kube-prometheus-stack";

/**
 * Cluster monitoring with the `kube-prometheus-stack` Helm chart: the Prometheus operator,
 * Prometheus, Alertmanager, Grafana, kube-state-metrics and node-exporter, with the chart's
 * dashboards and alert rules.
 *
 * - The Grafana admin password never enters the values: Grafana reads it from an existing Secret
 *   ({@link PrometheusStackProps.grafanaAdminSecretName}).
 * - Prometheus, Alertmanager and Grafana keep their data on encrypted gp3 volumes.
 * - Prometheus selects every ServiceMonitor, PodMonitor and PrometheusRule in the cluster, not
 *   only those labelled for this release, so other charts' monitors are picked up.
 * - EKS runs the control plane, so the chart's scrapes of the controller manager, scheduler, etcd
 *   and kube-proxy are off (they would only raise target-down alerts).
 *
 * Nothing is exposed outside the cluster; reach Grafana with
 * `kubectl -n monitoring port-forward svc/kube-prometheus-stack-grafana 3000:80`.
 *
 * Construct id of the release: `Resource`.
 *
 * @resource helm_release
 * @see https://github.com/prometheus-community/helm-charts/tree/main/charts/kube-prometheus-stack
 */
export class PrometheusStack extends Construct {
  /** @attribute */
  readonly namespace: string;
  /** @attribute */
  readonly releaseName: string;
  /** Service of Prometheus (port 9090). @attribute */
  readonly prometheusServiceName: string;
  /** Service of Alertmanager (port 9093). @attribute */
  readonly alertmanagerServiceName: string;
  /** Service of Grafana (port 80). @attribute */
  readonly grafanaServiceName: string;
  /** In-cluster URL of Prometheus, for Grafana data sources or adapters. @attribute */
  readonly prometheusUrl: string;
  /** The values passed to the chart. */
  readonly values: KubePrometheusStackValues;
  /** The Helm release, for `dependsOn` of resources that need the monitoring CRDs. */
  readonly resource: Release;

  constructor(scope: Construct, id: string, props: PrometheusStackProps) {
    super(scope, id);
    validateProps(this, props);
    this.namespace = props.namespace ?? "monitoring";
    this.releaseName = RELEASE_NAME;
    const storageClassName = props.storageClass?.storageClassName ?? "gp3-encrypted";
    const storageGiB = props.prometheusStorageGiB ?? 50;
    const replicas = (props.highAvailability ?? true) ? 2 : 1;
    const claim = (size: string): VolumeClaimTemplate => ({
      spec: { storageClassName, accessModes: ["ReadWriteOnce"], resources: { requests: { storage: size } } },
    });

    this.values = {
      // Keeps every object name short and fixed, whatever the release is called.
      fullnameOverride: RELEASE_NAME,
      prometheus: {
        prometheusSpec: {
          replicas,
          retention: `${props.retentionDays ?? 15}d`,
          // Prometheus sizes are powers of 1024, like the volume's GiB.
          retentionSize: `${Math.floor(storageGiB * 0.9)}GB`,
          resources: props.prometheusResources ?? { requests: { cpu: "500m", memory: "2Gi" }, limits: { memory: "4Gi" } },
          storageSpec: { volumeClaimTemplate: claim(`${storageGiB}Gi`) },
          serviceMonitorSelectorNilUsesHelmValues: false,
          podMonitorSelectorNilUsesHelmValues: false,
          ruleSelectorNilUsesHelmValues: false,
        },
      },
      alertmanager: {
        alertmanagerSpec: {
          replicas,
          resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "256Mi" } },
          storage: { volumeClaimTemplate: claim("10Gi") },
        },
      },
      grafana: {
        admin: { existingSecret: props.grafanaAdminSecretName, userKey: GRAFANA_ADMIN_USER_KEY, passwordKey: GRAFANA_ADMIN_PASSWORD_KEY },
        persistence: { enabled: true, type: "pvc", storageClassName, size: "10Gi" },
        resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "512Mi" } },
      },
      prometheusOperator: { resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "512Mi" } } },
      kubeControllerManager: { enabled: false },
      kubeScheduler: { enabled: false },
      kubeEtcd: { enabled: false },
      kubeProxy: { enabled: false },
    };

    this.resource = new Release(this, "Resource", {
      name: RELEASE_NAME,
      namespace: this.namespace,
      createNamespace: true,
      repository: KUBE_PROMETHEUS_STACK_REPOSITORY,
      chart: "kube-prometheus-stack",
      version: props.chartVersion ?? KUBE_PROMETHEUS_STACK_CHART_VERSION,
      values: [JSON.stringify(this.values)],
      // A failed upgrade rolls back rather than leaving monitoring half-applied.
      atomic: true,
      cleanupOnFail: true,
      timeout: 900,
      maxHistory: 10,
    });

    this.prometheusServiceName = `${RELEASE_NAME}-prometheus`;
    this.alertmanagerServiceName = `${RELEASE_NAME}-alertmanager`;
    this.grafanaServiceName = `${RELEASE_NAME}-grafana`;
    this.prometheusUrl = `http://${this.prometheusServiceName}.${this.namespace}.svc:9090`;
  }
}

function known(value: number | undefined): value is number {
  return value !== undefined && !Token.isUnresolved(value);
}

/** Checks every prop and reports all problems in one error. */
function validateProps(scope: Construct, props: PrometheusStackProps): void {
  const problems: string[] = [];
  const secret = props.grafanaAdminSecretName;
  if (!Token.isUnresolved(secret) && !DNS_1123_SUBDOMAIN.test(secret)) {
    problems.push(`grafanaAdminSecretName must be a Kubernetes object name (lowercase letters, digits, "-" and ".", at most 253), got "${secret}"`);
  }
  const namespace = props.namespace;
  if (namespace !== undefined && !Token.isUnresolved(namespace) && !DNS_1123_LABEL.test(namespace)) {
    problems.push(`namespace must be a Kubernetes DNS-1123 label (1-63 lowercase letters, digits or "-", starting and ending with a letter or digit), got "${namespace}"`);
  }
  const storageClass = props.storageClass?.storageClassName;
  if (storageClass !== undefined && !Token.isUnresolved(storageClass) && !DNS_1123_SUBDOMAIN.test(storageClass)) {
    problems.push(`storageClass.storageClassName must be a Kubernetes object name (lowercase letters, digits, "-" and ".", at most 253), got "${storageClass}"`);
  }
  const retention = props.retentionDays;
  if (known(retention) && (!Number.isInteger(retention) || retention < 1 || retention > 365)) {
    problems.push(`retentionDays must be a whole number of days from 1 to 365, got ${retention}`);
  }
  const storage = props.prometheusStorageGiB;
  if (known(storage) && (!Number.isInteger(storage) || storage < 10 || storage > 16384)) {
    problems.push(`prometheusStorageGiB must be a whole number of GiB from 10 to 16384 (the gp3 maximum), got ${storage}`);
  }
  const version = props.chartVersion;
  if (version !== undefined && !CHART_VERSION.test(version)) {
    problems.push(`chartVersion must be an exact chart version such as "${KUBE_PROMETHEUS_STACK_CHART_VERSION}" (no ranges), got "${version}"`);
  }
  if (problems.length > 0) {
    throw new ValidationError(problems.join("; "), scope);
  }
}

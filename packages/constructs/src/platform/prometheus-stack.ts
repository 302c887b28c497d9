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
  /** What the scheduler reserves for the container on its node. */
  readonly requests: {
    /** CPU request, e.g. `500m` (half a core). */
    readonly cpu: string;
    /** Memory request, e.g. `2Gi`; for Prometheus, size it to the series it holds in memory. */
    readonly memory: string;
  };
  /** Memory only: a CPU limit throttles a busy Prometheus without protecting anything. */
  readonly limits: {
    /** Memory limit, e.g. `4Gi`: above it the container is OOM-killed rather than starving its node. */
    readonly memory: string;
  };
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
  /** The claim's spec, one claim per replica. */
  readonly spec: {
    /** The StorageClass, {@link PrometheusStackProps.storageClass}. */
    readonly storageClassName: string;
    /** `ReadWriteOnce`: each replica has its own EBS volume. */
    readonly accessModes: readonly string[];
    /** The volume size. */
    readonly resources: {
      /** The size requested. */
      readonly requests: {
        /** A Kubernetes quantity, e.g. `50Gi`. */
        readonly storage: string;
      };
    };
  };
}

/**
 * The `kube-prometheus-stack` values this construct sets, as {@link PrometheusStack.values} exposes
 * them (the release receives them as JSON). Keys follow the chart's `values.yaml`; anything not
 * listed keeps the chart's default.
 */
export interface KubePrometheusStackValues {
  /**
   * `kube-prometheus-stack`: every object is named from this rather than from the release, which
   * keeps the Service names ({@link PrometheusStack.prometheusServiceName} and the others) fixed.
   */
  readonly fullnameOverride: string;
  /** Chart key `prometheus`: the Prometheus server. */
  readonly prometheus: {
    /** The spec of the operator's `Prometheus` object. */
    readonly prometheusSpec: {
      /** 2 with {@link PrometheusStackProps.highAvailability}, else 1; each replica scrapes every target on its own. */
      readonly replicas: number;
      /** How long samples are kept, in Prometheus duration syntax: {@link PrometheusStackProps.retentionDays} as `<n>d`. */
      readonly retention: string;
      /**
       * 90% of the volume, in Prometheus `GB` (powers of 1024, like the volume's GiB): past it the
       * oldest blocks are deleted, so a full disk never stops ingestion.
       */
      readonly retentionSize: string;
      /** Each Prometheus pod's resources, {@link PrometheusStackProps.prometheusResources}. */
      readonly resources: ContainerResources;
      /** Where the samples live. */
      readonly storageSpec: {
        /** One claim per replica of {@link PrometheusStackProps.prometheusStorageGiB} on the chosen StorageClass. */
        readonly volumeClaimTemplate: VolumeClaimTemplate;
      };
      /** `false`: Prometheus selects every ServiceMonitor in the cluster, not only those labelled for this release. */
      readonly serviceMonitorSelectorNilUsesHelmValues: boolean;
      /** `false`: likewise for every PodMonitor. */
      readonly podMonitorSelectorNilUsesHelmValues: boolean;
      /** `false`: likewise for every PrometheusRule, so other charts' alert rules are loaded. */
      readonly ruleSelectorNilUsesHelmValues: boolean;
    };
  };
  /** Chart key `alertmanager`. */
  readonly alertmanager: {
    /** The spec of the operator's `Alertmanager` object. */
    readonly alertmanagerSpec: {
      /** The same as Prometheus's; two members form a cluster that sends each notification once. */
      readonly replicas: number;
      /** 50m CPU and 128Mi memory requested, 256Mi memory limit. */
      readonly resources: ContainerResources;
      /** Where silences and notification state live, so they survive a restart. */
      readonly storage: {
        /** One 10Gi claim per replica on the chosen StorageClass. */
        readonly volumeClaimTemplate: VolumeClaimTemplate;
      };
    };
  };
  /** Chart key `grafana`: the values of the bundled Grafana chart. */
  readonly grafana: {
    /** Where Grafana reads its admin login, so the password stays out of the values and the Terraform state. */
    readonly admin: {
      /** {@link PrometheusStackProps.grafanaAdminSecretName}, a Secret created outside Terraform. */
      readonly existingSecret: string;
      /** {@link GRAFANA_ADMIN_USER_KEY}. */
      readonly userKey: string;
      /** {@link GRAFANA_ADMIN_PASSWORD_KEY}. */
      readonly passwordKey: string;
    };
    /** Grafana's own volume, which keeps dashboards and users created in the UI across restarts. */
    readonly persistence: {
      /** `true`. */
      readonly enabled: boolean;
      /** `pvc`: a plain claim for the Deployment (the chart's other choice is a StatefulSet). */
      readonly type: string;
      /** The StorageClass, the same as Prometheus's. */
      readonly storageClassName: string;
      /** `10Gi`. */
      readonly size: string;
    };
    /** 100m CPU and 256Mi memory requested, 512Mi memory limit. */
    readonly resources: ContainerResources;
  };
  /** Chart key `prometheusOperator`: the operator that turns the monitoring CRDs into Prometheus configuration. */
  readonly prometheusOperator: {
    /** 100m CPU and 128Mi memory requested, 512Mi memory limit. */
    readonly resources: ContainerResources;
  };
  /** Chart key `kubeControllerManager`: its scrape, off because EKS runs the controller manager outside the cluster, where the chart's scrape cannot reach it. */
  readonly kubeControllerManager: {
    /** `false`: the target would only ever be down and raise alerts. */
    readonly enabled: boolean;
  };
  /** Chart key `kubeScheduler`: its scrape, off because EKS runs the scheduler outside the cluster, where the chart's scrape cannot reach it. */
  readonly kubeScheduler: {
    /** `false`: the target would only ever be down and raise alerts. */
    readonly enabled: boolean;
  };
  /** Chart key `kubeEtcd`: its scrape, off because EKS runs etcd outside the cluster, out of reach. */
  readonly kubeEtcd: {
    /** `false`: the target would only ever be down and raise alerts. */
    readonly enabled: boolean;
  };
  /** Chart key `kubeProxy`: its scrape, off because EKS Auto Mode runs kube-proxy inside its managed nodes, not as pods the chart's monitor could find. */
  readonly kubeProxy: {
    /** `false`: the target would only ever be down and raise alerts. */
    readonly enabled: boolean;
  };
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
  /** Namespace of the release, where the Grafana admin Secret must exist. @attribute */
  readonly namespace: string;
  /** Name of the Helm release, `kube-prometheus-stack`, for `helm` commands against it. @attribute */
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

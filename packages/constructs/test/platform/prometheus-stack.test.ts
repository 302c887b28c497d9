import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import {
  KUBE_PROMETHEUS_STACK_CHART_VERSION,
  KUBE_PROMETHEUS_STACK_REPOSITORY,
  KubePrometheusStackValues,
  PrometheusStack,
  PrometheusStackProps,
} from "../../src/platform/prometheus-stack";
import { EncryptedStorageClass } from "../../src/platform/encrypted-storage-class";

type Resources = Record<string, Record<string, Record<string, unknown>>>;

const REQUIRED: PrometheusStackProps = { grafanaAdminSecretName: "grafana-admin" };

function synthesize(props: Partial<PrometheusStackProps> = {}) {
  const stack = new TerraformStack(Testing.app(), "test");
  new HelmProvider(stack, "helm", { kubernetes: { host: "https://kubernetes.example", token: "dummy" } });
  const prometheus = new PrometheusStack(stack, "monitoring", { ...REQUIRED, ...props });
  const json = JSON.parse(Testing.synth(stack, true)) as { resource: Resources };
  const releases = Object.values(json.resource.helm_release);
  expect(releases).toHaveLength(1);
  const release = releases[0];
  return { release, values: JSON.parse((release.values as string[])[0]) as Record<string, unknown>, prometheus, json };
}

function build(props: Partial<PrometheusStackProps>): void {
  new PrometheusStack(new TerraformStack(Testing.app(), "test"), "monitoring", { ...REQUIRED, ...props });
}

const gp3 = (size: string) => ({ spec: { storageClassName: "gp3-encrypted", accessModes: ["ReadWriteOnce"], resources: { requests: { storage: size } } } });

describe("PrometheusStack", () => {
  const { release, values, prometheus, json } = synthesize();

  it("installs the pinned kube-prometheus-stack chart into the monitoring namespace", () => {
    expect(KUBE_PROMETHEUS_STACK_CHART_VERSION).toBe("91.5.0");
    expect(release).toEqual({
      name: "kube-prometheus-stack",
      namespace: "monitoring",
      create_namespace: true,
      repository: "https://prometheus-community.github.io/helm-charts",
      chart: "kube-prometheus-stack",
      version: "91.5.0",
      values: [JSON.stringify(prometheus.values)],
      atomic: true,
      cleanup_on_fail: true,
      timeout: 900,
      max_history: 10,
    });
    expect(KUBE_PROMETHEUS_STACK_REPOSITORY).toBe(release.repository);
    expect(Object.keys(json.resource)).toEqual(["helm_release"]);
  });

  it("sets exactly these values by default", () => {
    expect(values).toEqual({
      fullnameOverride: "kube-prometheus-stack",
      prometheus: {
        prometheusSpec: {
          replicas: 2,
          retention: "15d",
          retentionSize: "45GB",
          resources: { requests: { cpu: "500m", memory: "2Gi" }, limits: { memory: "4Gi" } },
          storageSpec: { volumeClaimTemplate: gp3("50Gi") },
          serviceMonitorSelectorNilUsesHelmValues: false,
          podMonitorSelectorNilUsesHelmValues: false,
          ruleSelectorNilUsesHelmValues: false,
        },
      },
      alertmanager: {
        alertmanagerSpec: {
          replicas: 2,
          resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "256Mi" } },
          storage: { volumeClaimTemplate: gp3("10Gi") },
        },
      },
      grafana: {
        admin: { existingSecret: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password" },
        persistence: { enabled: true, type: "pvc", storageClassName: "gp3-encrypted", size: "10Gi" },
        resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "512Mi" } },
      },
      prometheusOperator: { resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "512Mi" } } },
      kubeControllerManager: { enabled: false },
      kubeScheduler: { enabled: false },
      kubeEtcd: { enabled: false },
      kubeProxy: { enabled: false },
    });
  });

  it("keeps the Grafana admin password out of the values", () => {
    const grafana = values.grafana as Record<string, unknown>;
    expect(grafana.adminPassword).toBeUndefined();
    expect(grafana.adminUser).toBeUndefined();
    expect(JSON.stringify(json)).not.toMatch(/adminPassword|prom-operator/);
    expect(release.set_sensitive).toBeUndefined();
  });

  it("exposes the service names and the in-cluster Prometheus URL", () => {
    expect(prometheus.namespace).toBe("monitoring");
    expect(prometheus.releaseName).toBe("kube-prometheus-stack");
    expect(prometheus.prometheusServiceName).toBe("kube-prometheus-stack-prometheus");
    expect(prometheus.alertmanagerServiceName).toBe("kube-prometheus-stack-alertmanager");
    expect(prometheus.grafanaServiceName).toBe("kube-prometheus-stack-grafana");
    expect(prometheus.prometheusUrl).toBe("http://kube-prometheus-stack-prometheus.monitoring.svc:9090");
    expect(prometheus.node.children.map((child) => child.node.id)).toEqual(["Resource"]);
  });

  it("applies non-default retention, storage, availability, resources, namespace and chart version", () => {
    const resources = { requests: { cpu: "1", memory: "4Gi" }, limits: { memory: "8Gi" } };
    const custom = synthesize({
      namespace: "observability",
      retentionDays: 30,
      prometheusStorageGiB: 200,
      storageClass: { storageClassName: "io2-encrypted" },
      highAvailability: false,
      prometheusResources: resources,
      chartVersion: "91.6.0",
    });
    expect(custom.release).toMatchObject({ namespace: "observability", version: "91.6.0" });
    const spec = (custom.values.prometheus as { prometheusSpec: Record<string, unknown> }).prometheusSpec;
    expect(spec).toMatchObject({
      replicas: 1,
      retention: "30d",
      retentionSize: "180GB",
      resources,
      storageSpec: { volumeClaimTemplate: { spec: { storageClassName: "io2-encrypted", resources: { requests: { storage: "200Gi" } } } } },
    });
    expect(custom.values.alertmanager).toMatchObject({ alertmanagerSpec: { replicas: 1, storage: { volumeClaimTemplate: { spec: { storageClassName: "io2-encrypted" } } } } });
    expect(custom.values.grafana).toMatchObject({ persistence: { storageClassName: "io2-encrypted" } });
    expect(custom.prometheus.prometheusUrl).toBe("http://kube-prometheus-stack-prometheus.observability.svc:9090");
  });

  it("puts the volumes on a given EncryptedStorageClass by reference, which orders the release after it", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    new HelmProvider(stack, "helm", { kubernetes: { host: "https://kubernetes.example", token: "dummy" } });
    new KubernetesProvider(stack, "kubernetes", { host: "https://kubernetes.example", token: "dummy" });
    const storageClass = new EncryptedStorageClass(stack, "storage", { encryptionKey: { keyArn: "arn:aws:kms:eu-west-1:111122223333:key/example" } });
    new PrometheusStack(stack, "monitoring", { ...REQUIRED, storageClass });
    const json = JSON.parse(Testing.synth(stack, true)) as { resource: Resources };
    const [className] = Object.keys(json.resource.kubernetes_storage_class_v1);
    const reference = `\${kubernetes_storage_class_v1.${className}.metadata[0].name}`;
    const release = Object.values(json.resource.helm_release)[0];
    const values = JSON.parse((release.values as string[])[0]) as KubePrometheusStackValues;
    expect(values.prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.storageClassName).toBe(reference);
    expect(values.alertmanager.alertmanagerSpec.storage.volumeClaimTemplate.spec.storageClassName).toBe(reference);
    expect(values.grafana.persistence.storageClassName).toBe(reference);
  });

  it.each<[string, Partial<PrometheusStackProps>, string]>([
    [
      "the Grafana secret name is not an object name",
      { grafanaAdminSecretName: "Grafana Admin" },
      'grafanaAdminSecretName must be a Kubernetes object name (lowercase letters, digits, "-" and ".", at most 253), got "Grafana Admin"',
    ],
    [
      "the namespace is not a DNS-1123 label",
      { namespace: "monitoring.system" },
      'namespace must be a Kubernetes DNS-1123 label (1-63 lowercase letters, digits or "-", starting and ending with a letter or digit), got "monitoring.system"',
    ],
    [
      "the storage class is not an object name",
      { storageClass: { storageClassName: "GP3" } },
      'storageClass.storageClassName must be a Kubernetes object name (lowercase letters, digits, "-" and ".", at most 253), got "GP3"',
    ],
    ["retention is 0 days", { retentionDays: 0 }, "retentionDays must be a whole number of days from 1 to 365, got 0"],
    ["retention is over a year", { retentionDays: 400 }, "retentionDays must be a whole number of days from 1 to 365, got 400"],
    ["storage is below 10 GiB", { prometheusStorageGiB: 5 }, "prometheusStorageGiB must be a whole number of GiB from 10 to 16384 (the gp3 maximum), got 5"],
    ["storage is fractional", { prometheusStorageGiB: 20.5 }, "prometheusStorageGiB must be a whole number of GiB from 10 to 16384 (the gp3 maximum), got 20.5"],
    ["the chart version is a range", { chartVersion: "^91.0.0" }, 'chartVersion must be an exact chart version such as "91.5.0" (no ranges), got "^91.0.0"'],
  ])("throws when %s", (_case, props, message) => {
    expect(() => build(props)).toThrow(`${message} (at test/monitoring)`);
  });

  it("reports every problem at once", () => {
    expect(() => build({ grafanaAdminSecretName: "", retentionDays: 0 })).toThrow(
      /grafanaAdminSecretName must be .*, got ""; retentionDays must be a whole number of days from 1 to 365, got 0 \(at test\/monitoring\)/,
    );
  });
});

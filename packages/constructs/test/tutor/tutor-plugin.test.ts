import { parse, parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { productionInput, stagingInput } from "../fixtures";
import { DOCUMENTDB_CA_BUNDLE_URL } from "../../src/data/document-db/document-db-cluster";
import { buildTutorConfig } from "../../src/tutor/tutor-config";
import { NON_PRODUCTION_TUTOR_RESOURCES, PRODUCTION_TUTOR_RESOURCES, TutorInputsError } from "../../src/tutor/tutor-inputs";
import { isTutorConfigKey, isTutorPatchName } from "../../src/tutor/tutor-keys";
import { buildTutorPlugin, TUTOR_MONGODB_TLS_CA_FILE, TUTOR_PLUGIN_VERSION } from "../../src/tutor/tutor-plugin";
import { FAKE_SECRETS, inputsFor } from "./inputs";

interface Container {
  name: string;
  resources: { requests: Record<string, string>; limits: Record<string, string> };
  startupProbe?: unknown;
  readinessProbe?: unknown;
  livenessProbe?: unknown;
}
interface Override {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: { template: { spec: { serviceAccountName: string; containers?: Container[]; topologySpreadConstraints?: unknown[] } } };
}

const heartbeat = (host: string, periodSeconds: number, failureThreshold: number) => ({
  httpGet: { path: "/heartbeat", port: 8000, httpHeaders: [{ name: "Host", value: host }] },
  periodSeconds,
  timeoutSeconds: 5,
  failureThreshold,
});

describe.each([
  ["production", productionInput(), PRODUCTION_TUTOR_RESOURCES],
  ["staging", stagingInput(), NON_PRODUCTION_TUTOR_RESOURCES],
])("buildTutorPlugin for %s", (name, environment, resources) => {
  const text = buildTutorPlugin(inputsFor(environment));
  const plugin = parse(text) as Record<string, unknown>;
  const patches = plugin.patches as Record<string, string>;

  it("has exactly Tutor's YAML plugin shape", () => {
    expect(Object.keys(plugin).sort()).toEqual(["config", "name", "patches", "version"]);
    expect(plugin.name).toBe("openedx_infra");
    expect(plugin.version).toBe(TUTOR_PLUGIN_VERSION);
    expect(plugin.config).toEqual({
      defaults: {
        S3_BUCKET_NAME: "",
        S3_REGION: "",
        MEDIA_HOST: "",
        SERVICE_ACCOUNT_NAME: "openedx",
        MONGODB_TLS_CA_FILE: TUTOR_MONGODB_TLS_CA_FILE,
        MONGODB_TLS_CA_URL: DOCUMENTDB_CA_BUNDLE_URL,
      },
    });
    for (const value of Object.values(patches)) expect(typeof value).toBe("string");
  });

  it("patches only names both Tutor releases render", () => {
    expect(Object.keys(patches).sort()).toEqual(["k8s-override", "openedx-cms-production-settings", "openedx-common-settings", "openedx-dockerfile"]);
    for (const name of Object.keys(patches)) expect(isTutorPatchName(name), name).toBe(true);
  });

  it("references only configuration keys that exist", () => {
    const references = [...text.matchAll(/\{\{\s*([A-Z0-9_]+)\s*\}\}/g)].map((match) => match[1]);
    expect(references.length).toBeGreaterThan(10);
    for (const key of references) expect(isTutorConfigKey(key), key).toBe(true);
  });

  it("holds no secret and no environment value", () => {
    for (const secret of Object.values(FAKE_SECRETS)) expect(text).not.toContain(secret);
    expect(text).not.toContain(environment.domain);
    expect(text).not.toContain(environment.accountId);
    const config = buildTutorConfig(inputsFor(environment));
    expect(text).not.toContain(String(config.OPENEDX_INFRA_S3_BUCKET_NAME));
  });

  it("downloads the RDS CA bundle into the image", () => {
    expect(patches["openedx-dockerfile"]).toBe(
      "# openedx_infra: the RDS CA bundle DocumentDB's TLS certificates chain to\nADD --chmod=0644 {{ OPENEDX_INFRA_MONGODB_TLS_CA_URL }} {{ OPENEDX_INFRA_MONGODB_TLS_CA_FILE }}\n",
    );
  });

  it("connects to DocumentDB with the CA bundle, secondary reads and no retryable writes", () => {
    const settings = patches["openedx-common-settings"];
    expect(settings).toContain('"tlsCAFile": "{{ OPENEDX_INFRA_MONGODB_TLS_CA_FILE }}",\n    "readPreference": "secondaryPreferred",\n    "retryWrites": False,\n}');
    expect(settings).toContain("mongodb_parameters.update(_OPENEDX_INFRA_MONGODB_OPTIONS)\n_openedx_infra_update_module_store_settings(MODULESTORE, doc_store_settings=mongodb_parameters)");
    expect(settings).toContain("FORUM_MONGODB_CLIENT_PARAMETERS.update(_OPENEDX_INFRA_MONGODB_OPTIONS)");
  });

  it("talks to the cache over TLS with AUTH", () => {
    const settings = patches["openedx-common-settings"];
    expect(settings).toContain('_openedx_infra_cache["LOCATION"] = "rediss://" + _openedx_infra_location[len("redis://"):]');
    expect(settings).toContain('BROKER_URL = "rediss://{{ REDIS_USERNAME }}:{{ REDIS_PASSWORD }}@{{ REDIS_HOST }}:{{ REDIS_PORT }}/{{ OPENEDX_CELERY_REDIS_DB }}"');
    expect(settings).toContain('BROKER_USE_SSL = {"ssl_cert_reqs": _openedx_infra_ssl.CERT_REQUIRED}');
    expect(settings).toContain('EVENT_BUS_REDIS_CONNECTION_URL = "rediss://{{ REDIS_USERNAME }}:{{ REDIS_PASSWORD }}@{{ REDIS_HOST }}:{{ REDIS_PORT }}/"');
  });

  it("stores media in S3 without keys or ACLs, public media under media/ on the media host", () => {
    const settings = patches["openedx-common-settings"];
    expect(settings).toContain(
      [
        'STORAGES["default"] = {',
        '    "BACKEND": "storages.backends.s3.S3Storage",',
        '    "OPTIONS": {',
        '        "bucket_name": "{{ OPENEDX_INFRA_S3_BUCKET_NAME }}",',
        '        "region_name": "{{ OPENEDX_INFRA_S3_REGION }}",',
        '        "location": "media",',
        '        "custom_domain": "{{ OPENEDX_INFRA_MEDIA_HOST }}",',
      ].join("\n"),
    );
    expect(settings).toContain("AWS_DEFAULT_ACL = None\n");
    expect(settings).toContain('AWS_LOCATION = "private"\n');
    expect(settings).toContain('FILE_UPLOAD_STORAGE_PREFIX = "private/ora2"');
    expect(settings).toContain('"location": "private/grades"');
    expect(settings).not.toMatch(/AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY/);
    expect(patches["openedx-cms-production-settings"]).toContain('COURSE_IMPORT_EXPORT_STORAGE = "storages.backends.s3.S3Storage"');
  });

  it("overrides the Deployments and Jobs: service account, resources, probes", () => {
    const documents = parseAllDocuments(patches["k8s-override"]).map((document) => document.toJSON() as Override);
    expect(documents.map((document) => `${document.kind}/${document.metadata.name}`)).toEqual([
      "Deployment/lms",
      "Deployment/cms",
      "Deployment/lms-worker",
      "Deployment/cms-worker",
      "Job/lms-job",
      "Job/cms-job",
    ]);
    for (const document of documents) {
      expect(document.apiVersion).toBe(document.kind === "Job" ? "batch/v1" : "apps/v1");
      expect(document.spec.template.spec.serviceAccountName).toBe("{{ OPENEDX_INFRA_SERVICE_ACCOUNT_NAME }}");
    }
    const container = (name: string) => documents.find((document) => document.metadata.name === name)?.spec.template.spec.containers;
    const expected = { lms: resources.lms, cms: resources.cms, "lms-worker": resources.lmsWorker, "cms-worker": resources.cmsWorker };
    for (const [name, sizing] of Object.entries(expected)) {
      const containers = container(name) ?? [];
      expect(containers).toHaveLength(1);
      expect(containers[0].name).toBe(name);
      expect(containers[0].resources).toEqual({
        requests: { cpu: sizing.cpuRequest, memory: sizing.memoryRequest },
        limits: { cpu: sizing.cpuLimit, memory: sizing.memoryLimit },
      });
      const probed = name === "lms" || name === "cms";
      expect(containers[0].startupProbe).toEqual(probed ? heartbeat(name, 10, 30) : undefined);
      expect(containers[0].readinessProbe).toEqual(probed ? heartbeat(name, 10, 3) : undefined);
      expect(containers[0].livenessProbe).toEqual(probed ? heartbeat(name, 20, 6) : undefined);
    }
    expect(container("lms-job")).toBeUndefined();
  });

  it(name === "production" ? "spreads each Deployment's replicas over nodes (required) and zones (preferred)" : "leaves the replicas free to share one node", () => {
    const documents = parseAllDocuments(patches["k8s-override"]).map((document) => document.toJSON() as Override);
    for (const document of documents) {
      const constraints = document.spec.template.spec.topologySpreadConstraints;
      if (name !== "production" || document.kind === "Job") {
        expect(constraints, document.metadata.name).toBeUndefined();
        continue;
      }
      // Tutor's Deployments label their pods, and select them, by app.kubernetes.io/name: <deployment>.
      const common = { maxSkew: 1, labelSelector: { matchLabels: { "app.kubernetes.io/name": document.metadata.name } }, matchLabelKeys: ["pod-template-hash"], nodeTaintsPolicy: "Honor" };
      expect(constraints, document.metadata.name).toEqual([
        { topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "DoNotSchedule", ...common },
        { topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", ...common },
      ]);
    }
  });
});

describe("buildTutorPlugin spreadReplicas", () => {
  const spreadOf = (spreadReplicas: boolean | undefined) =>
    parseAllDocuments(parse(buildTutorPlugin(inputsFor(stagingInput(), { spreadReplicas }))).patches["k8s-override"] as string)
      .map((document) => document.toJSON() as Override)
      .filter((document) => document.kind === "Deployment")
      .map((document) => document.spec.template.spec.topologySpreadConstraints?.length ?? 0);

  it("spreads by default, as production needs, and only when asked otherwise does not", () => {
    expect(spreadOf(undefined)).toEqual([2, 2, 2, 2]);
    expect(spreadOf(true)).toEqual([2, 2, 2, 2]);
    expect(spreadOf(false)).toEqual([0, 0, 0, 0]);
  });
});

describe("buildTutorPlugin", () => {
  it("rejects invalid inputs like buildTutorConfig", () => {
    expect(() => buildTutorPlugin(inputsFor(productionInput(), { imageTag: "latest" }))).toThrow(TutorInputsError);
  });
});

import { stringify } from "yaml";
import { DOCUMENTDB_CA_BUNDLE_URL, DOCUMENTDB_CONNECTION_OPTIONS } from "../data/document-db/document-db-cluster";
import { TUTOR_APP_LABEL } from "../platform/openedx-autoscaling";
import { PRODUCTION_TUTOR_RESOURCES, TutorInputs, TutorWorkloadResources, validateTutorInputs } from "./tutor-inputs";
import { TUTOR_PLUGIN_NAME } from "./tutor-keys";

/** The plugin's version, bumped whenever what it patches changes. */
export const TUTOR_PLUGIN_VERSION = "1.1.0";

/** Where the image build puts the RDS CA bundle DocumentDB's certificates chain to. */
export const TUTOR_MONGODB_TLS_CA_FILE = "/openedx/certs/rds-global-bundle.pem";

/** Tutor's Deployments the plugin overrides, with the name of their main container. */
const DEPLOYMENTS = [
  { name: "lms", container: "lms", resources: "lms" },
  { name: "cms", container: "cms", resources: "cms" },
  { name: "lms-worker", container: "lms-worker", resources: "lmsWorker" },
  { name: "cms-worker", container: "cms-worker", resources: "cmsWorker" },
] as const;

/** Tutor's Jobs that run Django management commands, which may read and write media. */
const JOBS = ["lms-job", "cms-job"] as const;

/** The port uWSGI serves the LMS and Studio on inside their pods. */
const UWSGI_PORT = 8000;

/**
 * The plugin's own configuration keys (`config.defaults`), stored by Tutor as `OPENEDX_INFRA_<key>`.
 * `config.yml` sets the environment's values; the empty defaults make a missing one visible.
 */
export const TUTOR_PLUGIN_DEFAULTS = {
  /** The media bucket Django's S3 storages use: public media under `media/`, private uploads elsewhere as presigned URLs. */
  S3_BUCKET_NAME: "",
  /** The media bucket's region, for SigV4 request signing against the regional endpoint. */
  S3_REGION: "",
  /** The media CDN's host, the `custom_domain` of public media URLs (`MEDIA_URL = https://<host>/media/`). */
  MEDIA_HOST: "",
  /** The service account the plugin puts Tutor's Deployments and Jobs on, the one with the Pod Identity role. */
  SERVICE_ACCOUNT_NAME: "openedx",
  /** Where the image build puts the CA bundle, and what pymongo's `tlsCAFile` points at. */
  MONGODB_TLS_CA_FILE: TUTOR_MONGODB_TLS_CA_FILE,
  /** Where the image build downloads the RDS CA bundle from; DocumentDB's certificates chain to it, and no public trust store holds it. */
  MONGODB_TLS_CA_URL: DOCUMENTDB_CA_BUNDLE_URL,
} as const;

/** The shape of a Tutor YAML plugin (`tutor/plugins/v0.py`, `DictPlugin`) as the hand-off writes it. */
export interface TutorPluginDocument {
  /** `openedx_infra`: what `tutor plugins enable` takes and, upper-cased, the prefix of the plugin's configuration keys. */
  readonly name: string;
  /** {@link TUTOR_PLUGIN_VERSION}, shown by `tutor plugins list`. */
  readonly version: string;
  /** The plugin's configuration keys. */
  readonly config: {
    /** {@link TUTOR_PLUGIN_DEFAULTS}, stored as `OPENEDX_INFRA_<key>`; `config.yml` sets the environment's values. */
    readonly defaults: Readonly<Record<string, string>>;
  };
  /**
   * Patch name → content, a Jinja template rendered with the whole configuration. Only names
   * Tutor's templates render take effect (`openedx-dockerfile`, `openedx-common-settings`,
   * `k8s-override`, …).
   */
  readonly patches: Readonly<Record<string, string>>;
}

/** An HTTP probe of the fields the override sets. */
interface HttpProbe {
  readonly httpGet: { readonly path: string; readonly port: number; readonly httpHeaders: readonly { readonly name: string; readonly value: string }[] };
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly failureThreshold: number;
}

/** The container fields the override sets; Kubernetes merges containers by `name`. */
interface ContainerOverride {
  readonly name: string;
  readonly resources: {
    readonly requests: { readonly cpu: string; readonly memory: string };
    readonly limits: { readonly cpu: string; readonly memory: string };
  };
  readonly startupProbe?: HttpProbe;
  readonly readinessProbe?: HttpProbe;
  readonly livenessProbe?: HttpProbe;
}

/** A pod topology spread constraint of the fields the override sets. */
interface TopologySpreadConstraint {
  readonly topologyKey: "kubernetes.io/hostname" | "topology.kubernetes.io/zone";
  readonly maxSkew: number;
  readonly whenUnsatisfiable: "DoNotSchedule" | "ScheduleAnyway";
  readonly labelSelector: { readonly matchLabels: Readonly<Record<string, string>> };
  readonly matchLabelKeys: readonly string[];
  readonly nodeTaintsPolicy: "Honor";
}

/** A strategic-merge override of one of Tutor's Deployments or Jobs. */
interface WorkloadOverride {
  readonly apiVersion: "apps/v1" | "batch/v1";
  readonly kind: "Deployment" | "Job";
  readonly metadata: { readonly name: string };
  readonly spec: {
    readonly template: {
      readonly spec: {
        readonly serviceAccountName: string;
        readonly containers?: readonly ContainerOverride[];
        readonly topologySpreadConstraints?: readonly TopologySpreadConstraint[];
      };
    };
  };
}

/**
 * The openedx_infra Tutor plugin as a document: {@link buildTutorPlugin} serializes it.
 *
 * @throws TutorInputsError listing every invalid input
 */
export function tutorPluginDocument(inputs: TutorInputs): TutorPluginDocument {
  validateTutorInputs(inputs);
  return {
    name: TUTOR_PLUGIN_NAME,
    version: TUTOR_PLUGIN_VERSION,
    config: { defaults: { ...TUTOR_PLUGIN_DEFAULTS } },
    patches: {
      "openedx-dockerfile": DOCKERFILE_PATCH,
      "openedx-common-settings": COMMON_SETTINGS_PATCH,
      "openedx-cms-production-settings": CMS_PRODUCTION_SETTINGS_PATCH,
      "k8s-override": k8sOverride(inputs),
    },
  };
}

/**
 * The openedx_infra Tutor YAML plugin that runs Open edX on the environment's managed services.
 * It holds no secret and no environment value: the patches are Jinja templates that read
 * `config.yml` when Tutor renders them.
 *
 * - `openedx-dockerfile`: the RDS CA bundle (`OPENEDX_INFRA_MONGODB_TLS_CA_URL`) baked into the
 *   image at `OPENEDX_INFRA_MONGODB_TLS_CA_FILE`; it is not in the image's trust store, and
 *   DocumentDB requires TLS.
 * - `openedx-common-settings` (LMS and Studio):
 *   - DocumentDB: `tlsCAFile`, `readPreference=secondaryPreferred`, `retryWrites=false` added to
 *     `mongodb_parameters`, and `update_module_store_settings` called again, because `MODULESTORE`
 *     took a copy of the parameters (`CONTENTSTORE` shares the dict); the forum's
 *     `FORUM_MONGODB_CLIENT_PARAMETERS` too, when the forum plugin defines it;
 *   - ElastiCache over TLS with AUTH: every `redis://` cache location becomes `rediss://`, the
 *     Celery broker `BROKER_URL` is `rediss://` with `BROKER_USE_SSL` requiring a verified
 *     certificate, and `EVENT_BUS_REDIS_CONNECTION_URL` (which Tutor hard-codes to the in-cluster
 *     `redis`) points at the cache;
 *   - S3 media through Django's `STORAGES`: django-storages' `S3Storage` on the media bucket,
 *     public media under `media/` with URLs on the media CDN's host (the CDN serves only that
 *     prefix), no ACLs (the bucket disables them), and no keys (Pod Identity). ORA2 uploads and
 *     grade reports go under `private/` and are handed out as presigned URLs.
 * - `openedx-cms-production-settings`: course import/export archives and user-task artifacts in
 *   the bucket under `private/`.
 * - `k8s-override`: the `lms`, `cms`, `lms-worker` and `cms-worker` Deployments and the `lms-job`
 *   and `cms-job` Jobs run as the Pod Identity service account; the Deployments get CPU and
 *   memory requests and limits (the autoscalers need the CPU request); `lms` and `cms` get
 *   startup, readiness and liveness probes on uWSGI's `/heartbeat` (port 8000, `Host: lms` or
 *   `cms`, names Django's `ALLOWED_HOSTS` holds); unless `spreadReplicas` is false, the four
 *   Deployments get topology spread constraints on their `app.kubernetes.io/name` label: over
 *   nodes required (maxSkew 1, `DoNotSchedule`), over zones preferred (maxSkew 1,
 *   `ScheduleAnyway`), counting only the pods of the current ReplicaSet (`pod-template-hash`) so
 *   a rollout is never blocked by the pods it replaces, and only nodes the pods tolerate.
 *
 * Every patch name is rendered by both Tutor v21 and v22 ({@link TUTOR_PATCH_NAMES}).
 *
 * @throws TutorInputsError listing every invalid input
 */
export function buildTutorPlugin(inputs: TutorInputs): string {
  const document = tutorPluginDocument(inputs);
  return stringify(document, { lineWidth: 0, blockQuote: "literal" });
}

// ADD fetches at build time, so no curl is needed in the image; --chmod because ADD of a URL
// otherwise writes mode 600 as root, unreadable by the app user.
const DOCKERFILE_PATCH = `# openedx_infra: the RDS CA bundle DocumentDB's TLS certificates chain to
ADD --chmod=0644 {{ OPENEDX_INFRA_MONGODB_TLS_CA_URL }} {{ OPENEDX_INFRA_MONGODB_TLS_CA_FILE }}
`;

const pythonBool = (value: boolean) => (value ? "True" : "False");

const COMMON_SETTINGS_PATCH = `# openedx_infra: DocumentDB, ElastiCache over TLS and S3 media (rendered from config.yml)
import ssl as _openedx_infra_ssl
from xmodule.modulestore.modulestore_settings import update_module_store_settings as _openedx_infra_update_module_store_settings

# DocumentDB: Tutor has no setting for these. MODULESTORE holds a copy of mongodb_parameters, so
# it is updated again; CONTENTSTORE shares the dict itself.
_OPENEDX_INFRA_MONGODB_OPTIONS = {
    "tlsCAFile": "{{ OPENEDX_INFRA_MONGODB_TLS_CA_FILE }}",
    "readPreference": "${DOCUMENTDB_CONNECTION_OPTIONS.readPreference}",
    "retryWrites": ${pythonBool(DOCUMENTDB_CONNECTION_OPTIONS.retryWrites)},
}
mongodb_parameters.update(_OPENEDX_INFRA_MONGODB_OPTIONS)
_openedx_infra_update_module_store_settings(MODULESTORE, doc_store_settings=mongodb_parameters)
if isinstance(globals().get("FORUM_MONGODB_CLIENT_PARAMETERS"), dict):
    FORUM_MONGODB_CLIENT_PARAMETERS.update(_OPENEDX_INFRA_MONGODB_OPTIONS)

# ElastiCache: TLS in transit, AUTH with REDIS_USERNAME/REDIS_PASSWORD. Tutor writes redis:// only.
for _openedx_infra_cache in CACHES.values():
    _openedx_infra_location = _openedx_infra_cache.get("LOCATION")
    if isinstance(_openedx_infra_location, str) and _openedx_infra_location.startswith("redis://"):
        _openedx_infra_cache["LOCATION"] = "rediss://" + _openedx_infra_location[len("redis://"):]
BROKER_URL = "rediss://{{ REDIS_USERNAME }}:{{ REDIS_PASSWORD }}@{{ REDIS_HOST }}:{{ REDIS_PORT }}/{{ OPENEDX_CELERY_REDIS_DB }}"
BROKER_USE_SSL = {"ssl_cert_reqs": _openedx_infra_ssl.CERT_REQUIRED}
EVENT_BUS_REDIS_CONNECTION_URL = "rediss://{{ REDIS_USERNAME }}:{{ REDIS_PASSWORD }}@{{ REDIS_HOST }}:{{ REDIS_PORT }}/"

# S3: no access keys, so boto3 takes the pod's EKS Pod Identity credentials. The bucket disables
# ACLs, so none is sent. Public media lives under media/, the only prefix the media CDN serves.
AWS_STORAGE_BUCKET_NAME = "{{ OPENEDX_INFRA_S3_BUCKET_NAME }}"
AWS_S3_REGION_NAME = "{{ OPENEDX_INFRA_S3_REGION }}"
AWS_S3_SIGNATURE_VERSION = "s3v4"
AWS_DEFAULT_ACL = None
AWS_LOCATION = "private"
AWS_QUERYSTRING_AUTH = True
AWS_QUERYSTRING_EXPIRE = 3600
AWS_S3_CUSTOM_DOMAIN = None
STORAGES["default"] = {
    "BACKEND": "storages.backends.s3.S3Storage",
    "OPTIONS": {
        "bucket_name": "{{ OPENEDX_INFRA_S3_BUCKET_NAME }}",
        "region_name": "{{ OPENEDX_INFRA_S3_REGION }}",
        "location": "media",
        "custom_domain": "{{ OPENEDX_INFRA_MEDIA_HOST }}",
        "url_protocol": "https:",
        "querystring_auth": False,
        "default_acl": None,
        "file_overwrite": False,
    },
}
MEDIA_URL = "https://{{ OPENEDX_INFRA_MEDIA_HOST }}/media/"

# Private uploads: never under media/, handed out as presigned URLs.
ORA2_FILEUPLOAD_BACKEND = "s3"
FILE_UPLOAD_STORAGE_BUCKET_NAME = "{{ OPENEDX_INFRA_S3_BUCKET_NAME }}"
FILE_UPLOAD_STORAGE_PREFIX = "private/ora2"
GRADES_DOWNLOAD = {
    "STORAGE_TYPE": "",
    "STORAGE_CLASS": "storages.backends.s3.S3Storage",
    "STORAGE_KWARGS": {
        "bucket_name": "{{ OPENEDX_INFRA_S3_BUCKET_NAME }}",
        "region_name": "{{ OPENEDX_INFRA_S3_REGION }}",
        "location": "private/grades",
        "querystring_auth": True,
        "default_acl": None,
    },
}
`;

const CMS_PRODUCTION_SETTINGS_PATCH = `# openedx_infra: course import/export archives and task artifacts in the bucket, under private/
COURSE_IMPORT_EXPORT_STORAGE = "storages.backends.s3.S3Storage"
USER_TASKS_ARTIFACT_STORAGE = "storages.backends.s3.S3Storage"
`;

function httpProbe(host: string, periodSeconds: number, failureThreshold: number): HttpProbe {
  return {
    httpGet: { path: "/heartbeat", port: UWSGI_PORT, httpHeaders: [{ name: "Host", value: host }] },
    periodSeconds,
    timeoutSeconds: 5,
    failureThreshold,
  };
}

function containerOverride(name: string, resources: TutorWorkloadResources, probes: boolean): ContainerOverride {
  const container: ContainerOverride = {
    name,
    resources: {
      requests: { cpu: resources.cpuRequest, memory: resources.memoryRequest },
      limits: { cpu: resources.cpuLimit, memory: resources.memoryLimit },
    },
  };
  if (!probes) return container;
  return {
    ...container,
    // Up to 5 minutes to load Django before the other probes start counting.
    startupProbe: httpProbe(name, 10, 30),
    readinessProbe: httpProbe(name, 10, 3),
    // Slower than readiness: a database blip should take pods out of the Service, not restart them all.
    livenessProbe: httpProbe(name, 20, 6),
  };
}

/**
 * Spread over nodes (required) and zones (preferred) of one Deployment's pods, selected by the
 * label Tutor's Deployments select their pods by.
 */
function topologySpread(deployment: string): TopologySpreadConstraint[] {
  const common = { maxSkew: 1, labelSelector: { matchLabels: { [TUTOR_APP_LABEL]: deployment } }, matchLabelKeys: ["pod-template-hash"], nodeTaintsPolicy: "Honor" } as const;
  return [
    { topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "DoNotSchedule", ...common },
    { topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", ...common },
  ];
}

function k8sOverride(inputs: TutorInputs): string {
  const resources = inputs.resources ?? PRODUCTION_TUTOR_RESOURCES;
  const spread = inputs.spreadReplicas ?? true;
  const serviceAccountName = "{{ OPENEDX_INFRA_SERVICE_ACCOUNT_NAME }}";
  const overrides: WorkloadOverride[] = [
    ...DEPLOYMENTS.map(
      (deployment): WorkloadOverride => ({
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: deployment.name },
        spec: {
          template: {
            spec: {
              serviceAccountName,
              containers: [containerOverride(deployment.container, resources[deployment.resources], deployment.name === "lms" || deployment.name === "cms")],
              ...(spread ? { topologySpreadConstraints: topologySpread(deployment.name) } : {}),
            },
          },
        },
      }),
    ),
    ...JOBS.map(
      (job): WorkloadOverride => ({
        apiVersion: "batch/v1",
        kind: "Job",
        metadata: { name: job },
        spec: { template: { spec: { serviceAccountName } } },
      }),
    ),
  ];
  return overrides.map((override) => `---\n${stringify(override, { lineWidth: 0 })}`).join("");
}

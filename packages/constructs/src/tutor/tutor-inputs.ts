/**
 * The secrets the hand-off reads at run time (Secrets Manager) and writes only into Tutor's
 * `config.yml`, never into the plugin or any other file.
 */
export interface TutorSecrets {
  /** The MySQL master password (Tutor `MYSQL_ROOT_PASSWORD`), used only by Tutor's init job. */
  readonly mysqlPassword: string;
  /**
   * The password of the `openedx` MySQL user the init job creates (Tutor `OPENEDX_MYSQL_PASSWORD`):
   * at least 16 letters and digits, since Tutor puts it unescaped into shell and SQL quotes.
   */
  readonly openedxMysqlPassword: string;
  /** The DocumentDB master password (Tutor `MONGODB_PASSWORD`). */
  readonly mongodbPassword: string;
  /** The ElastiCache AUTH token (Tutor `REDIS_PASSWORD`). */
  readonly redisPassword: string;
  /** The SES SMTP user name, an access key id (Tutor `SMTP_USERNAME`). */
  readonly smtpUsername: string;
  /** The SES SMTP password (Tutor `SMTP_PASSWORD`). */
  readonly smtpPassword: string;
}

/** Kubernetes requests and limits of one Tutor workload's main container. */
export interface TutorWorkloadResources {
  /** e.g. `"1"` or `"500m"`; the autoscalers compute utilisation against it. */
  readonly cpuRequest: string;
  /** e.g. `"2Gi"`. */
  readonly memoryRequest: string;
  /** At least `cpuRequest`. */
  readonly cpuLimit: string;
  /** At least `memoryRequest`; the container is killed above it. */
  readonly memoryLimit: string;
}

/** Requests and limits of the four Open edX workloads Tutor runs on Kubernetes. */
export interface TutorResources {
  /** Tutor's `lms` Deployment (uWSGI serving learners); the autoscaler's CPU target is a share of its CPU request. */
  readonly lms: TutorWorkloadResources;
  /** Tutor's `cms` Deployment (Studio); the autoscaler's CPU target is a share of its CPU request. */
  readonly cms: TutorWorkloadResources;
  /** Tutor's `lms-worker` Deployment: the LMS's Celery workers (grading, reports, e-mail). */
  readonly lmsWorker: TutorWorkloadResources;
  /** Tutor's `cms-worker` Deployment: Studio's Celery workers (course import and export, publishing). */
  readonly cmsWorker: TutorWorkloadResources;
}

/**
 * Production sizing: Tutor's own 2Gi memory request for the LMS and Studio, a whole CPU each so
 * the autoscalers have a request to measure, and room above it for uWSGI's peaks. At the
 * autoscaling maxima (6 LMS, 4 Studio, 6 + 4 workers) this fits the production namespace quota.
 */
export const PRODUCTION_TUTOR_RESOURCES: TutorResources = {
  lms: { cpuRequest: "1", memoryRequest: "2Gi", cpuLimit: "2", memoryLimit: "3Gi" },
  cms: { cpuRequest: "1", memoryRequest: "2Gi", cpuLimit: "2", memoryLimit: "3Gi" },
  lmsWorker: { cpuRequest: "500m", memoryRequest: "1Gi", cpuLimit: "1", memoryLimit: "2Gi" },
  cmsWorker: { cpuRequest: "500m", memoryRequest: "1Gi", cpuLimit: "1", memoryLimit: "2Gi" },
};

/**
 * Staging sizing: memory that still holds a loaded LMS process, and CPU requests sized for a
 * mostly idle environment (a quarter of production's for the web pods, a fifth for the workers),
 * so the idle pods share one Auto Mode node. The limits let each pod burst to a whole CPU (half
 * for a worker) under a test's load, and the autoscalers, measuring against the smaller
 * requests, add pods sooner.
 */
export const NON_PRODUCTION_TUTOR_RESOURCES: TutorResources = {
  lms: { cpuRequest: "250m", memoryRequest: "1536Mi", cpuLimit: "1", memoryLimit: "2Gi" },
  cms: { cpuRequest: "250m", memoryRequest: "1536Mi", cpuLimit: "1", memoryLimit: "2Gi" },
  lmsWorker: { cpuRequest: "100m", memoryRequest: "768Mi", cpuLimit: "500m", memoryLimit: "1536Mi" },
  cmsWorker: { cpuRequest: "100m", memoryRequest: "768Mi", cpuLimit: "500m", memoryLimit: "1536Mi" },
};

/**
 * What the Tutor hand-off is built from: the environment's Terraform outputs (edge and data
 * stacks), its region, the image tag, and the secrets read at run time.
 */
export interface TutorInputs {
  /** The LMS host, output `lms_host` (Tutor `LMS_HOST`). */
  readonly lmsHost: string;
  /** Studio's host, output `studio_host` (Tutor `CMS_HOST`). */
  readonly studioHost: string;
  /**
   * The MFE host, output `mfe_host`. It must be `apps.<lmsHost>`: `MFE_HOST` belongs to the
   * tutor-mfe plugin, not to core Tutor, so the hand-off relies on that plugin's default.
   */
  readonly mfeHost: string;
  /** Meilisearch's public host, output `meilisearch_host` (Tutor `MEILISEARCH_HOST`). */
  readonly meilisearchHost: string;
  /** The media CDN's host, output `media_host`: public media URLs point there. */
  readonly mediaHost: string;
  /** The environment's region, e.g. `eu-west-1`. */
  readonly region: string;
  /**
   * The Kubernetes namespace Open edX runs in (Tutor `K8S_NAMESPACE`).
   * @default "openedx"
   */
  readonly namespace?: string;
  /**
   * The service account the LMS, Studio, their workers and jobs run as; its EKS Pod Identity
   * association gives them the media bucket.
   * @default "openedx"
   */
  readonly serviceAccountName?: string;
  /** The ECR repository of the custom image, output `ecr_repository_url`. */
  readonly imageRepositoryUrl: string;
  /** The tag `tutor images build openedx` gives the image, e.g. a commit id. Not `latest`. */
  readonly imageTag: string;
  /** The MySQL writer host, output `mysql_endpoint`. */
  readonly mysqlHost: string;
  /** Output `mysql_port`. */
  readonly mysqlPort: number;
  /** The MySQL master user, output `mysql_master_username`. */
  readonly mysqlUsername: string;
  /** The DocumentDB cluster endpoint, output `documentdb_endpoint`. */
  readonly mongodbHost: string;
  /** Output `documentdb_port`. */
  readonly mongodbPort: number;
  /** The DocumentDB master user, output `documentdb_master_username`. */
  readonly mongodbUsername: string;
  /** The cache primary endpoint, output `redis_primary_endpoint`. */
  readonly redisHost: string;
  /** Output `redis_port`. */
  readonly redisPort: number;
  /**
   * The cache user. Tutor sends the password only when a user name is set too.
   * @default "default"
   */
  readonly redisUsername?: string;
  /** The SES SMTP endpoint, output `smtp_host`. */
  readonly smtpHost: string;
  /** Output `smtp_port`: a STARTTLS port of SES (25, 587 or 2587). */
  readonly smtpPort: number;
  /** The media bucket, output `media_bucket_name`. */
  readonly mediaBucketName: string;
  /**
   * Requests and limits of the LMS, Studio and their workers.
   * @default PRODUCTION_TUTOR_RESOURCES
   */
  readonly resources?: TutorResources;
  /**
   * Spread the replicas of the LMS, Studio and their workers over nodes and zones, so that the
   * loss of one node (a Spot reclaim, a hardware fault, a consolidation gone wrong) never takes
   * every replica of a Deployment at once, which the PodDisruptionBudgets alone do not prevent:
   * they guard drains, not failures. Over nodes it is required (no node runs two more replicas of
   * a Deployment than another, so the autoscalers' two idle replicas need two nodes); over zones
   * it is preferred, so a zone short of capacity delays nothing. Non-production environments turn
   * it off to keep their idle pods on one node.
   * @default true
   */
  readonly spreadReplicas?: boolean;
  /** The secrets, read at run time. */
  readonly secrets: TutorSecrets;
}

/** Every rejected Tutor input, one per line; secret values are never printed. */
export class TutorInputsError extends Error {
  constructor(
    /** One line per rejected input, naming the field, the bad value (never a secret's) and what is allowed. */
    readonly problems: readonly string[],
  ) {
    super(["invalid Tutor inputs:", ...problems.map((problem) => `  - ${problem}`)].join("\n"));
    this.name = "TutorInputsError";
  }
}

const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const ECR_REPOSITORY_URL = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com\/[a-z0-9]([a-z0-9._/-]*[a-z0-9])?$/;
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
const DATABASE_USER = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;
const REDIS_USER = /^[A-Za-z][A-Za-z0-9-]{0,119}$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const CPU = /^(\d+(\.\d{1,3})?|\d+m)$/;
const MEMORY = /^\d+(Ki|Mi|Gi|Ti)$/;
const SES_STARTTLS_PORTS = [25, 587, 2587];

/**
 * Characters each secret must not hold, and why: Tutor renders secrets unescaped into shell
 * double quotes (`jobs/init/mysql.sh`), Python string literals (`common_all.py`) and URLs (cache
 * and broker locations), so such a character would break or change the value.
 */
const FORBIDDEN_SECRET_CHARACTERS: Record<Exclude<keyof TutorSecrets, "openedxMysqlPassword">, { readonly characters: string; readonly why: string }> = {
  mysqlPassword: { characters: '"$`\\', why: "Tutor's MySQL init job passes it in shell double quotes" },
  mongodbPassword: { characters: '"\\', why: "Tutor writes it into a Python string literal" },
  redisPassword: { characters: '@:/?#%"\\ ', why: "Tutor writes it unescaped into redis:// URLs" },
  smtpUsername: { characters: '"\\', why: "Tutor writes it into a Python string literal" },
  smtpPassword: { characters: '"\\', why: "Tutor writes it into a Python string literal" },
};

/**
 * Checks every input and throws one {@link TutorInputsError} listing each problem: the field,
 * the bad value (never a secret's) and what is allowed.
 */
export function validateTutorInputs(inputs: TutorInputs): void {
  const problems: string[] = [];
  const check = (ok: boolean, problem: string) => {
    if (!ok) problems.push(problem);
  };
  const hosts = { lmsHost: inputs.lmsHost, studioHost: inputs.studioHost, mfeHost: inputs.mfeHost, meilisearchHost: inputs.meilisearchHost, mediaHost: inputs.mediaHost };
  for (const [field, host] of Object.entries(hosts)) {
    check(HOST.test(host), `${field} must be a lowercase DNS name such as "courses.example.edu", got "${host}"`);
  }
  check(
    inputs.mfeHost === `apps.${inputs.lmsHost}`,
    `mfeHost must be "apps.${inputs.lmsHost}", tutor-mfe's default MFE_HOST (MFE_HOST is no core Tutor key), got "${inputs.mfeHost}"`,
  );
  check(REGION.test(inputs.region), `region must be an AWS region such as "eu-west-1", got "${inputs.region}"`);
  const namespace = inputs.namespace ?? "openedx";
  check(DNS_LABEL.test(namespace), `namespace must be a DNS label (1-63 lowercase letters, digits and "-"), got "${namespace}"`);
  const serviceAccountName = inputs.serviceAccountName ?? "openedx";
  check(DNS_LABEL.test(serviceAccountName), `serviceAccountName must be a DNS label (1-63 lowercase letters, digits and "-"), got "${serviceAccountName}"`);
  check(
    ECR_REPOSITORY_URL.test(inputs.imageRepositoryUrl),
    `imageRepositoryUrl must be an ECR repository URL "<account>.dkr.ecr.<region>.amazonaws.com/<name>" without a tag, got "${inputs.imageRepositoryUrl}"`,
  );
  const ecrRegion = /\.dkr\.ecr\.([a-z0-9-]+)\./.exec(inputs.imageRepositoryUrl)?.[1];
  check(ecrRegion === undefined || ecrRegion === inputs.region, `imageRepositoryUrl must be in region ${inputs.region}, got "${inputs.imageRepositoryUrl}"`);
  check(
    IMAGE_TAG.test(inputs.imageTag) && inputs.imageTag !== "latest",
    `imageTag must be 1-128 letters, digits, "_", "." or "-" (not starting with "." or "-") and not "latest", which would make rollouts unrepeatable, got "${inputs.imageTag}"`,
  );
  for (const [field, host] of Object.entries({ mysqlHost: inputs.mysqlHost, mongodbHost: inputs.mongodbHost, redisHost: inputs.redisHost, smtpHost: inputs.smtpHost })) {
    check(HOST.test(host), `${field} must be a lowercase DNS name (the endpoint output), got "${host}"`);
  }
  for (const [field, port] of Object.entries({ mysqlPort: inputs.mysqlPort, mongodbPort: inputs.mongodbPort, redisPort: inputs.redisPort })) {
    check(Number.isInteger(port) && port >= 1 && port <= 65535, `${field} must be a port number 1-65535, got ${port}`);
  }
  check(
    SES_STARTTLS_PORTS.includes(inputs.smtpPort),
    `smtpPort must be a STARTTLS port of SES (${SES_STARTTLS_PORTS.join(", ")}), since SMTP_USE_TLS is true, got ${inputs.smtpPort}`,
  );
  check(DATABASE_USER.test(inputs.mysqlUsername), `mysqlUsername must be 1-63 letters, digits or "_", starting with a letter, got "${inputs.mysqlUsername}"`);
  check(DATABASE_USER.test(inputs.mongodbUsername), `mongodbUsername must be 1-63 letters, digits or "_", starting with a letter, got "${inputs.mongodbUsername}"`);
  const redisUsername = inputs.redisUsername ?? "default";
  check(REDIS_USER.test(redisUsername), `redisUsername must be 1-120 letters, digits or "-", starting with a letter, got "${redisUsername}"`);
  check(BUCKET.test(inputs.mediaBucketName), `mediaBucketName must be an S3 bucket name (3-63 lowercase letters, digits, "." and "-"), got "${inputs.mediaBucketName}"`);
  problems.push(...resourceProblems(inputs.resources ?? PRODUCTION_TUTOR_RESOURCES));
  problems.push(...secretProblems(inputs.secrets));
  if (problems.length > 0) throw new TutorInputsError(problems);
}

function secretProblems(secrets: TutorSecrets): string[] {
  const problems: string[] = [];
  for (const [field, rule] of Object.entries(FORBIDDEN_SECRET_CHARACTERS)) {
    const value = secrets[field as keyof TutorSecrets];
    if (typeof value !== "string" || value === "") {
      problems.push(`secrets.${field} must be a non-empty string`);
      continue;
    }
    const found = [...new Set([...value].filter((character) => rule.characters.includes(character) || character < " "))];
    if (found.length > 0) {
      const shown = found.map((character) => (character < " " ? "a control character" : JSON.stringify(character))).join(", ");
      problems.push(`secrets.${field} must not contain ${shown}: ${rule.why}; rotate the secret to a value without them (the value is not shown)`);
    }
  }
  const openedx = secrets.openedxMysqlPassword;
  if (typeof openedx !== "string" || !/^[A-Za-z0-9]{16,}$/.test(openedx)) {
    problems.push("secrets.openedxMysqlPassword must be at least 16 letters and digits: Tutor's init job puts it unescaped into shell and SQL quotes (the value is not shown)");
  }
  return problems;
}

function resourceProblems(resources: TutorResources): string[] {
  const problems: string[] = [];
  for (const [workload, value] of Object.entries(resources) as [keyof TutorResources, TutorWorkloadResources][]) {
    const field = `resources.${workload}`;
    const cpuOk = CPU.test(value.cpuRequest) && CPU.test(value.cpuLimit);
    const memoryOk = MEMORY.test(value.memoryRequest) && MEMORY.test(value.memoryLimit);
    if (!CPU.test(value.cpuRequest)) problems.push(`${field}.cpuRequest must be a CPU quantity such as "500m" or "1", got "${value.cpuRequest}"`);
    if (!CPU.test(value.cpuLimit)) problems.push(`${field}.cpuLimit must be a CPU quantity such as "500m" or "1", got "${value.cpuLimit}"`);
    if (!MEMORY.test(value.memoryRequest)) problems.push(`${field}.memoryRequest must be a memory quantity such as "1536Mi" or "2Gi", got "${value.memoryRequest}"`);
    if (!MEMORY.test(value.memoryLimit)) problems.push(`${field}.memoryLimit must be a memory quantity such as "1536Mi" or "2Gi", got "${value.memoryLimit}"`);
    if (cpuOk && millicores(value.cpuLimit) < millicores(value.cpuRequest)) {
      problems.push(`${field}.cpuLimit must be at least cpuRequest (${value.cpuRequest}), got "${value.cpuLimit}"`);
    }
    if (memoryOk && bytes(value.memoryLimit) < bytes(value.memoryRequest)) {
      problems.push(`${field}.memoryLimit must be at least memoryRequest (${value.memoryRequest}), got "${value.memoryLimit}"`);
    }
  }
  return problems;
}

function millicores(quantity: string): number {
  return quantity.endsWith("m") ? Number(quantity.slice(0, -1)) : Number(quantity) * 1000;
}

function bytes(quantity: string): number {
  const units: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
  return Number(quantity.slice(0, -2)) * units[quantity.slice(-2)];
}

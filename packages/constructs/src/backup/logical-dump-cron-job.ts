import { CronJobV1 } from "@cdktf/provider-kubernetes/lib/cron-job-v1";
import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { ValidationError } from "../config/validation-error";
import { KmsKey } from "../encryption/kms-key";
import { PolicyStatement } from "../iam/policy-document";

/** The RDS and DocumentDB certificate authorities, which no public trust store holds. */
export const RDS_CA_BUNDLE_URL = "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem";

/** Default images, pinned by tag; each holds one of the tools the job needs. */
export const LOGICAL_DUMP_IMAGES = {
  /** AWS CLI v2 on Amazon Linux 2 (also has curl and gzip): Secrets Manager, the CA bundle, S3. */
  awsCli: "public.ecr.aws/aws-cli/aws-cli:2.22.0",
  /** Oracle's MySQL 8.4 image: mysqldump, same major version as the server, and gzip. */
  mysql: "public.ecr.aws/docker/library/mysql:8.4.3",
  /** MongoDB 7.0 image: its database tools' mongodump supports DocumentDB. */
  mongo: "public.ecr.aws/docker/library/mongo:7.0.14",
} as const;

/** The schemas of MySQL itself: not Open edX data, and RDS refuses to have them restored. */
export const MYSQL_SYSTEM_SCHEMAS = ["mysql", "sys", "information_schema", "performance_schema"] as const;

/** Where the shell scripts find their inputs and leave their outputs, shared through emptyDirs. */
const SECRETS_DIR = "/secrets";
const DUMPS_DIR = "/dumps";
const USER_ID = "10001";

/** The values the dump scripts are rendered with. */
export interface LogicalDumpScriptInputs {
  /** MySQL writer host name; also the name TLS verifies (`ssl-mode=VERIFY_IDENTITY`). */
  readonly mysqlHost: string;
  /** ARN of the RDS-managed MySQL master secret (`username`, `password`), read when the job runs. */
  readonly mysqlSecretArn: string;
  /** DocumentDB cluster endpoint, reached on port 27017 with TLS. */
  readonly documentDbHost: string;
  /** ARN of the DocumentDB master secret (`username`, `password`), read when the job runs. */
  readonly documentDbSecretArn: string;
  /** The bucket the dumps are uploaded to, under `dumps/<environmentName>/<UTC timestamp>/`. */
  readonly backupsBucketName: string;
  /** The KMS key the uploads are encrypted with (`--sse-kms-key-id`), so the dumps do not depend on the bucket default. */
  readonly backupKeyArn: string;
  /** Region of the secrets and the bucket, passed to every `aws` call. */
  readonly region: string;
  /** The environment's name, the first level under `dumps/`. */
  readonly environmentName: string;
  /** Databases to dump; empty means every database except {@link MYSQL_SYSTEM_SCHEMAS}. */
  readonly mysqlDatabases: readonly string[];
}

/** The shell script of each container, in the order the pod runs them. */
export interface LogicalDumpScripts {
  /** Reads both master secrets and the CA bundle, and fixes the dump's UTC timestamp. */
  readonly prepare: string;
  /** Dumps the databases with `mysqldump --single-transaction` (consistent, without locking Open edX out) into `mysql.sql.gz`. */
  readonly mysqlDump: string;
  /** Dumps DocumentDB with `mongodump --archive --gzip` into `documentdb.archive.gz`. */
  readonly documentDbDump: string;
  /** Uploads both files under the timestamped prefix, KMS-encrypted; the main container, run last. */
  readonly upload: string;
}

// Extracts a string field of the RDS-managed secret ({"username":..,"password":..}); RDS never puts
// a double quote or a backslash in the passwords it generates, so no JSON parser is needed.
const jsonField = (field: string) => `sed -n 's/.*"${field}" *: *"\\([^"\\\\]*\\)".*/\\1/p'`;

/** Renders the four scripts. Every script fails on the first error, so a partial dump is never uploaded. */
export function logicalDumpScripts(inputs: LogicalDumpScriptInputs): LogicalDumpScripts {
  const prefix = `s3://${inputs.backupsBucketName}/dumps/${inputs.environmentName}`;
  const prepare = [
    "set -euo pipefail",
    "umask 077",
    `date -u +%Y-%m-%dT%H-%M-%SZ > ${DUMPS_DIR}/timestamp`,
    `curl --fail --silent --show-error --location --output ${SECRETS_DIR}/rds-ca.pem ${RDS_CA_BUNDLE_URL}`,
    "read_secret() {",
    `  aws secretsmanager get-secret-value --region ${inputs.region} --secret-id "$1" --query SecretString --output text`,
    "}",
    `MYSQL_SECRET=$(read_secret '${inputs.mysqlSecretArn}')`,
    `MYSQL_USER=$(printf '%s' "$MYSQL_SECRET" | ${jsonField("username")})`,
    `MYSQL_PASSWORD=$(printf '%s' "$MYSQL_SECRET" | ${jsonField("password")})`,
    `DOCDB_SECRET=$(read_secret '${inputs.documentDbSecretArn}')`,
    `DOCDB_USER=$(printf '%s' "$DOCDB_SECRET" | ${jsonField("username")})`,
    `DOCDB_PASSWORD=$(printf '%s' "$DOCDB_SECRET" | ${jsonField("password")})`,
    'if [ -z "$MYSQL_USER" ] || [ -z "$MYSQL_PASSWORD" ] || [ -z "$DOCDB_USER" ] || [ -z "$DOCDB_PASSWORD" ]; then',
    '  echo "a master secret is not {\\"username\\", \\"password\\"}" >&2; exit 1',
    "fi",
    // Option and config files keep the passwords out of every process's argument list.
    `printf '[client]\\nhost=%s\\nuser=%s\\npassword="%s"\\nssl-mode=VERIFY_IDENTITY\\nssl-ca=${SECRETS_DIR}/rds-ca.pem\\n' '${inputs.mysqlHost}' "$MYSQL_USER" "$MYSQL_PASSWORD" > ${SECRETS_DIR}/mysql.cnf`,
    `printf 'password: "%s"\\n' "$DOCDB_PASSWORD" > ${SECRETS_DIR}/mongodump.yaml`,
    `printf '%s' "$DOCDB_USER" > ${SECRETS_DIR}/docdb-user`,
  ].join("\n");

  const databases =
    inputs.mysqlDatabases.length > 0
      ? `DATABASES='${inputs.mysqlDatabases.join(" ")}'`
      : `DATABASES=$(mysql --defaults-extra-file=${SECRETS_DIR}/mysql.cnf --batch --skip-column-names -e "SELECT schema_name FROM information_schema.schemata WHERE schema_name NOT IN (${MYSQL_SYSTEM_SCHEMAS.map((schema) => `'${schema}'`).join(", ")})")`;
  const mysqlDump = [
    "set -euo pipefail",
    databases,
    'if [ -z "$DATABASES" ]; then echo "no database to dump" >&2; exit 1; fi',
    // --single-transaction gives a consistent InnoDB snapshot without locking Open edX out.
    `mysqldump --defaults-extra-file=${SECRETS_DIR}/mysql.cnf --single-transaction --quick --routines --triggers --events --hex-blob --set-gtid-purged=OFF --databases $DATABASES | gzip -c > ${DUMPS_DIR}/mysql.sql.gz`,
  ].join("\n");

  const documentDbDump = [
    "set -euo pipefail",
    `mongodump --host '${inputs.documentDbHost}:27017' --username "$(cat ${SECRETS_DIR}/docdb-user)" --config ${SECRETS_DIR}/mongodump.yaml --authenticationDatabase admin --ssl --sslCAFile ${SECRETS_DIR}/rds-ca.pem --archive=${DUMPS_DIR}/documentdb.archive.gz --gzip`,
  ].join("\n");

  const copy = (file: string) =>
    `aws s3 cp ${DUMPS_DIR}/${file} "${prefix}/$TIMESTAMP/${file}" --region ${inputs.region} --sse aws:kms --sse-kms-key-id '${inputs.backupKeyArn}' --only-show-errors`;
  const upload = ["set -euo pipefail", `TIMESTAMP=$(cat ${DUMPS_DIR}/timestamp)`, copy("mysql.sql.gz"), copy("documentdb.archive.gz"), `echo "uploaded ${prefix}/$TIMESTAMP/"`].join("\n");

  return { prepare, mysqlDump, documentDbDump, upload };
}

/**
 * The IAM statements the dump job's Pod Identity role needs: write dumps under `dumps/` with the
 * backup key (multipart uploads also decrypt their data keys), and read the two master secrets.
 * Secrets encrypted with a customer managed key also need `secretsKeys` (the AWS managed
 * `aws/secretsmanager` key needs no grant).
 */
export function logicalDumpPolicyStatements(backupsBucketArn: string, backupKey: KmsKey, secretArns: readonly string[], secretsKeys: readonly KmsKey[] = []): PolicyStatement[] {
  return [
    { Sid: "WriteDumps", Effect: "Allow", Action: ["s3:PutObject", "s3:AbortMultipartUpload"], Resource: `${backupsBucketArn}/dumps/*` },
    { Sid: "EncryptDumps", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Encrypt", "kms:Decrypt"], Resource: backupKey.keyArn },
    { Sid: "ReadMasterSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [...secretArns] },
    ...(secretsKeys.length > 0
      ? [
          {
            Sid: "DecryptMasterSecrets",
            Effect: "Allow" as const,
            Action: "kms:Decrypt",
            Resource: secretsKeys.map((key) => key.keyArn),
            Condition: { StringLike: { "kms:ViaService": "secretsmanager.*.amazonaws.com" } },
          },
        ]
      : []),
  ];
}

/** CPU and memory of each container. */
export interface LogicalDumpResources {
  /** CPU request, a Kubernetes quantity such as `250m`; what Auto Mode sizes nodes by. */
  readonly cpuRequest: string;
  /** Memory request, a Kubernetes quantity such as `512Mi`. */
  readonly memoryRequest: string;
  /** CPU limit, a Kubernetes quantity such as `1`; compression is throttled above it. */
  readonly cpuLimit: string;
  /** Memory limit, a Kubernetes quantity such as `1Gi`; a container above it is killed and the run retried. */
  readonly memoryLimit: string;
}

/** Props of {@link LogicalDumpCronJob}. */
export interface LogicalDumpCronJobProps {
  /** MySQL writer host name (data stack output `mysql_endpoint`). */
  readonly mysqlHost: string;
  /** ARN of the Secrets Manager secret RDS manages with the MySQL master password. */
  readonly mysqlSecretArn: string;
  /** DocumentDB cluster endpoint (data stack output `documentdb_endpoint`). */
  readonly documentDbHost: string;
  /** ARN of the secret with the DocumentDB master password. */
  readonly documentDbSecretArn: string;
  /** The backups bucket; dumps go to `dumps/<environmentName>/<UTC timestamp>/`, its lifecycle expires them. */
  readonly backupsBucketName: string;
  /** The key the dumps are encrypted with (`--sse aws:kms`), the environment's backup key. */
  readonly backupKeyArn: string;
  /** Region of the secrets and the bucket. */
  readonly region: string;
  /** The environment's name, the first level under `dumps/`. */
  readonly environmentName: string;
  /**
   * Namespace of the job and its service account.
   * @default "openedx"
   */
  readonly namespace?: string;
  /**
   * Cron schedule, in UTC (the cluster's time zone).
   * @default "30 3 * * *" (03:30 UTC, outside the RDS and DocumentDB backup and maintenance windows)
   */
  readonly schedule?: string;
  /**
   * Service account the job runs as; the integrator binds the Pod Identity role with
   * {@link logicalDumpPolicyStatements} to it.
   * @default "openedx-backup"
   */
  readonly serviceAccountName?: string;
  /**
   * MySQL databases to dump.
   * @default - every database except the system schemas, listed when the job runs
   */
  readonly mysqlDatabases?: readonly string[];
  /**
   * Image with the AWS CLI, curl and bash.
   * @default LOGICAL_DUMP_IMAGES.awsCli
   */
  readonly awsCliImage?: string;
  /**
   * Image with mysqldump (same major version as the server), gzip and bash.
   * @default LOGICAL_DUMP_IMAGES.mysql
   */
  readonly mysqlImage?: string;
  /**
   * Image with mongodump and bash.
   * @default LOGICAL_DUMP_IMAGES.mongo
   */
  readonly mongoImage?: string;
  /**
   * Size of the scratch volume holding both compressed dumps until they are uploaded.
   * @default "20Gi"
   */
  readonly scratchSize?: string;
  /**
   * CPU and memory of each container.
   * @default - requests 250m CPU and 512Mi memory, limits 1 CPU and 1Gi memory
   */
  readonly resources?: LogicalDumpResources;
  /**
   * The longest a run may take, in seconds (60-86400); a stuck dump is killed so the next night runs.
   * @default 14400 (4 hours)
   */
  readonly activeDeadlineSeconds?: number;
  /**
   * How many times a failed run is retried (0-10).
   * @default 2
   */
  readonly backoffLimit?: number;
  /**
   * How many finished jobs of each outcome are kept, so the last failures can be inspected (1-10).
   * @default 3
   */
  readonly historyLimit?: number;
}

const DEFAULT_RESOURCES: LogicalDumpResources = { cpuRequest: "250m", memoryRequest: "512Mi", cpuLimit: "1", memoryLimit: "1Gi" };

/**
 * A nightly Kubernetes CronJob that writes logical dumps of MySQL (mysqldump) and DocumentDB
 * (mongodump) to the backups bucket, a copy that outlives the AWS account's snapshots and can be
 * restored into any MySQL or MongoDB. The master passwords are read from Secrets Manager when the
 * job runs, through the service account's Pod Identity role; the manifest holds only ARNs.
 *
 * Each tool runs in its own pinned image: init containers fetch the secrets, then dump MySQL,
 * then DocumentDB into a shared emptyDir, and the main container uploads both.
 *
 * Construct ids: `ServiceAccount`, `Resource` (the CronJob).
 */
export class LogicalDumpCronJob extends Construct {
  /** Name of the CronJob. @attribute */
  readonly cronJobName: string;
  /** Namespace of the CronJob and its service account. @attribute */
  readonly namespace: string;
  /** Service account the job runs as, to bind the Pod Identity role to. @attribute */
  readonly serviceAccountName: string;
  /** S3 URI prefix the dumps are written under. @attribute */
  readonly dumpsUri: string;
  /** The job's service account; the Pod Identity association that gives it AWS credentials names it. */
  readonly serviceAccount: ServiceAccountV1;
  /** The CronJob resource. */
  readonly resource: CronJobV1;

  constructor(scope: Construct, id: string, props: LogicalDumpCronJobProps) {
    super(scope, id);
    validateProps(this, props);
    this.namespace = props.namespace ?? "openedx";
    this.serviceAccountName = props.serviceAccountName ?? "openedx-backup";
    this.cronJobName = "openedx-logical-dump";
    this.dumpsUri = `s3://${props.backupsBucketName}/dumps/${props.environmentName}/`;
    const labels = { "app.kubernetes.io/name": "openedx-logical-dump", "app.kubernetes.io/part-of": "openedx-infra" };
    const scripts = logicalDumpScripts({ ...props, mysqlDatabases: props.mysqlDatabases ?? [] });
    const resources = props.resources ?? DEFAULT_RESOURCES;
    const images = {
      awsCli: props.awsCliImage ?? LOGICAL_DUMP_IMAGES.awsCli,
      mysql: props.mysqlImage ?? LOGICAL_DUMP_IMAGES.mysql,
      mongo: props.mongoImage ?? LOGICAL_DUMP_IMAGES.mongo,
    };

    this.serviceAccount = new ServiceAccountV1(this, "ServiceAccount", {
      metadata: { name: this.serviceAccountName, namespace: this.namespace, labels },
      automountServiceAccountToken: false,
    });

    const container = (name: string, image: string, script: string, mounts: readonly string[]) => ({
      name,
      image,
      imagePullPolicy: "IfNotPresent",
      command: ["/bin/bash", "-c", script],
      // The AWS CLI and the tools write caches and history under HOME; the root file system is read-only.
      env: [{ name: "HOME", value: "/tmp" }],
      securityContext: {
        runAsNonRoot: true,
        runAsUser: USER_ID,
        runAsGroup: USER_ID,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        privileged: false,
        capabilities: { drop: ["ALL"] },
        seccompProfile: { type: "RuntimeDefault" },
      },
      resources: {
        requests: { cpu: resources.cpuRequest, memory: resources.memoryRequest },
        limits: { cpu: resources.cpuLimit, memory: resources.memoryLimit },
      },
      volumeMount: [{ name: "tmp", mountPath: "/tmp" }, ...mounts.map((volume) => ({ name: volume, mountPath: `/${volume}` }))],
    });

    this.resource = new CronJobV1(this, "Resource", {
      metadata: { name: this.cronJobName, namespace: this.namespace, labels },
      spec: {
        schedule: props.schedule ?? "30 3 * * *",
        timezone: "Etc/UTC",
        concurrencyPolicy: "Forbid",
        // A run missed by more than an hour (cluster down) is skipped rather than run at a busy hour.
        startingDeadlineSeconds: 3600,
        successfulJobsHistoryLimit: props.historyLimit ?? 3,
        failedJobsHistoryLimit: props.historyLimit ?? 3,
        jobTemplate: {
          metadata: { labels },
          spec: {
            backoffLimit: props.backoffLimit ?? 2,
            activeDeadlineSeconds: props.activeDeadlineSeconds ?? 14400,
            ttlSecondsAfterFinished: "86400",
            template: {
              metadata: { labels },
              spec: {
                serviceAccountName: this.serviceAccountName,
                // Pod Identity injects credentials without the Kubernetes token; nothing else needs the API.
                automountServiceAccountToken: false,
                restartPolicy: "Never",
                securityContext: {
                  runAsNonRoot: true,
                  runAsUser: USER_ID,
                  runAsGroup: USER_ID,
                  fsGroup: USER_ID,
                  seccompProfile: { type: "RuntimeDefault" },
                },
                initContainer: [
                  container("prepare", images.awsCli, scripts.prepare, ["secrets", "dumps"]),
                  container("mysqldump", images.mysql, scripts.mysqlDump, ["secrets", "dumps"]),
                  container("mongodump", images.mongo, scripts.documentDbDump, ["secrets", "dumps"]),
                ],
                container: [container("upload", images.awsCli, scripts.upload, ["dumps"])],
                volume: [
                  { name: "tmp", emptyDir: { sizeLimit: "256Mi" } },
                  // In memory, so the passwords never touch the node's disk.
                  { name: "secrets", emptyDir: { medium: "Memory", sizeLimit: "1Mi" } },
                  { name: "dumps", emptyDir: { sizeLimit: props.scratchSize ?? "20Gi" } },
                ],
              },
            },
          },
        },
      },
    });
  }
}

const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/.+$/;
const DNS_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const DATABASE_NAME = /^[A-Za-z0-9_$]{1,64}$/;
const QUANTITY = /^\d+(\.\d+)?(m|Ki|Mi|Gi|Ti)?$/;

function validateProps(scope: Construct, props: LogicalDumpCronJobProps): void {
  const problems: string[] = [];
  const known = (value: string | undefined): value is string => value !== undefined && !Token.isUnresolved(value);
  const check = (name: string, value: string | undefined, pattern: RegExp, allowed: string) => {
    if (known(value) && !pattern.test(value)) problems.push(`${name} must be ${allowed}, got "${value}"`);
  };
  const range = (name: string, value: number | undefined, min: number, max: number) => {
    if (value !== undefined && !Token.isUnresolved(value) && (!Number.isInteger(value) || value < min || value > max)) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got ${value}`);
    }
  };
  check("mysqlSecretArn", props.mysqlSecretArn, SECRET_ARN, "a Secrets Manager secret ARN");
  check("documentDbSecretArn", props.documentDbSecretArn, SECRET_ARN, "a Secrets Manager secret ARN");
  check("backupKeyArn", props.backupKeyArn, KMS_KEY_ARN, "a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)");
  check("mysqlHost", props.mysqlHost, /^[A-Za-z0-9.-]+$/, "a host name");
  check("documentDbHost", props.documentDbHost, /^[A-Za-z0-9.-]+$/, "a host name");
  check("backupsBucketName", props.backupsBucketName, /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "an S3 bucket name");
  check("region", props.region, /^[a-z]{2}(-[a-z]+)+-\d$/, "an AWS region such as eu-west-1");
  check("environmentName", props.environmentName, DNS_NAME, "lowercase letters, digits and hyphens");
  check("namespace", props.namespace, DNS_NAME, "a Kubernetes namespace name (lowercase letters, digits and hyphens)");
  check("serviceAccountName", props.serviceAccountName, DNS_NAME, "a Kubernetes name (lowercase letters, digits and hyphens)");
  check("schedule", props.schedule, /^\S+( \S+){4}$/, 'a five-field cron expression such as "30 3 * * *"');
  check("scratchSize", props.scratchSize, QUANTITY, 'a Kubernetes quantity such as "20Gi"');
  for (const [name, image] of [
    ["awsCliImage", props.awsCliImage],
    ["mysqlImage", props.mysqlImage],
    ["mongoImage", props.mongoImage],
  ] as const) {
    if (known(image) && (!/:[\w][\w.-]*$/.test(image) || /:latest$/.test(image)) && !image.includes("@sha256:")) {
      problems.push(`${name} must be pinned by a tag other than latest or by digest, got "${image}"`);
    }
  }
  if (props.mysqlDatabases !== undefined) {
    const bad = props.mysqlDatabases.filter((name) => known(name) && !DATABASE_NAME.test(name));
    if (props.mysqlDatabases.length === 0) problems.push("mysqlDatabases must list at least one database, or be left out to dump every database");
    if (bad.length > 0) problems.push(`mysqlDatabases must hold database names of letters, digits, _ and $, got ${JSON.stringify(bad)}`);
  }
  if (props.resources) {
    for (const [name, value] of Object.entries(props.resources)) check(`resources.${name}`, value as string, QUANTITY, 'a Kubernetes quantity such as "500m" or "1Gi"');
  }
  range("activeDeadlineSeconds", props.activeDeadlineSeconds, 60, 86400);
  range("backoffLimit", props.backoffLimit, 0, 10);
  range("historyLimit", props.historyLimit, 1, 10);
  if (problems.length > 0) throw new ValidationError(`LogicalDumpCronJob has invalid props:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`, scope);
}

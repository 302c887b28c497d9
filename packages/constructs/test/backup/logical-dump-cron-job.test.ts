import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { LOGICAL_DUMP_IMAGES, LogicalDumpCronJob, LogicalDumpCronJobProps, logicalDumpPolicyStatements, logicalDumpScripts } from "../../src/backup/logical-dump-cron-job";
import { KmsKey } from "../../src/encryption/kms-key";
import { testStack } from "../synth";

const PROPS: LogicalDumpCronJobProps = {
  mysqlHost: "openedx-production-mysql.abc.eu-west-1.rds.amazonaws.com",
  mysqlSecretArn: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:rds!db-1-AbCdEf",
  documentDbHost: "openedx-production-docdb.cluster-abc.eu-west-1.docdb.amazonaws.com",
  documentDbSecretArn: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:rds!cluster-2-AbCdEf",
  backupsBucketName: "openedx-production-111122223333-eu-west-1-backups",
  backupKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/0000-1111",
  region: "eu-west-1",
  environmentName: "production",
};

type Block = Record<string, unknown>;

function synthesize(props: Partial<LogicalDumpCronJobProps> = {}) {
  const stack = new TerraformStack(Testing.app(), "test");
  new KubernetesProvider(stack, "kubernetes", { host: "https://kubernetes.example", token: "dummy" });
  const job = new LogicalDumpCronJob(stack, "dump", { ...PROPS, ...props });
  const json = JSON.parse(Testing.synth(stack, true)) as { resource: Record<string, Record<string, Block>> };
  const cron = Object.values(json.resource.kubernetes_cron_job_v1)[0] as { metadata: Block; spec: Block };
  const jobSpec = (cron.spec.job_template as { spec: Block }).spec;
  const pod = (jobSpec.template as { spec: Block }).spec;
  return { job, json, cron, jobSpec, pod, raw: JSON.stringify(json) };
}

const build = (props: Partial<LogicalDumpCronJobProps>) => () => new LogicalDumpCronJob(new TerraformStack(Testing.app(), "test"), "dump", { ...PROPS, ...props });

describe("LogicalDumpCronJob", () => {
  it("runs nightly, never twice at once, with bounded retries and history", () => {
    const { cron, jobSpec, job } = synthesize();
    expect(cron.metadata).toMatchObject({ name: "openedx-logical-dump", namespace: "openedx" });
    expect(cron.spec).toMatchObject({ schedule: "30 3 * * *", timezone: "Etc/UTC", concurrency_policy: "Forbid", successful_jobs_history_limit: 3, failed_jobs_history_limit: 3 });
    expect(jobSpec).toMatchObject({ backoff_limit: 2, active_deadline_seconds: 14400 });
    expect(job.dumpsUri).toBe("s3://openedx-production-111122223333-eu-west-1-backups/dumps/production/");
  });

  it("runs as its own service account without a Kubernetes token", () => {
    const { json, pod, job } = synthesize();
    const accounts = Object.values(json.resource.kubernetes_service_account_v1);
    expect(accounts).toHaveLength(1);
    expect(accounts[0]).toMatchObject({ metadata: { name: "openedx-backup", namespace: "openedx" }, automount_service_account_token: false });
    expect(pod).toMatchObject({ service_account_name: "openedx-backup", automount_service_account_token: false, restart_policy: "Never" });
    expect(job.serviceAccountName).toBe("openedx-backup");
  });

  it("hardens every container and gives each its pinned image", () => {
    const { pod } = synthesize();
    expect(pod.security_context).toMatchObject({ run_as_non_root: true, seccomp_profile: { type: "RuntimeDefault" } });
    const containers = [...(pod.init_container as Block[]), ...(pod.container as Block[])];
    expect(containers.map((c) => [c.name, c.image])).toEqual([
      ["prepare", LOGICAL_DUMP_IMAGES.awsCli],
      ["mysqldump", LOGICAL_DUMP_IMAGES.mysql],
      ["mongodump", LOGICAL_DUMP_IMAGES.mongo],
      ["upload", LOGICAL_DUMP_IMAGES.awsCli],
    ]);
    for (const container of containers) {
      expect(container.security_context).toMatchObject({
        run_as_non_root: true,
        read_only_root_filesystem: true,
        allow_privilege_escalation: false,
        capabilities: { drop: ["ALL"] },
        seccomp_profile: { type: "RuntimeDefault" },
      });
      expect(container.resources).toEqual({ requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "1", memory: "1Gi" } });
      expect(container.volume_mount).toContainEqual({ name: "tmp", mount_path: "/tmp" });
    }
    expect(pod.volume).toEqual([
      { name: "tmp", empty_dir: { size_limit: "256Mi" } },
      { name: "secrets", empty_dir: { medium: "Memory", size_limit: "1Mi" } },
      { name: "dumps", empty_dir: { size_limit: "20Gi" } },
    ]);
  });

  it("holds secret ARNs but no credentials", () => {
    const { raw } = synthesize();
    expect(raw).toContain(PROPS.mysqlSecretArn);
    expect(raw).not.toMatch(/MYSQL_PWD=|--password[ =]/);
  });

  it("applies non-default props", () => {
    const { cron, jobSpec, pod } = synthesize({ namespace: "backup", schedule: "0 1 * * *", serviceAccountName: "dumper", historyLimit: 1, backoffLimit: 0, activeDeadlineSeconds: 600, scratchSize: "5Gi", mysqlImage: "mysql:8.4.4" });
    expect(cron.metadata).toMatchObject({ namespace: "backup" });
    expect(cron.spec).toMatchObject({ schedule: "0 1 * * *", successful_jobs_history_limit: 1, failed_jobs_history_limit: 1 });
    expect(jobSpec).toMatchObject({ backoff_limit: 0, active_deadline_seconds: 600 });
    expect(pod.service_account_name).toBe("dumper");
    expect((pod.init_container as Block[])[1].image).toBe("mysql:8.4.4");
    expect((pod.volume as Block[])[2]).toEqual({ name: "dumps", empty_dir: { size_limit: "5Gi" } });
  });

  it("rejects every invalid prop in one message", () => {
    expect(
      build({
        mysqlSecretArn: "my-secret",
        backupKeyArn: "alias/backup",
        region: "Ireland",
        environmentName: "Prod",
        schedule: "nightly",
        mongoImage: "mongo:latest",
        awsCliImage: "amazon/aws-cli",
        mysqlDatabases: ["openedx", "bad name"],
        activeDeadlineSeconds: 10,
        backoffLimit: 11,
        historyLimit: 0,
        scratchSize: "lots",
      }),
    ).toThrow(
      [
        "LogicalDumpCronJob has invalid props:",
        '  - mysqlSecretArn must be a Secrets Manager secret ARN, got "my-secret"',
        '  - backupKeyArn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), got "alias/backup"',
        '  - region must be an AWS region such as eu-west-1, got "Ireland"',
        '  - environmentName must be lowercase letters, digits and hyphens, got "Prod"',
        '  - schedule must be a five-field cron expression such as "30 3 * * *", got "nightly"',
        '  - scratchSize must be a Kubernetes quantity such as "20Gi", got "lots"',
        '  - awsCliImage must be pinned by a tag other than latest or by digest, got "amazon/aws-cli"',
        '  - mongoImage must be pinned by a tag other than latest or by digest, got "mongo:latest"',
        '  - mysqlDatabases must hold database names of letters, digits, _ and $, got ["bad name"]',
        "  - activeDeadlineSeconds must be an integer from 60 to 86400, got 10",
        "  - backoffLimit must be an integer from 0 to 10, got 11",
        "  - historyLimit must be an integer from 1 to 10, got 0",
      ].join("\n") + " (at test/dump)",
    );
  });

  it.each([
    [{ mysqlDatabases: [] }, "  - mysqlDatabases must list at least one database, or be left out to dump every database"],
    [{ namespace: "Open_edX" }, '  - namespace must be a Kubernetes namespace name (lowercase letters, digits and hyphens), got "Open_edX"'],
    [{ serviceAccountName: "a_b" }, '  - serviceAccountName must be a Kubernetes name (lowercase letters, digits and hyphens), got "a_b"'],
    [{ documentDbSecretArn: "x" }, '  - documentDbSecretArn must be a Secrets Manager secret ARN, got "x"'],
    [{ mysqlHost: "a b" }, '  - mysqlHost must be a host name, got "a b"'],
    [{ documentDbHost: "a;b" }, '  - documentDbHost must be a host name, got "a;b"'],
    [{ backupsBucketName: "B" }, '  - backupsBucketName must be an S3 bucket name, got "B"'],
    [{ resources: { cpuRequest: "x", memoryRequest: "1Gi", cpuLimit: "1", memoryLimit: "1Gi" } }, '  - resources.cpuRequest must be a Kubernetes quantity such as "500m" or "1Gi", got "x"'],
  ])("rejects %j", (props, message) => {
    expect(build(props as Partial<LogicalDumpCronJobProps>)).toThrow(`LogicalDumpCronJob has invalid props:\n${message} (at test/dump)`);
  });
});

describe("logicalDumpScripts", () => {
  const scripts = logicalDumpScripts({ ...PROPS, mysqlDatabases: [] });

  it("reads both secrets at run time into in-memory files", () => {
    expect(scripts.prepare).toContain(`aws secretsmanager get-secret-value --region eu-west-1 --secret-id "$1" --query SecretString --output text`);
    expect(scripts.prepare).toContain(`MYSQL_SECRET=$(read_secret '${PROPS.mysqlSecretArn}')`);
    expect(scripts.prepare).toContain(`DOCDB_SECRET=$(read_secret '${PROPS.documentDbSecretArn}')`);
    expect(scripts.prepare).toContain("curl --fail --silent --show-error --location --output /secrets/rds-ca.pem https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem");
    expect(scripts.prepare).toContain("date -u +%Y-%m-%dT%H-%M-%SZ > /dumps/timestamp");
  });

  it("dumps MySQL consistently and compressed, every non-system database by default", () => {
    expect(scripts.mysqlDump).toContain("NOT IN ('mysql', 'sys', 'information_schema', 'performance_schema')");
    expect(scripts.mysqlDump).toContain(
      "mysqldump --defaults-extra-file=/secrets/mysql.cnf --single-transaction --quick --routines --triggers --events --hex-blob --set-gtid-purged=OFF --databases $DATABASES | gzip -c > /dumps/mysql.sql.gz",
    );
    expect(logicalDumpScripts({ ...PROPS, mysqlDatabases: ["openedx", "discovery"] }).mysqlDump).toContain("DATABASES='openedx discovery'");
  });

  it("dumps DocumentDB over TLS as a gzipped archive", () => {
    expect(scripts.documentDbDump).toContain(
      `mongodump --host '${PROPS.documentDbHost}:27017' --username "$(cat /secrets/docdb-user)" --config /secrets/mongodump.yaml --authenticationDatabase admin --ssl --sslCAFile /secrets/rds-ca.pem --archive=/dumps/documentdb.archive.gz --gzip`,
    );
  });

  it("uploads both dumps under the UTC timestamp with the backup key", () => {
    for (const file of ["mysql.sql.gz", "documentdb.archive.gz"]) {
      expect(scripts.upload).toContain(
        `aws s3 cp /dumps/${file} "s3://${PROPS.backupsBucketName}/dumps/production/$TIMESTAMP/${file}" --region eu-west-1 --sse aws:kms --sse-kms-key-id '${PROPS.backupKeyArn}' --only-show-errors`,
      );
    }
    for (const script of Object.values(scripts)) expect(script.startsWith("set -euo pipefail\n")).toBe(true);
  });
});

describe("logicalDumpPolicyStatements", () => {
  it("grants writes under dumps/, the backup key and the two secrets only", () => {
    const stack = testStack();
    const backup = new KmsKey(stack, "backup", { aliasName: "alias/backup", description: "backup" });
    const databases = new KmsKey(stack, "databases", { aliasName: "alias/databases", description: "databases" });
    const statements = logicalDumpPolicyStatements("arn:aws:s3:::bucket", backup, [PROPS.mysqlSecretArn, PROPS.documentDbSecretArn], [databases]);
    expect(statements).toEqual([
      { Sid: "WriteDumps", Effect: "Allow", Action: ["s3:PutObject", "s3:AbortMultipartUpload"], Resource: "arn:aws:s3:::bucket/dumps/*" },
      { Sid: "EncryptDumps", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Encrypt", "kms:Decrypt"], Resource: backup.keyArn },
      { Sid: "ReadMasterSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [PROPS.mysqlSecretArn, PROPS.documentDbSecretArn] },
      { Sid: "DecryptMasterSecrets", Effect: "Allow", Action: "kms:Decrypt", Resource: [databases.keyArn], Condition: { StringLike: { "kms:ViaService": "secretsmanager.*.amazonaws.com" } } },
    ]);
    expect(logicalDumpPolicyStatements("arn:aws:s3:::bucket", backup, [PROPS.mysqlSecretArn])).toHaveLength(3);
  });
});

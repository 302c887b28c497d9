import { EnvironmentConfig } from "../config/environment-config";
import { DOCUMENTDB_ENGINE_VERSIONS } from "../data/document-db/document-db-cluster";
import { LOGICAL_DUMP_IMAGES, RDS_CA_BUNDLE_URL } from "./logical-dump-cron-job";

/** What a restore plan is built from: the environment's Terraform outputs and its names. */
export interface RestorePlanInputs {
  /** The environment's name: the runbook's title, the dumps prefix `dumps/<name>/` and the physical names `openedx-<name>-…`. */
  readonly environmentName: string;
  /** The region every `aws` command targets with `--region`. */
  readonly region: string;
  /** The account `aws sts get-caller-identity` must print before anything is restored, so the operator's credentials are checked first. */
  readonly accountId: string;
  /** Data stack output `mysql_engine`. */
  readonly mysqlEngine: "mysql" | "aurora-mysql";
  /** Instance class of a restored MySQL (Aurora) instance. */
  readonly mysqlInstanceClass: string;
  /** Instance class of a restored DocumentDB instance. */
  readonly documentDbInstanceClass: string;
  /** Data stack output `mysql_endpoint`: the live writer a logical dump is loaded into. */
  readonly mysqlEndpoint: string;
  /** Data stack output `mysql_master_username`: the user the dump is loaded as. */
  readonly mysqlMasterUsername: string;
  /** Data stack output `mysql_master_secret_arn`: the RDS-managed secret the password is read from, on the operator's machine only. */
  readonly mysqlMasterSecretArn: string;
  /** Data stack output `mysql_security_group_id`: given to the restored instance or cluster, so the cluster can reach it. */
  readonly mysqlSecurityGroupId: string;
  /** Data stack output `documentdb_endpoint`: the live cluster a logical dump is loaded into. */
  readonly documentDbEndpoint: string;
  /** Data stack output `documentdb_master_username`: the user the dump is loaded as. */
  readonly documentDbMasterUsername: string;
  /** Data stack output `documentdb_master_secret_arn`: the managed secret the password is read from. */
  readonly documentDbMasterSecretArn: string;
  /** Data stack output `documentdb_security_group_id`: given to the restored cluster. */
  readonly documentDbSecurityGroupId: string;
  /** Data stack output `media_bucket_name`: the versioned bucket an object's earlier version is copied back in. */
  readonly mediaBucketName: string;
  /** Data stack output `backups_bucket_name`: where the nightly logical dumps are listed and read. */
  readonly backupsBucketName: string;
  /** Backup stack output `backup_vault_name`. */
  readonly backupVaultName: string;
  /** Backup stack output `backup_role_arn`: the role AWS Backup restores with. */
  readonly backupRoleArn: string;
  /** Kubernetes namespace of Open edX. */
  readonly namespace: string;
}

/** One step of a restore: why, and the commands to paste, in order. */
export interface RestoreStep {
  /** Numbered heading of the step, e.g. `2. MySQL to a point in time`. */
  readonly title: string;
  /** What the step restores, what it creates and what to do before or after, in prose. */
  readonly description: string;
  /**
   * Shell commands to run in order; lines with `# edit:` need a value the operator picks (a
   * timestamp or ARN), and `<…>` marks a value from an earlier command's output.
   */
  readonly commands: readonly string[];
}

/** A restore plan: the names it relies on and every procedure. */
export interface RestorePlan {
  /** The environment the plan restores. */
  readonly environmentName: string;
  /** The physical names the commands use, as the data stack's constructs name them. */
  readonly names: RestoreNames;
  /**
   * The procedures in order: shell preparation, MySQL from a recovery point and to a point in time,
   * DocumentDB to a point in time, switching Open edX over, loading a logical dump, and recovering
   * a media object's earlier version.
   */
  readonly steps: readonly RestoreStep[];
}

/** The physical names of an environment's databases. */
export interface RestoreNames {
  /** DB instance (RDS for MySQL) or DB cluster (Aurora) identifier. */
  readonly mysqlIdentifier: string;
  /** The DB subnet group a restored MySQL is placed in: the isolated subnets, as the original. */
  readonly mysqlSubnetGroupName: string;
  /** DB parameter group (RDS for MySQL) or DB cluster parameter group (Aurora). */
  readonly mysqlParameterGroupName: string;
  /** The option group of RDS for MySQL; the instance parameter group of Aurora. */
  readonly mysqlInstanceGroupName: string;
  /** The DocumentDB cluster identifier, `openedx-<environment>-docdb`: the source of a point-in-time restore. */
  readonly documentDbIdentifier: string;
  /** The DB subnet group a restored DocumentDB cluster is placed in. */
  readonly documentDbSubnetGroupName: string;
  /**
   * The cluster parameter group (TLS and audit settings), `<identifier>-<family>`, which the plan
   * applies to the restored cluster once the point-in-time restore has created it.
   */
  readonly documentDbParameterGroupName: string;
}

/** The names the data stack gives an environment's databases (see `RdsMysqlInstance`, `AuroraMysqlCluster`, `DocumentDbCluster`). */
export function restoreNames(environmentName: string, mysqlEngine: "mysql" | "aurora-mysql"): RestoreNames {
  const mysql = `openedx-${environmentName}-mysql`;
  const docdb = `openedx-${environmentName}-docdb`;
  const family = Object.values(DOCUMENTDB_ENGINE_VERSIONS)[0];
  return {
    mysqlIdentifier: mysql,
    mysqlSubnetGroupName: mysql,
    mysqlParameterGroupName: mysql,
    mysqlInstanceGroupName: mysqlEngine === "aurora-mysql" ? `${mysql}-instance` : mysql,
    documentDbIdentifier: docdb,
    documentDbSubnetGroupName: docdb,
    documentDbParameterGroupName: `${docdb}-${family.replace(".", "")}`,
  };
}

/** The Terraform outputs a plan reads, by stack. */
export const RESTORE_PLAN_OUTPUTS = {
  /** Outputs of `<environment>-data`: endpoints, users, secrets, security groups and buckets. */
  data: [
    "mysql_engine",
    "mysql_endpoint",
    "mysql_master_username",
    "mysql_master_secret_arn",
    "mysql_security_group_id",
    "documentdb_endpoint",
    "documentdb_master_username",
    "documentdb_master_secret_arn",
    "documentdb_security_group_id",
    "media_bucket_name",
    "backups_bucket_name",
  ],
  /** Outputs of `<environment>-backup`: the vault to list recovery points in and the role to restore with. */
  backup: ["backup_vault_name", "backup_role_arn"],
} as const;

/** `terraform output -json` of one stack. */
export type StackOutputs = Readonly<
  Record<
    string,
    | {
        /** The output's value as Terraform reports it; the plan accepts only non-empty strings. */
        readonly value: unknown;
      }
    | undefined
  >
>;

/**
 * Builds the inputs from an environment and the outputs of its data and backup stacks; throws one
 * error naming every missing output.
 */
export function restorePlanInputs(environment: EnvironmentConfig, outputs: { readonly data: StackOutputs; readonly backup: StackOutputs }): RestorePlanInputs {
  const problems: string[] = [];
  const values: Record<string, string> = {};
  for (const stack of ["data", "backup"] as const) {
    for (const name of RESTORE_PLAN_OUTPUTS[stack]) {
      const value = outputs[stack][name]?.value;
      if (typeof value === "string" && value !== "") values[name] = value;
      else problems.push(`output ${name} of stack ${environment.name}-${stack} is ${value === undefined ? "missing" : `not a non-empty string (got ${JSON.stringify(value)})`}`);
    }
  }
  if (values.mysql_engine !== undefined && values.mysql_engine !== "mysql" && values.mysql_engine !== "aurora-mysql") {
    problems.push(`output mysql_engine of stack ${environment.name}-data must be "mysql" or "aurora-mysql", got "${values.mysql_engine}"`);
  }
  if (problems.length > 0) throw new Error(`cannot build the restore plan of ${environment.name}:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
  return {
    environmentName: environment.name,
    region: environment.region,
    accountId: environment.accountId,
    mysqlEngine: values.mysql_engine as "mysql" | "aurora-mysql",
    mysqlInstanceClass: environment.data.mysqlInstanceClass,
    documentDbInstanceClass: environment.data.documentDbInstanceClass,
    mysqlEndpoint: values.mysql_endpoint,
    mysqlMasterUsername: values.mysql_master_username,
    mysqlMasterSecretArn: values.mysql_master_secret_arn,
    mysqlSecurityGroupId: values.mysql_security_group_id,
    documentDbEndpoint: values.documentdb_endpoint,
    documentDbMasterUsername: values.documentdb_master_username,
    documentDbMasterSecretArn: values.documentdb_master_secret_arn,
    documentDbSecurityGroupId: values.documentdb_security_group_id,
    mediaBucketName: values.media_bucket_name,
    backupsBucketName: values.backups_bucket_name,
    backupVaultName: values.backup_vault_name,
    backupRoleArn: values.backup_role_arn,
    namespace: "openedx",
  };
}

// Reads one field of an RDS-managed secret on the operator's machine; the value goes down a pipe only.
const secretField = (region: string, arn: string, field: "password") =>
  `aws secretsmanager get-secret-value --region ${region} --secret-id '${arn}' --query SecretString --output text | sed -n 's/.*"${field}" *: *"\\([^"\\\\]*\\)".*/\\1/p'`;

// The pod reads the password, then the CA bundle up to a marker line, then the dump, all from stdin,
// so neither the password nor the CA needs a Secret, a ConfigMap or an argument.
const POD_PREAMBLE = "set -euo pipefail; read -r PASSWORD; : > /tmp/ca.pem; while IFS= read -r line && [ \"$line\" != END-CA ]; do printf '%s\\n' \"$line\" >> /tmp/ca.pem; done";

/** Builds every restore procedure of an environment, with its real names. */
export function buildRestorePlan(inputs: RestorePlanInputs): RestorePlan {
  const names = restoreNames(inputs.environmentName, inputs.mysqlEngine);
  const r = `--region ${inputs.region}`;
  const aurora = inputs.mysqlEngine === "aurora-mysql";
  const restoredMysql = `${names.mysqlIdentifier}-restored-$RESTORE_SUFFIX`;
  const restoredDocdb = `${names.documentDbIdentifier}-restored-$RESTORE_SUFFIX`;
  const dumps = `s3://${inputs.backupsBucketName}/dumps/${inputs.environmentName}`;
  const steps: RestoreStep[] = [];

  steps.push({
    title: "0. Prepare the shell",
    description:
      "Every later command reads these variables. RESTORE_TIME is the UTC instant to go back to (within the point-in-time window, at most the backup retention); restores always create NEW resources beside the live ones, so nothing is overwritten.",
    commands: [`export AWS_REGION=${inputs.region} RESTORE_SUFFIX=$(date -u +%Y%m%d%H%M)`, "export RESTORE_TIME=2025-01-31T02:00:00Z   # edit: the UTC instant to restore to", `aws sts get-caller-identity --query Account --output text   # must print ${inputs.accountId}`],
  });

  const resourceType = aurora ? "Aurora" : "RDS";
  const identifierKey = aurora ? "DBClusterIdentifier" : "DBInstanceIdentifier";
  steps.push({
    title: "1. MySQL from an AWS Backup recovery point",
    description: `Lists the ${resourceType} recovery points in the vault, then restores the chosen one into a new ${aurora ? "cluster" : "instance"} in the same subnet group and security group.${aurora ? " AWS Backup restores the Aurora cluster without instances: create one as in step 2." : ""}`,
    commands: [
      `aws backup list-recovery-points-by-backup-vault ${r} --backup-vault-name ${inputs.backupVaultName} --by-resource-type ${resourceType} --query 'RecoveryPoints[?Status==\`COMPLETED\`].[CreationDate,RecoveryPointArn,ResourceArn]' --output table`,
      "export RECOVERY_POINT_ARN='arn:aws:...'   # edit: one ARN from the table",
      `aws backup get-recovery-point-restore-metadata ${r} --backup-vault-name ${inputs.backupVaultName} --recovery-point-arn "$RECOVERY_POINT_ARN" --query RestoreMetadata --output json | jq --arg id "${restoredMysql}" '.${identifierKey} = $id | .DBSubnetGroupName = "${names.mysqlSubnetGroupName}" | .VpcSecurityGroupIds = "[\\"${inputs.mysqlSecurityGroupId}\\"]"' > restore-metadata.json`,
      `aws backup start-restore-job ${r} --recovery-point-arn "$RECOVERY_POINT_ARN" --iam-role-arn ${inputs.backupRoleArn} --resource-type ${resourceType} --metadata file://restore-metadata.json`,
      `aws backup describe-restore-job ${r} --restore-job-id <RestoreJobId from the previous output> --query '[Status,CreatedResourceArn,StatusMessage]'`,
    ],
  });

  steps.push(
    aurora
      ? {
          title: "2. MySQL (Aurora) to a point in time",
          description: "Restores the cluster as it was at RESTORE_TIME into a new cluster, then adds its writer instance.",
          commands: [
            `aws rds restore-db-cluster-to-point-in-time ${r} --source-db-cluster-identifier ${names.mysqlIdentifier} --db-cluster-identifier ${restoredMysql} --restore-type full-copy --restore-to-time "$RESTORE_TIME" --db-subnet-group-name ${names.mysqlSubnetGroupName} --vpc-security-group-ids ${inputs.mysqlSecurityGroupId} --db-cluster-parameter-group-name ${names.mysqlParameterGroupName} --enable-iam-database-authentication --deletion-protection --copy-tags-to-snapshot`,
            `aws rds create-db-instance ${r} --db-cluster-identifier ${restoredMysql} --db-instance-identifier ${restoredMysql}-1 --engine aurora-mysql --db-instance-class ${inputs.mysqlInstanceClass} --db-parameter-group-name ${names.mysqlInstanceGroupName} --no-publicly-accessible`,
            `aws rds wait db-instance-available ${r} --db-instance-identifier ${restoredMysql}-1`,
            `aws rds describe-db-clusters ${r} --db-cluster-identifier ${restoredMysql} --query 'DBClusters[0].Endpoint' --output text`,
          ],
        }
      : {
          title: "2. MySQL to a point in time",
          description: "Restores the instance as it was at RESTORE_TIME into a new Multi-AZ instance with the same parameter and option groups (TLS required, audit log).",
          commands: [
            `aws rds restore-db-instance-to-point-in-time ${r} --source-db-instance-identifier ${names.mysqlIdentifier} --target-db-instance-identifier ${restoredMysql} --restore-time "$RESTORE_TIME" --db-subnet-group-name ${names.mysqlSubnetGroupName} --vpc-security-group-ids ${inputs.mysqlSecurityGroupId} --db-parameter-group-name ${names.mysqlParameterGroupName} --option-group-name ${names.mysqlInstanceGroupName} --multi-az --no-publicly-accessible --deletion-protection --enable-iam-database-authentication --copy-tags-to-snapshot`,
            `aws rds wait db-instance-available ${r} --db-instance-identifier ${restoredMysql}`,
            `aws rds describe-db-instances ${r} --db-instance-identifier ${restoredMysql} --query 'DBInstances[0].Endpoint.Address' --output text`,
          ],
        },
  );

  steps.push({
    title: "3. DocumentDB to a point in time",
    description: "Restores the cluster as it was at RESTORE_TIME into a new cluster, then adds an instance.",
    commands: [
      `aws docdb restore-db-cluster-to-point-in-time ${r} --source-db-cluster-identifier ${names.documentDbIdentifier} --db-cluster-identifier ${restoredDocdb} --restore-to-time "$RESTORE_TIME" --db-subnet-group-name ${names.documentDbSubnetGroupName} --vpc-security-group-ids ${inputs.documentDbSecurityGroupId} --deletion-protection`,
      `aws docdb modify-db-cluster ${r} --db-cluster-identifier ${restoredDocdb} --db-cluster-parameter-group-name ${names.documentDbParameterGroupName} --apply-immediately`,
      `aws docdb create-db-instance ${r} --db-cluster-identifier ${restoredDocdb} --db-instance-identifier ${restoredDocdb}-1 --engine docdb --db-instance-class ${inputs.documentDbInstanceClass}`,
      `aws docdb wait db-instance-available ${r} --db-instance-identifier ${restoredDocdb}-1`,
      `aws docdb describe-db-clusters ${r} --db-cluster-identifier ${restoredDocdb} --query 'DBClusters[0].Endpoint' --output text`,
    ],
  });

  steps.push({
    title: "4. Switch Open edX to the restored database",
    description:
      "Point Tutor at the restored endpoint and restart. For a lasting switch, import the restored resource into the data stack's Terraform state (or restore over the original name after renaming the damaged one) so the next deploy does not point Tutor back.",
    commands: [
      `export TUTOR_ROOT=$PWD/tutor/${inputs.environmentName} TUTOR_PLUGINS_ROOT=$PWD/tutor/${inputs.environmentName}/plugins`,
      "tutor config save --set MYSQL_HOST=<restored MySQL endpoint>",
      "tutor config save --set MONGODB_HOST=<restored DocumentDB endpoint>",
      "tutor k8s start",
      `pnpm tutor-env ${inputs.environmentName}   # once Terraform's outputs name the restored endpoints`,
    ],
  });

  const pod = (name: string, image: string) => `kubectl -n ${inputs.namespace} run ${name} -i --rm --restart=Never --image=${image} --command -- bash -c`;
  steps.push({
    title: "5. A nightly logical dump into the running databases",
    description: `Streams a dump from ${dumps}/<timestamp>/ into MySQL and DocumentDB through a short-lived pod in the ${inputs.namespace} namespace. Stop the LMS, CMS and workers first (tutor k8s stop) so nothing writes meanwhile; mongorestore --drop replaces each collection it restores.`,
    commands: [
      `aws s3 ls ${r} ${dumps}/`,
      "export DUMP=2025-01-31T03-30-00Z   # edit: one timestamp from the listing",
      `curl -fsSL ${RDS_CA_BUNDLE_URL} -o rds-ca.pem`,
      `{ ${secretField(inputs.region, inputs.mysqlMasterSecretArn, "password")}; cat rds-ca.pem; echo END-CA; aws s3 cp ${r} "${dumps}/$DUMP/mysql.sql.gz" -; } | ${pod("restore-mysql", LOGICAL_DUMP_IMAGES.mysql)} '${POD_PREAMBLE}; export MYSQL_PWD="$PASSWORD"; gunzip -c | mysql --host=${inputs.mysqlEndpoint} --user=${inputs.mysqlMasterUsername} --ssl-mode=VERIFY_IDENTITY --ssl-ca=/tmp/ca.pem'`,
      `{ ${secretField(inputs.region, inputs.documentDbMasterSecretArn, "password")}; cat rds-ca.pem; echo END-CA; aws s3 cp ${r} "${dumps}/$DUMP/documentdb.archive.gz" -; } | ${pod("restore-documentdb", LOGICAL_DUMP_IMAGES.mongo)} '${POD_PREAMBLE}; printf "password: \\"%s\\"\\n" "$PASSWORD" > /tmp/mongo.yaml; mongorestore --host ${inputs.documentDbEndpoint}:27017 --username ${inputs.documentDbMasterUsername} --config /tmp/mongo.yaml --authenticationDatabase admin --ssl --sslCAFile /tmp/ca.pem --archive --gzip --drop'`,
    ],
  });

  steps.push({
    title: "6. A media object's earlier version",
    description: `The media bucket keeps every version of every object: list the versions of a key, then copy the one to keep over the current one (a delete marker is undone the same way).`,
    commands: [
      `aws s3api list-object-versions ${r} --bucket ${inputs.mediaBucketName} --prefix "<key>" --query '[Versions[].[Key,VersionId,LastModified,IsLatest], DeleteMarkers[].[Key,VersionId,LastModified]]'`,
      `aws s3api copy-object ${r} --bucket ${inputs.mediaBucketName} --copy-source "${inputs.mediaBucketName}/<key>?versionId=<versionId>" --key "<key>"`,
    ],
  });

  return { environmentName: inputs.environmentName, names, steps };
}

/** Renders a plan as a Markdown runbook, each step's commands in one `sh` block. */
export function renderRestorePlan(plan: RestorePlan): string {
  const lines = [`# Restore plan: ${plan.environmentName}`, "", "Generated from the environment's Terraform outputs by `pnpm restore-plan`.", ""];
  for (const step of plan.steps) lines.push(`## ${step.title}`, "", step.description, "", "```sh", ...step.commands, "```", "");
  return lines.join("\n");
}

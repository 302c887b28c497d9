import { TerraformStack } from "cdktf";
import { describe, expect, it } from "vitest";
import { buildRestorePlan, renderRestorePlan, restorePlanInputs, RestorePlan, StackOutputs } from "../../src/backup/restore-plan";
import { defineEnvironment, EnvironmentConfigInput } from "../../src/config/environment-config";
import { buildEnvironmentApp } from "../../src/environment/environment-app";
import { productionInput, stagingInput } from "../fixtures";

type Json = { resource: Record<string, Record<string, Record<string, unknown>>>; output: Record<string, { value: unknown }> };

/** Synthesizes the data stack and fakes the outputs Terraform would report after apply. */
function planFor(input: EnvironmentConfigInput): { plan: RestorePlan; json: Json; outputs: { data: StackOutputs; backup: StackOutputs } } {
  const app = buildEnvironmentApp([input], { outdir: "/tmp/restore-plan-test" });
  const environment = defineEnvironment(input);
  const stack = app.node.findChild(`${environment.name}-data`) as TerraformStack;
  const json = JSON.parse(JSON.stringify(stack.toTerraform())) as Json;
  const output = (value: string) => ({ value });
  const data: StackOutputs = {
    mysql_engine: output(json.output.mysql_engine.value as string),
    mysql_endpoint: output(`openedx-${environment.name}-mysql.abc.eu-west-1.rds.amazonaws.com`),
    mysql_master_username: output("admin"),
    mysql_master_secret_arn: output(`arn:aws:secretsmanager:eu-west-1:${environment.accountId}:secret:rds!db-1-AbCdEf`),
    mysql_security_group_id: output("sg-0mysql"),
    documentdb_endpoint: output(`openedx-${environment.name}-docdb.cluster-abc.eu-west-1.docdb.amazonaws.com`),
    documentdb_master_username: output("openedx"),
    documentdb_master_secret_arn: output(`arn:aws:secretsmanager:eu-west-1:${environment.accountId}:secret:rds!cluster-2-AbCdEf`),
    documentdb_security_group_id: output("sg-0docdb"),
    media_bucket_name: output(bucket(json, "media")),
    backups_bucket_name: output(bucket(json, "backups")),
  };
  const backup: StackOutputs = { backup_vault_name: output(`openedx-${environment.name}`), backup_role_arn: output(`arn:aws:iam::${environment.accountId}:role/openedx-${environment.name}-backup`) };
  return { plan: buildRestorePlan(restorePlanInputs(environment, { data, backup })), json, outputs: { data, backup } };
}

function bucket(json: Json, purpose: string): string {
  const names = Object.values(json.resource.aws_s3_bucket).map((b) => b.bucket as string);
  const name = names.find((n) => n.endsWith(`-${purpose}`));
  if (!name) throw new Error(`no ${purpose} bucket in ${names.join(", ")}`);
  return name;
}

const only = (json: Json, type: string): Record<string, unknown> => {
  const all = Object.values(json.resource[type] ?? {});
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0];
};

const step = (plan: RestorePlan, prefix: string) => {
  const found = plan.steps.find((s) => s.title.startsWith(prefix));
  if (!found) throw new Error(`no step ${prefix}`);
  return found.commands.join("\n");
};

describe.each([
  ["production", productionInput()],
  ["staging", stagingInput()],
  ["aurora", stagingInput({ data: { mysqlEngine: "aurora-mysql" } })],
])("restore plan of %s", (_, input) => {
  const { plan, json, outputs } = planFor(input);
  const aurora = outputs.data.mysql_engine?.value === "aurora-mysql";
  const mysql = aurora ? only(json, "aws_rds_cluster") : only(json, "aws_db_instance");
  const mysqlId = (aurora ? mysql.cluster_identifier : mysql.identifier) as string;
  const mysqlSubnetGroup = only(json, "aws_db_subnet_group").name as string;
  const docdb = only(json, "aws_docdb_cluster");

  it("names exactly the synthesized databases", () => {
    expect(plan.names.mysqlIdentifier).toBe(mysqlId);
    expect(plan.names.mysqlSubnetGroupName).toBe(mysqlSubnetGroup);
    expect(plan.names.documentDbIdentifier).toBe(docdb.cluster_identifier);
    expect(plan.names.documentDbSubnetGroupName).toBe(only(json, "aws_docdb_subnet_group").name);
    expect(plan.names.documentDbParameterGroupName).toBe(only(json, "aws_docdb_cluster_parameter_group").name);
    if (aurora) {
      expect(plan.names.mysqlParameterGroupName).toBe(only(json, "aws_rds_cluster_parameter_group").name);
      expect(plan.names.mysqlInstanceGroupName).toBe(only(json, "aws_db_parameter_group").name);
    } else {
      expect(plan.names.mysqlParameterGroupName).toBe(only(json, "aws_db_parameter_group").name);
      expect(plan.names.mysqlInstanceGroupName).toBe(only(json, "aws_db_option_group").name);
    }
  });

  it("restores an AWS Backup recovery point into a new resource", () => {
    const commands = step(plan, "1.");
    const type = aurora ? "Aurora" : "RDS";
    expect(commands).toContain(`aws backup list-recovery-points-by-backup-vault --region eu-west-1 --backup-vault-name ${outputs.backup.backup_vault_name?.value} --by-resource-type ${type} `);
    expect(commands).toContain(`aws backup get-recovery-point-restore-metadata --region eu-west-1 --backup-vault-name ${outputs.backup.backup_vault_name?.value} --recovery-point-arn "$RECOVERY_POINT_ARN"`);
    expect(commands).toContain(`.${aurora ? "DBClusterIdentifier" : "DBInstanceIdentifier"} = $id | .DBSubnetGroupName = "${mysqlSubnetGroup}" | .VpcSecurityGroupIds = "[\\"sg-0mysql\\"]"`);
    expect(commands).toContain(`--arg id "${mysqlId}-restored-$RESTORE_SUFFIX"`);
    expect(commands).toContain(
      `aws backup start-restore-job --region eu-west-1 --recovery-point-arn "$RECOVERY_POINT_ARN" --iam-role-arn ${outputs.backup.backup_role_arn?.value} --resource-type ${type} --metadata file://restore-metadata.json`,
    );
  });

  it("restores MySQL to a point in time beside the live database", () => {
    const commands = step(plan, "2.");
    if (aurora) {
      expect(commands).toContain(
        `aws rds restore-db-cluster-to-point-in-time --region eu-west-1 --source-db-cluster-identifier ${mysqlId} --db-cluster-identifier ${mysqlId}-restored-$RESTORE_SUFFIX --restore-type full-copy --restore-to-time "$RESTORE_TIME" --db-subnet-group-name ${mysqlSubnetGroup} --vpc-security-group-ids sg-0mysql --db-cluster-parameter-group-name ${mysqlId} `,
      );
      expect(commands).toContain(`aws rds create-db-instance --region eu-west-1 --db-cluster-identifier ${mysqlId}-restored-$RESTORE_SUFFIX --db-instance-identifier ${mysqlId}-restored-$RESTORE_SUFFIX-1 --engine aurora-mysql --db-instance-class ${only(json, "aws_rds_cluster_instance").instance_class as string ?? ""}`);
    } else {
      expect(commands).toContain(
        `aws rds restore-db-instance-to-point-in-time --region eu-west-1 --source-db-instance-identifier ${mysqlId} --target-db-instance-identifier ${mysqlId}-restored-$RESTORE_SUFFIX --restore-time "$RESTORE_TIME" --db-subnet-group-name ${mysqlSubnetGroup} --vpc-security-group-ids sg-0mysql --db-parameter-group-name ${mysqlId} --option-group-name ${mysqlId} --multi-az --no-publicly-accessible --deletion-protection`,
      );
    }
  });

  it("restores DocumentDB to a point in time and adds an instance of the live class", () => {
    const commands = step(plan, "3.");
    const id = docdb.cluster_identifier as string;
    expect(commands).toContain(
      `aws docdb restore-db-cluster-to-point-in-time --region eu-west-1 --source-db-cluster-identifier ${id} --db-cluster-identifier ${id}-restored-$RESTORE_SUFFIX --restore-to-time "$RESTORE_TIME" --db-subnet-group-name ${id} --vpc-security-group-ids sg-0docdb --deletion-protection`,
    );
    const instanceClass = Object.values(json.resource.aws_docdb_cluster_instance)[0].instance_class as string;
    expect(commands).toContain(`aws docdb create-db-instance --region eu-west-1 --db-cluster-identifier ${id}-restored-$RESTORE_SUFFIX --db-instance-identifier ${id}-restored-$RESTORE_SUFFIX-1 --engine docdb --db-instance-class ${instanceClass}`);
  });

  it("streams a logical dump from the backups bucket without putting the password in an argument", () => {
    const commands = step(plan, "5.");
    const backups = outputs.data.backups_bucket_name?.value as string;
    expect(commands).toContain(`aws s3 cp --region eu-west-1 "s3://${backups}/dumps/${plan.environmentName}/$DUMP/mysql.sql.gz" -; } | kubectl -n openedx run restore-mysql -i --rm --restart=Never`);
    expect(commands).toContain(`aws s3 cp --region eu-west-1 "s3://${backups}/dumps/${plan.environmentName}/$DUMP/documentdb.archive.gz" -; } | kubectl -n openedx run restore-documentdb`);
    expect(commands).toContain(`mysql --host=${outputs.data.mysql_endpoint?.value} --user=admin --ssl-mode=VERIFY_IDENTITY`);
    expect(commands).toContain(`mongorestore --host ${outputs.data.documentdb_endpoint?.value}:27017 --username openedx --config /tmp/mongo.yaml --authenticationDatabase admin --ssl --sslCAFile /tmp/ca.pem --archive --gzip --drop`);
    expect(commands).not.toMatch(/--password/);
  });

  it("restores a media object version in the synthesized media bucket", () => {
    const commands = step(plan, "6.");
    const media = bucket(json, "media");
    expect(commands).toContain(`aws s3api list-object-versions --region eu-west-1 --bucket ${media} --prefix "<key>"`);
    expect(commands).toContain(`aws s3api copy-object --region eu-west-1 --bucket ${media} --copy-source "${media}/<key>?versionId=<versionId>" --key "<key>"`);
  });

  it("renders every step as Markdown", () => {
    const markdown = renderRestorePlan(plan);
    expect(markdown.startsWith(`# Restore plan: ${plan.environmentName}\n`)).toBe(true);
    expect(markdown.match(/^## /gm)).toHaveLength(7);
    expect(markdown.match(/^```sh$/gm)).toHaveLength(7);
  });
});

describe("restorePlanInputs", () => {
  it("names every missing or malformed output", () => {
    const environment = defineEnvironment(stagingInput());
    expect(() => restorePlanInputs(environment, { data: { mysql_engine: { value: "postgres" }, mysql_endpoint: { value: "" } }, backup: {} })).toThrow(
      [
        "cannot build the restore plan of staging:",
        '  - output mysql_endpoint of stack staging-data is not a non-empty string (got "")',
        "  - output mysql_master_username of stack staging-data is missing",
        "  - output mysql_master_secret_arn of stack staging-data is missing",
        "  - output mysql_security_group_id of stack staging-data is missing",
        "  - output documentdb_endpoint of stack staging-data is missing",
        "  - output documentdb_master_username of stack staging-data is missing",
        "  - output documentdb_master_secret_arn of stack staging-data is missing",
        "  - output documentdb_security_group_id of stack staging-data is missing",
        "  - output media_bucket_name of stack staging-data is missing",
        "  - output backups_bucket_name of stack staging-data is missing",
        "  - output backup_vault_name of stack staging-backup is missing",
        "  - output backup_role_arn of stack staging-backup is missing",
        '  - output mysql_engine of stack staging-data must be "mysql" or "aurora-mysql", got "postgres"',
      ].join("\n"),
    );
  });
});

import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CommandLineError } from "../../harness/src/command-line";
import { runRestorePlan, USAGE } from "../src/cli";

const output = (value: string) => ({ value, type: "string", sensitive: false });
const OUTPUTS = {
  data: {
    mysql_engine: output("mysql"),
    mysql_endpoint: output("openedx-staging-mysql.abc.eu-west-1.rds.amazonaws.com"),
    mysql_master_username: output("admin"),
    mysql_master_secret_arn: output("arn:aws:secretsmanager:eu-west-1:444455556666:secret:rds!db-1-AbCdEf"),
    mysql_security_group_id: output("sg-0mysql"),
    documentdb_endpoint: output("openedx-staging-docdb.cluster-abc.eu-west-1.docdb.amazonaws.com"),
    documentdb_master_username: output("openedx"),
    documentdb_master_secret_arn: output("arn:aws:secretsmanager:eu-west-1:444455556666:secret:rds!cluster-2-AbCdEf"),
    documentdb_security_group_id: output("sg-0docdb"),
    media_bucket_name: output("openedx-staging-444455556666-eu-west-1-media"),
    backups_bucket_name: output("openedx-staging-444455556666-eu-west-1-backups"),
  },
  backup: { backup_vault_name: output("openedx-staging"), backup_role_arn: output("arn:aws:iam::444455556666:role/openedx-staging-backup") },
};

describe("pnpm restore-plan", () => {
  it("prints the plan from an outputs file", () => {
    const dir = mkdtempSync(join(tmpdir(), "restore-plan-"));
    writeFileSync(join(dir, "outputs.json"), JSON.stringify(OUTPUTS));
    const markdown = runRestorePlan(["staging", "--outputs", "outputs.json"], { cwd: dir });
    expect(markdown).toContain("# Restore plan: staging");
    expect(markdown).toContain("--source-db-instance-identifier openedx-staging-mysql --target-db-instance-identifier openedx-staging-mysql-restored-$RESTORE_SUFFIX");
    expect(markdown).toContain("--backup-vault-name openedx-staging");
    expect(markdown).toContain("s3://openedx-staging-444455556666-eu-west-1-backups/dumps/staging/$DUMP/mysql.sql.gz");
  });

  it("reads terraform output of the data and backup stacks", () => {
    const read: string[] = [];
    const markdown = runRestorePlan(["staging"], {
      cwd: "/repo",
      read: (directory) => {
        read.push(directory);
        return directory.endsWith("-data") ? OUTPUTS.data : OUTPUTS.backup;
      },
    });
    expect(read).toEqual(["/repo/cdktf.out/stacks/staging-data", "/repo/cdktf.out/stacks/staging-backup"]);
    expect(markdown).toContain("--iam-role-arn arn:aws:iam::444455556666:role/openedx-staging-backup");
  });

  it("takes the synthesis's output directory for --stacks-dir too, as diagram does", () => {
    const cwd = mkdtempSync(join(tmpdir(), "restore-plan-"));
    mkdirSync(join(cwd, "cdktf.out", "stacks"), { recursive: true });
    writeFileSync(join(cwd, "cdktf.out", "manifest.json"), "{}");
    const read: string[] = [];
    runRestorePlan(["staging", "--stacks-dir", "cdktf.out"], {
      cwd,
      read: (directory) => {
        read.push(directory);
        return directory.endsWith("-data") ? OUTPUTS.data : OUTPUTS.backup;
      },
    });
    expect(read).toEqual([join(cwd, "cdktf.out", "stacks", "staging-data"), join(cwd, "cdktf.out", "stacks", "staging-backup")]);
  });

  it("rejects bad usage", () => {
    expect(() => runRestorePlan([])).toThrow(/^expected exactly one environment name, got 0\nusage: pnpm restore-plan/);
    expect(() => runRestorePlan(["staging", "--force"])).toThrow(new CommandLineError(`unknown option --force; allowed: --outputs, --stacks-dir\n${USAGE}`));
    expect(() => runRestorePlan(["staging", "--outputs"])).toThrow(new CommandLineError(`option --outputs needs a value\n${USAGE}`));
    expect(() => runRestorePlan(["staging", "--outputs", "--stacks-dir", "cdktf.out/stacks"])).toThrow(new CommandLineError(`option --outputs needs a value, not the option --stacks-dir\n${USAGE}`));
    expect(() => runRestorePlan(["staging", "--stacks-dir", "a", "--stacks-dir", "b"])).toThrow(new CommandLineError(`option --stacks-dir given twice; give it once\n${USAGE}`));
    expect(() => runRestorePlan(["qa"])).toThrow('unknown environment "qa"; known: production, staging');
  });
});

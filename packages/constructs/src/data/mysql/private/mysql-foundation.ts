import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { ExclusiveRole } from "../../../iam/private/exclusive-role";
import { IAM_ROLE_NAME_MAX_LENGTH, physicalName } from "../../../iam/private/physical-name";
import { serviceTrustPolicy } from "../../../iam/policy-document";
import { ServiceSecurityGroup } from "../../../network/service-security-group";
import { EncryptedLogGroup } from "../../../observability/encrypted-log-group";
import { AwsStack } from "../../../stack/aws-stack";
import { MYSQL_PORT, MysqlDatabaseProps, mysqlLogExports, MysqlLogType } from "../mysql-database";
import { MysqlSettings } from "./mysql-settings";

/** The AWS-managed policy that lets RDS publish enhanced-monitoring metrics to CloudWatch Logs. */
export const ENHANCED_MONITORING_POLICY_ARN = "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole";

/** What both engines put around the database before creating it. */
export interface MysqlFoundation {
  readonly securityGroup: ServiceSecurityGroup;
  readonly subnetGroup: DbSubnetGroup;
  /** Absent when enhanced monitoring is off. */
  readonly monitoringRole?: ExclusiveRole;
  readonly logExports: MysqlLogType[];
  readonly logGroups: EncryptedLogGroup[];
  /** What the database depends on: its log groups and the monitoring role's policy. */
  readonly dependencies: ITerraformDependable[];
}

/**
 * Creates the security group (`SecurityGroup`), the subnet group (`SubnetGroup`), the monitoring
 * role (`MonitoringRole`) and one log group per exported log (`LogGroup-<type>`) in `scope`.
 *
 * @param logGroupPrefix `/aws/rds/instance/<id>` or `/aws/rds/cluster/<id>`, where RDS writes
 */
export function mysqlFoundation(scope: Construct, props: MysqlDatabaseProps, settings: MysqlSettings, logGroupPrefix: string): MysqlFoundation {
  const stack = AwsStack.of(scope);
  const securityGroup = new ServiceSecurityGroup(scope, "SecurityGroup", {
    name: settings.name,
    description: `MySQL ${settings.name}`,
    vpcId: props.network.vpcId,
    port: MYSQL_PORT,
    clientSecurityGroupIds: props.clientSecurityGroupIds,
  });
  const subnetGroup = new DbSubnetGroup(scope, "SubnetGroup", {
    name: settings.name,
    description: `Isolated subnets of MySQL ${settings.name}`,
    subnetIds: props.network.isolatedSubnetIds,
  });

  const monitoringRole =
    settings.monitoringIntervalSeconds > 0
      ? new ExclusiveRole(scope, "MonitoringRole", {
          roleName: physicalName([settings.name, "rds-monitoring"], IAM_ROLE_NAME_MAX_LENGTH),
          description: `RDS enhanced monitoring of ${settings.name}`,
          // Only RDS acting for this account may assume the role (confused-deputy guard).
          assumeRolePolicy: serviceTrustPolicy("monitoring.rds.amazonaws.com", ["sts:AssumeRole"], {
            StringEquals: { "aws:SourceAccount": stack.accountId },
          }),
          managedPolicyArns: [ENHANCED_MONITORING_POLICY_ARN],
          inlinePolicies: {},
        })
      : undefined;

  const logExports = mysqlLogExports(settings.generalLog);
  const logGroups = logExports.map(
    (type) =>
      new EncryptedLogGroup(scope, `LogGroup-${type}`, {
        name: `${logGroupPrefix}/${type}`,
        key: props.logsKey,
        retentionDays: settings.logRetentionDays,
      }),
  );
  return {
    securityGroup,
    subnetGroup,
    monitoringRole,
    logExports,
    logGroups,
    dependencies: [...logGroups.map((group) => group.resource), ...(monitoringRole?.policies ?? [])],
  };
}

/** The `lifecycle` block of a stateful resource. */
export function statefulLifecycle(settings: MysqlSettings): { preventDestroy: true } | undefined {
  return settings.preventDestroy ? { preventDestroy: true } : undefined;
}

/** Final-snapshot settings: a snapshot named `<name>-final` unless turned off. */
export function finalSnapshotSettings(settings: MysqlSettings): { skipFinalSnapshot: boolean; finalSnapshotIdentifier?: string } {
  return settings.finalSnapshot ? { skipFinalSnapshot: false, finalSnapshotIdentifier: `${settings.name}-final` } : { skipFinalSnapshot: true };
}

/** `aws_db_parameter_group` / `aws_rds_cluster_parameter_group` parameter blocks, sorted by name for stable plans. */
export function parameterBlocks(values: Readonly<Record<string, string>>): { name: string; value: string }[] {
  return Object.keys(values)
    .sort()
    .map((name) => ({ name, value: values[name] }));
}

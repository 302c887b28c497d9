import { Construct } from "constructs";
import { PolicyStatement } from "../iam/policy-document";
import { GitHubActionsRole } from "./github-actions-role";
import { GITHUB_PLAN_ROLE_NAME, GitHubCiEnvironment } from "./github-ci-environment";
import { GitHubOidcProvider } from "./github-oidc-provider";
import { GitHubRepository, pullRequestSubject } from "./github-repository";
import { environmentSecretArnPatterns, secretReadStatements, stateBucketArn, stateLockStatements, stateReadStatements } from "./terraform-state-statements";

/** The AWS-managed policy that reads every service's configuration and writes nothing. */
export const READ_ONLY_ACCESS_POLICY_ARN = "arn:aws:iam::aws:policy/ReadOnlyAccess";

/** Props of a {@link GitHubPlanRole}. */
export interface GitHubPlanRoleProps {
  /** The account's GitHub OIDC provider. */
  readonly provider: GitHubOidcProvider;
  /** The repository whose pull requests may plan. */
  readonly repository: GitHubRepository;
  /** The environments of this account that pull requests plan (`cdktf diff`). */
  readonly environments: readonly GitHubCiEnvironment[];
  /**
   * Longest session, in seconds.
   * @default 3600
   */
  readonly maxSessionDurationSeconds?: number;
}

/**
 * The role pull requests use for `cdktf diff` (`terraform plan`): it can read, not change.
 *
 * - Trust: only `repo:<owner>/<repo>:pull_request` (GitHub gives no OIDC token to pull requests
 *   from forks).
 * - `ReadOnlyAccess` for the refresh of every resource, plus exactly what the S3 backend needs:
 *   read the environments' state objects, create and delete only the `*.tflock` lock objects,
 *   decrypt with the state key and encrypt the lock objects with it.
 * - `secretsmanager:GetSecretValue` on the environments' own `openedx-<environment>…` secrets:
 *   refreshing an `aws_secretsmanager_secret_version` reads its value, so a plan cannot do without
 *   it. Anyone who can push a branch of the repository can therefore read those secrets through
 *   a pull request's workflow; protect the repository's write access accordingly.
 * - An explicit deny on writing or deleting any state object, whatever else gets attached.
 *
 * @resource aws_iam_role
 */
export class GitHubPlanRole extends Construct {
  /** The role ARN, which `configure-aws-credentials` is given as `role-to-assume`. @attribute */
  readonly roleArn: string;
  /** The role name; attach nothing to it elsewhere: its policies are exclusive. @attribute */
  readonly roleName: string;

  constructor(scope: Construct, id: string, props: GitHubPlanRoleProps) {
    super(scope, id);
    const inlinePolicies: Record<string, PolicyStatement[]> = {};
    for (const environment of props.environments) {
      inlinePolicies[`terraform-plan-${environment.name}`] = [
        ...stateReadStatements(environment),
        ...stateLockStatements(environment),
        ...secretReadStatements(environment, environmentSecretArnPatterns(environment)),
      ];
    }
    inlinePolicies["never-write-state"] = [
      {
        Sid: "NeverWriteState",
        Effect: "Deny",
        Action: ["s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutObjectAcl", "s3:RestoreObject"],
        Resource: [...new Set(props.environments.map((environment) => `${stateBucketArn(environment)}/*.tfstate`))],
      },
    ];
    const role = new GitHubActionsRole(this, "Resource", {
      provider: props.provider,
      roleName: GITHUB_PLAN_ROLE_NAME,
      description: `terraform plan of ${props.environments.map((environment) => environment.name).join(", ")} from pull requests of ${props.repository.owner}/${props.repository.repository} (read only)`,
      subjects: [pullRequestSubject(props.repository)],
      managedPolicyArns: [READ_ONLY_ACCESS_POLICY_ARN],
      inlinePolicies,
      maxSessionDurationSeconds: props.maxSessionDurationSeconds,
    });
    this.roleArn = role.roleArn;
    this.roleName = role.roleName;
  }
}

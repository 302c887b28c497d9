import { Construct } from "constructs";
import { GitHubActionsRole } from "./github-actions-role";
import { githubDeployRoleName, GitHubCiEnvironment } from "./github-ci-environment";
import { GITHUB_OIDC_HOST, GitHubOidcProvider } from "./github-oidc-provider";
import { environmentSubject, GitHubRepository } from "./github-repository";
import { stateBucketArn, stateKeyStatement } from "./terraform-state-statements";

/** The AWS-managed policy with every service except IAM, Organizations and Account management. */
export const POWER_USER_ACCESS_POLICY_ARN = "arn:aws:iam::aws:policy/PowerUserAccess";

/** Props of a {@link GitHubDeployRole}. */
export interface GitHubDeployRoleProps {
  /** The account's GitHub OIDC provider. */
  readonly provider: GitHubOidcProvider;
  /** The repository whose GitHub environment deploys. */
  readonly repository: GitHubRepository;
  /** The environment this role deploys. */
  readonly environment: GitHubCiEnvironment;
  /**
   * Other environments whose state lives in the same bucket: the role is denied writing theirs.
   * @default - none
   */
  readonly otherEnvironments?: readonly GitHubCiEnvironment[];
  /**
   * Longest session, in seconds; a first deployment of a cluster and databases takes about an hour.
   * @default 7200
   */
  readonly maxSessionDurationSeconds?: number;
}

/**
 * The role `cdktf deploy` of one environment uses, obtainable only by a job that names the GitHub
 * environment of the same name (`repo:<owner>/<repo>:environment:<name>`), so the environment's
 * protection rules (required reviewers, deployment branches) gate it.
 *
 * Its scope is wide, because the stacks create nearly every kind of resource, and it is stated
 * as such rather than pretended narrow:
 *
 * - `PowerUserAccess`: every service except IAM, Organizations and Account management;
 * - `iam:*` only on the environment's own names: roles `openedx-<env>-*`, instance profiles and
 *   policies `openedx-<env>-*`, users `/openedx/openedx-<env>-*` (the SES SMTP user), which
 *   includes `iam:PassRole` of those roles; plus IAM reads.
 *
 * A role that can create roles and attach policies can grant itself more, so this is close to
 * administrator of the account: the environment's reviewers are the control. Explicit denies keep
 * it from changing the CI roles and the OIDC provider, weakening or deleting the state bucket and
 * key, deleting old state versions, and writing other environments' state.
 *
 * @resource aws_iam_role
 */
export class GitHubDeployRole extends Construct {
  /** The role ARN, which `configure-aws-credentials` is given as `role-to-assume`. @attribute */
  readonly roleArn: string;
  /** The role name; attach nothing to it elsewhere: its policies are exclusive. @attribute */
  readonly roleName: string;

  constructor(scope: Construct, id: string, props: GitHubDeployRoleProps) {
    super(scope, id);
    const { environment } = props;
    const iam = (resource: string) => `arn:aws:iam::${environment.accountId}:${resource}`;
    const prefix = `openedx-${environment.name}-`;
    const bucket = stateBucketArn(environment);
    const others = (props.otherEnvironments ?? []).filter((other) => stateBucketArn(other) === bucket && other.name !== environment.name);
    const role = new GitHubActionsRole(this, "Resource", {
      provider: props.provider,
      roleName: githubDeployRoleName(environment.name),
      description: `cdktf deploy of ${environment.name} from the GitHub environment ${environment.name} of ${props.repository.owner}/${props.repository.repository}`,
      subjects: [environmentSubject(props.repository, environment.name)],
      managedPolicyArns: [POWER_USER_ACCESS_POLICY_ARN],
      inlinePolicies: {
        "environment-iam": [
          {
            Sid: "ManageEnvironmentIdentities",
            Effect: "Allow",
            Action: "iam:*",
            Resource: [iam(`role/${prefix}*`), iam(`instance-profile/${prefix}*`), iam(`policy/${prefix}*`), iam(`user/openedx/${prefix}*`)],
          },
          { Sid: "ReadIdentities", Effect: "Allow", Action: ["iam:Get*", "iam:List*"], Resource: "*" },
        ],
        guardrails: [
          {
            Sid: "ProtectCiAccess",
            Effect: "Deny",
            Action: "iam:*",
            Resource: [iam("role/openedx-github-*"), iam(`oidc-provider/${GITHUB_OIDC_HOST}`)],
          },
          {
            Sid: "ProtectStateBucket",
            Effect: "Deny",
            Action: [
              "s3:DeleteBucket",
              "s3:DeleteBucketPolicy",
              "s3:PutBucketPolicy",
              "s3:PutBucketVersioning",
              "s3:PutLifecycleConfiguration",
              "s3:PutEncryptionConfiguration",
              "s3:PutBucketPublicAccessBlock",
              "s3:PutBucketOwnershipControls",
              "s3:DeleteObjectVersion",
            ],
            Resource: [bucket, `${bucket}/*`],
          },
          stateKeyStatement("ProtectStateKey", environment, ["kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:DisableKeyRotation", "kms:PutKeyPolicy"], "Deny"),
          ...(others.length > 0
            ? [
                {
                  Sid: "ProtectOtherEnvironmentsState",
                  Effect: "Deny" as const,
                  Action: ["s3:PutObject", "s3:DeleteObject"],
                  Resource: others.map((other) => `${bucket}/${other.name}/*`),
                },
              ]
            : []),
        ],
      },
      maxSessionDurationSeconds: props.maxSessionDurationSeconds ?? 7200,
    });
    this.roleArn = role.roleArn;
    this.roleName = role.roleName;
  }
}

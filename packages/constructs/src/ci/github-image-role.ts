import { Construct } from "constructs";
import { ECR_PUSH_ACTIONS } from "../registry/image-repository";
import { GitHubActionsRole } from "./github-actions-role";
import { githubImageRoleName, GitHubCiEnvironment, openedxClusterName, openedxImageRepositoryName } from "./github-ci-environment";
import { GitHubOidcProvider } from "./github-oidc-provider";
import { environmentSubject, GitHubRepository } from "./github-repository";
import { environmentSecretArnPatterns, secretReadStatements, stateReadStatements } from "./terraform-state-statements";

/** Props of a {@link GitHubImageRole}. */
export interface GitHubImageRoleProps {
  /** The account's GitHub OIDC provider. */
  readonly provider: GitHubOidcProvider;
  /** The repository whose GitHub environment builds and rolls out. */
  readonly repository: GitHubRepository;
  /** The environment whose image this role pushes and rolls out. */
  readonly environment: GitHubCiEnvironment;
  /**
   * Longest session, in seconds; an image build and `tutor k8s launch` take well under two hours.
   * @default 7200
   */
  readonly maxSessionDurationSeconds?: number;
}

/**
 * The role of the image workflow of one environment, obtainable only by a job that names the
 * GitHub environment (`repo:<owner>/<repo>:environment:<name>`). It can:
 *
 * - log in to ECR and push to (and look up tags in) the environment's repository
 *   `openedx/<env>/openedx` only;
 * - read the edge and data stacks' state (nothing else, no lock) for `pnpm tutor-env`'s
 *   `terraform output`, and the secret values `tutor-env` writes into Tutor's `config.yml`: the
 *   environment's `openedx-<env>…` secrets and the RDS- and DocumentDB-managed master secrets,
 *   whose generated names (`rds!…`) can only be matched by that prefix, i.e. every managed
 *   database secret of the account and region;
 * - `eks:DescribeCluster` of `openedx-<env>`, for `aws eks update-kubeconfig`. What `tutor k8s`
 *   may do inside the cluster is decided by an EKS access entry, which this role does not get by
 *   itself: list its ARN in the environment's `clusterAdminRoleArns`.
 *
 * @resource aws_iam_role
 */
export class GitHubImageRole extends Construct {
  /** The role ARN, which `configure-aws-credentials` is given as `role-to-assume`. @attribute */
  readonly roleArn: string;
  /** The role name; attach nothing to it elsewhere: its policies are exclusive. @attribute */
  readonly roleName: string;

  constructor(scope: Construct, id: string, props: GitHubImageRoleProps) {
    super(scope, id);
    const { environment } = props;
    const regional = (service: string, resource: string) => `arn:aws:${service}:${environment.region}:${environment.accountId}:${resource}`;
    const role = new GitHubActionsRole(this, "Resource", {
      provider: props.provider,
      roleName: githubImageRoleName(environment.name),
      description: `Open edX image build, push and tutor k8s rollout of ${environment.name} from the GitHub environment ${environment.name} of ${props.repository.owner}/${props.repository.repository}`,
      subjects: [environmentSubject(props.repository, environment.name)],
      inlinePolicies: {
        "push-image": [
          // GetAuthorizationToken has no resource-level permissions.
          { Sid: "RegistryLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
          {
            Sid: "PushEnvironmentImage",
            Effect: "Allow",
            Action: [...ECR_PUSH_ACTIONS, "ecr:DescribeImages"],
            Resource: regional("ecr", `repository/${openedxImageRepositoryName(environment.name)}`),
          },
        ],
        "tutor-hand-off": [
          ...stateReadStatements(environment, ["edge", "data"]),
          ...secretReadStatements(environment, [...environmentSecretArnPatterns(environment), regional("secretsmanager", "secret:rds!*")]),
          { Sid: "FindCluster", Effect: "Allow", Action: "eks:DescribeCluster", Resource: regional("eks", `cluster/${openedxClusterName(environment.name)}`) },
        ],
      },
      maxSessionDurationSeconds: props.maxSessionDurationSeconds ?? 7200,
    });
    this.roleArn = role.roleArn;
    this.roleName = role.roleName;
  }
}

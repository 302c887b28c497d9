import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { ValidationError } from "../config/validation-error";
import { AwsStack } from "../stack/aws-stack";
import { GitHubCiEnvironment } from "./github-ci-environment";
import { GitHubDeployRole } from "./github-deploy-role";
import { GitHubImageRole } from "./github-image-role";
import { GitHubOidcProvider } from "./github-oidc-provider";
import { GitHubPlanRole } from "./github-plan-role";
import { GitHubRepository, GitHubRepositoryError } from "./github-repository";

/** Props of a {@link GitHubCiAccess}. */
export interface GitHubCiAccessProps {
  /** The repository whose workflows get the roles. */
  readonly repository: GitHubRepository;
  /** The environments of this stack's account that GitHub Actions deploys; at least one. */
  readonly environments: readonly GitHubCiEnvironment[];
}

/** The roles of one environment. */
export interface GitHubEnvironmentRoles {
  /** `cdktf deploy` of the environment. */
  readonly deploy: GitHubDeployRole;
  /** The image build, push and `tutor k8s` rollout. */
  readonly image: GitHubImageRole;
}

/**
 * Everything GitHub Actions needs in one AWS account: the OIDC provider, the plan role of the
 * account's environments, and a deploy and an image role per environment. Their ARNs are stack
 * outputs with stable names: `github_oidc_provider_arn`, `github_plan_role_arn`,
 * `github_deploy_role_arn_<environment>` and `github_image_role_arn_<environment>`.
 * IAM is global to the account, so add it to one stack per account.
 */
export class GitHubCiAccess extends Construct {
  /** The account's GitHub OIDC provider. */
  readonly provider: GitHubOidcProvider;
  /** The pull requests' read-only role. */
  readonly planRole: GitHubPlanRole;
  /** The deploy and image roles by environment name. */
  readonly environmentRoles: ReadonlyMap<string, GitHubEnvironmentRoles>;

  constructor(scope: Construct, id: string, props: GitHubCiAccessProps) {
    super(scope, id);
    const stack = AwsStack.of(this);
    if (props.environments.length === 0) throw new ValidationError("environments must list at least one environment of this account, got none", this);
    for (const environment of props.environments) {
      if (environment.accountId !== stack.accountId) {
        throw new ValidationError(`environment "${environment.name}" is in account ${environment.accountId}; this stack is in account ${stack.accountId}, and IAM roles belong to one account`, this);
      }
    }
    this.provider = new GitHubOidcProvider(this, "oidc-provider");
    this.planRole = new GitHubPlanRole(this, "plan", { provider: this.provider, repository: props.repository, environments: props.environments });
    const roles = new Map<string, GitHubEnvironmentRoles>();
    for (const environment of props.environments) {
      const common = { provider: this.provider, repository: props.repository, environment };
      roles.set(environment.name, {
        deploy: new GitHubDeployRole(this, `deploy-${environment.name}`, { ...common, otherEnvironments: props.environments }),
        image: new GitHubImageRole(this, `image-${environment.name}`, common),
      });
    }
    this.environmentRoles = roles;

    const output = (name: string, value: string, description: string) => new TerraformOutput(this, name, { value, description, staticId: true });
    output("github_oidc_provider_arn", this.provider.providerArn, "the GitHub Actions OIDC provider of the account");
    output("github_plan_role_arn", this.planRole.roleArn, "role of cdktf diff in pull requests (read only)");
    for (const [name, environment] of roles) {
      output(`github_deploy_role_arn_${name}`, environment.deploy.roleArn, `role of cdktf deploy of ${name}`);
      output(`github_image_role_arn_${name}`, environment.image.roleArn, `role of the image build and tutor k8s rollout of ${name}`);
    }
  }
}

/**
 * Adds a {@link GitHubCiAccess} for every account of the repository's environments, to the first
 * given stack of that account (IAM is global, so a second region's stack must not repeat it).
 * An environment the repository names but the app does not define is refused, with the names
 * that are defined.
 */
export function addGitHubCiAccess(stacks: readonly AwsStack[], environments: readonly GitHubCiEnvironment[], repository: GitHubRepository): GitHubCiAccess[] {
  const byName = new Map(environments.map((environment) => [environment.name, environment]));
  const unknown = repository.environments.flatMap((name, index) =>
    byName.has(name)
      ? []
      : [{ field: `environments[${index}]`, message: `must be an environment of the app (${[...byName.keys()].join(", ")})`, value: name }],
  );
  if (unknown.length > 0) throw new GitHubRepositoryError(unknown);
  const byAccount = new Map<string, GitHubCiEnvironment[]>();
  for (const name of repository.environments) {
    const environment = byName.get(name) as GitHubCiEnvironment;
    byAccount.set(environment.accountId, [...(byAccount.get(environment.accountId) ?? []), environment]);
  }
  return [...byAccount.entries()].map(([accountId, accountEnvironments]) => {
    const stack = stacks.find((candidate) => candidate.accountId === accountId);
    if (!stack) {
      const accounts = [...new Set(stacks.map((candidate) => candidate.accountId))].join(", ") || "none";
      throw new Error(`no stack in account ${accountId} to hold the GitHub CI roles of ${accountEnvironments.map((environment) => environment.name).join(", ")}; the stacks are in: ${accounts}`);
    }
    return new GitHubCiAccess(stack, "github-ci", { repository, environments: accountEnvironments });
  });
}

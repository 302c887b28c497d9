/**
 * Where an environment lives, which is all the CI roles need of its configuration
 * ({@link EnvironmentConfig} satisfies it).
 */
export interface GitHubCiEnvironment {
  /** The environment name, e.g. `staging`: the GitHub environment of the same name deploys it. */
  readonly name: string;
  /** The account the environment deploys to. */
  readonly accountId: string;
  /** The environment's region, which is also the region of its state bucket. */
  readonly region: string;
}

/** The plan role of an account: `openedx-github-plan`, one per account, used by every pull request. */
export const GITHUB_PLAN_ROLE_NAME = "openedx-github-plan";

/** The deploy role of an environment: `openedx-github-deploy-<environment>`. */
export function githubDeployRoleName(environment: string): string {
  return `openedx-github-deploy-${environment}`;
}

/** The image role of an environment: `openedx-github-image-<environment>`. */
export function githubImageRoleName(environment: string): string {
  return `openedx-github-image-${environment}`;
}

/** `arn:aws:iam::<account>:role/<name>`, the value `configure-aws-credentials` is given. */
export function githubRoleArn(accountId: string, roleName: string): string {
  return `arn:aws:iam::${accountId}:role/${roleName}`;
}

/**
 * The ECR repository the edge stack creates for an environment's Open edX image,
 * `openedx/<environment>/openedx`.
 */
export function openedxImageRepositoryName(environment: string): string {
  return `openedx/${environment}/openedx`;
}

/** The EKS cluster of an environment, `openedx-<environment>`. */
export function openedxClusterName(environment: string): string {
  return `openedx-${environment}`;
}

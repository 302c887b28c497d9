/** What the bootstrap app is told about the GitHub repository whose workflows deploy. */
export interface GitHubRepositoryInput {
  /**
   * The user or organization that owns the repository, spelled exactly as GitHub shows it: the
   * token's `sub` claim carries that spelling and IAM compares it case-sensitively.
   */
  readonly owner: string;
  /** The repository name, spelled exactly as GitHub shows it. */
  readonly repository: string;
  /**
   * The branch whose pushes deploy (the deploy workflow's trigger); restrict the GitHub
   * environments' deployment branches to it.
   * @default "main"
   */
  readonly mainBranch?: string;
  /**
   * The environments GitHub Actions deploys, each a GitHub environment of the same name that
   * gets its own deploy and image roles; at least one, no duplicates.
   */
  readonly environments: readonly string[];
}

/** A validated {@link GitHubRepositoryInput} with its defaults applied. */
export interface GitHubRepository {
  /** The owner, as given. */
  readonly owner: string;
  /** The repository name, as given. */
  readonly repository: string;
  /** The branch whose pushes deploy. */
  readonly mainBranch: string;
  /** The environments GitHub Actions deploys, in the order given. */
  readonly environments: readonly string[];
}

/** One rejected field of a {@link GitHubRepositoryInput}. */
export interface GitHubRepositoryProblem {
  /** The field, e.g. `environments[1]`. */
  readonly field: string;
  /** What is allowed, phrased to follow the field name. */
  readonly message: string;
  /** The rejected value as given. */
  readonly value: unknown;
}

/** Thrown by {@link defineGitHubRepository} with every problem of the input at once. */
export class GitHubRepositoryError extends Error {
  constructor(
    /** Every rejected value, in field order. */
    readonly problems: readonly GitHubRepositoryProblem[],
  ) {
    super(
      ["invalid GitHub repository configuration:"]
        .concat(problems.map((p) => `  - ${p.field}: ${p.message} (got ${p.value === undefined ? "nothing" : JSON.stringify(p.value)})`))
        .join("\n"),
    );
    this.name = "GitHubRepositoryError";
  }
}

// GitHub's own rules: owners are 1-39 letters, digits and single inner hyphens; repositories are
// letters, digits, `.`, `_` and `-`, except `.` and `..`.
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const REPOSITORY = /^[A-Za-z0-9._-]{1,100}$/;
// A branch name the trust policies can match literally: no wildcard, space or ref syntax.
const BRANCH = /^[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/;
// The environment names of the apps (`name` of the environment configuration).
const ENVIRONMENT = /^[a-z][a-z0-9]{1,19}$/;

/**
 * Validates the repository configuration before any construct exists: a wrong owner or name would
 * give trust policies that no workflow can satisfy (or, with a wildcard, that too many can).
 */
export function defineGitHubRepository(input: GitHubRepositoryInput): GitHubRepository {
  const problems: GitHubRepositoryProblem[] = [];
  const mainBranch = input.mainBranch ?? "main";
  if (typeof input.owner !== "string" || !OWNER.test(input.owner)) {
    problems.push({ field: "owner", message: "must be a GitHub user or organization: 1-39 letters, digits or single inner hyphens, e.g. \"example-org\"", value: input.owner });
  }
  if (typeof input.repository !== "string" || !REPOSITORY.test(input.repository) || input.repository === "." || input.repository === "..") {
    problems.push({ field: "repository", message: "must be a GitHub repository name: 1-100 letters, digits, \".\", \"_\" or \"-\", e.g. \"openedx-infra\"", value: input.repository });
  }
  if (typeof mainBranch !== "string" || !BRANCH.test(mainBranch) || mainBranch.includes("..") || mainBranch.endsWith(".lock")) {
    problems.push({ field: "mainBranch", message: "must be a literal branch name (letters, digits, \".\", \"_\", \"-\" and \"/\" between parts; no wildcard), e.g. \"main\"", value: mainBranch });
  }
  const environments = Array.isArray(input.environments) ? input.environments : [];
  if (environments.length === 0) {
    problems.push({ field: "environments", message: "must name at least one environment, e.g. [\"staging\", \"production\"]", value: input.environments });
  }
  environments.forEach((environment, index) => {
    if (typeof environment !== "string" || !ENVIRONMENT.test(environment)) {
      problems.push({ field: `environments[${index}]`, message: "must be an environment name: 2-20 lowercase letters and digits, starting with a letter", value: environment });
    } else if (environments.indexOf(environment) !== index) {
      problems.push({ field: `environments[${index}]`, message: "must not repeat an environment listed before", value: environment });
    }
  });
  if (problems.length > 0) throw new GitHubRepositoryError(problems);
  return { owner: input.owner, repository: input.repository, mainBranch, environments: [...environments] };
}

/** The `sub` claim of a workflow run for a pull request: `repo:<owner>/<repo>:pull_request`. */
export function pullRequestSubject(repository: GitHubRepository): string {
  return `repo:${repository.owner}/${repository.repository}:pull_request`;
}

/**
 * The `sub` claim of a job that names a GitHub environment: `repo:<owner>/<repo>:environment:<name>`.
 * GitHub puts the environment in place of the branch, so the environment's protection rules
 * (required reviewers, deployment branches) decide who can obtain it.
 */
export function environmentSubject(repository: GitHubRepository, environment: string): string {
  return `repo:${repository.owner}/${repository.repository}:environment:${environment}`;
}

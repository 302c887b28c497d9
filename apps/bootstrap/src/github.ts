import { GitHubRepositoryInput } from "@openedx-infra/constructs";

/**
 * The GitHub repository whose workflows (`.github/workflows/`) deploy the environments. The owner
 * and name are documentation placeholders like the accounts in the environment configs (`apps/<env>/src/config.ts`): put the
 * repository's exact spelling here before deploying the bootstrap app, since the roles' trust
 * policies compare it literally. Each environment listed gets a deploy and an image role and must
 * exist as a GitHub environment of the same name.
 */
export const githubRepository: GitHubRepositoryInput = {
  owner: "example-org",
  repository: "openedx-infra",
  mainBranch: "main",
  environments: ["staging", "production"],
};

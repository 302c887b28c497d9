// The root app: every environment and the state bootstrap stacks at once, for review and validation.
import { buildEnvironmentApp, defineGitHubRepository, runApp } from "@openedx-infra/constructs";
import { githubRepository } from "./bootstrap/src/github";
import { ENVIRONMENT_INPUTS } from "./environments";

// The bootstrap stacks are the ones apps/bootstrap deploys: state bucket and key, and the CI roles.
runApp(() =>
  buildEnvironmentApp(ENVIRONMENT_INPUTS, { stateBootstrap: true, gitHubCi: defineGitHubRepository(githubRepository) }),
);

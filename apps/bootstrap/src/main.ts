import { addGitHubCiAccess, addStateBootstrapStacks, defineGitHubRepository, OpenedxApp, runApp } from "@openedx-infra/constructs";
import { knownEnvironments } from "../../environments";
import { githubRepository } from "./github";

// One state bucket and key per account and region the environments deploy to, and in each account
// the GitHub OIDC provider and the CI roles (plan, deploy and image) of its environments.
runApp(() => {
  const environments = [...knownEnvironments().values()];
  const repository = defineGitHubRepository(githubRepository);
  const app = new OpenedxApp({ environments });
  const stacks = addStateBootstrapStacks(app, environments);
  addGitHubCiAccess(stacks, environments, repository);
  return app;
});

import { addGitHubCiAccess, addStateBootstrapStacks, defineEnvironment, defineGitHubRepository, OpenedxApp, runApp } from "@openedx-infra/constructs";
import { productionConfig } from "../../production/src/config";
import { stagingConfig } from "../../staging/src/config";
import { githubRepository } from "./github";

// One state bucket and key per account and region the environments deploy to, and in each account
// the GitHub OIDC provider and the CI roles (plan, deploy and image) of its environments.
runApp(() => {
  const environments = [productionConfig, stagingConfig].map(defineEnvironment);
  const repository = defineGitHubRepository(githubRepository);
  const app = new OpenedxApp({ environments });
  const stacks = addStateBootstrapStacks(app, environments);
  addGitHubCiAccess(stacks, environments, repository);
  return app;
});

// pnpm --filter @openedx-infra/app-bootstrap ci-target <environment>
// Prints what a workflow needs to act on one environment, as GITHUB_OUTPUT lines, from the same
// configuration and naming the bootstrap app uses, so the workflows never repeat an account id.
import { appendFileSync } from "node:fs";
import {
  defineGitHubRepository,
  EnvironmentConfig,
  GITHUB_PLAN_ROLE_NAME,
  githubDeployRoleName,
  githubImageRoleName,
  githubRoleArn,
  openedxClusterName,
  openedxImageRepositoryName,
} from "@openedx-infra/constructs";
import { knownEnvironments } from "../../environments";
import { githubRepository } from "./github";

/** The values a workflow job reads from `steps.target.outputs`. */
export function ciTarget(name: string, environments: readonly EnvironmentConfig[] = [...knownEnvironments().values()]): Record<string, string> {
  const repository = defineGitHubRepository(githubRepository);
  if (!repository.environments.includes(name)) {
    throw new Error(`unknown environment "${name}"; GitHub Actions deploys: ${repository.environments.join(", ")} (apps/bootstrap/src/github.ts)`);
  }
  const environment = environments.find((candidate) => candidate.name === name);
  if (!environment) throw new Error(`environment "${name}" has no configuration in apps/*/src/config.ts`);
  const registry = `${environment.accountId}.dkr.ecr.${environment.region}.amazonaws.com`;
  return {
    "account-id": environment.accountId,
    region: environment.region,
    "plan-role-arn": githubRoleArn(environment.accountId, GITHUB_PLAN_ROLE_NAME),
    "deploy-role-arn": githubRoleArn(environment.accountId, githubDeployRoleName(name)),
    "image-role-arn": githubRoleArn(environment.accountId, githubImageRoleName(name)),
    "ecr-registry": registry,
    "image-repository-name": openedxImageRepositoryName(name),
    "image-repository": `${registry}/${openedxImageRepositoryName(name)}`,
    "cluster-name": openedxClusterName(name),
    // The AWS-only stacks, in deployment order; the platform stack needs the cluster's API.
    stacks: ["keys", "network", "cluster", "edge", "data", "backup", "identity"].map((component) => `${name}-${component}`).join(" "),
  };
}

if (require.main === module) {
  try {
    const lines = Object.entries(ciTarget(process.argv[2] ?? "")).map(([key, value]) => `${key}=${value}`);
    if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `${lines.join("\n")}\n`);
    else console.log(lines.join("\n"));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}

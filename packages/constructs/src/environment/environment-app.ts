import { addGitHubCiAccess } from "../ci/github-ci-access";
import { GitHubRepository } from "../ci/github-repository";
import { defineEnvironment, EnvironmentConfig, EnvironmentConfigInput } from "../config/environment-config";
import { ConfigurationError } from "../config/configuration-error";
import { StateBootstrapStack } from "../state/state-bootstrap-stack";
import { OpenedxApp } from "../stack/openedx-app";
import { addEnvironmentStacks } from "./openedx-environment";

/** Options of {@link buildEnvironmentApp}. */
export interface EnvironmentAppOptions {
  /**
   * Also add the state bootstrap stack of every account and region the environments use.
   * @default false
   */
  readonly stateBootstrap?: boolean;
  /**
   * Also add, to the state bootstrap stack of each account, the GitHub OIDC provider and the CI
   * roles of this repository's environments (see {@link addGitHubCiAccess}); needs `stateBootstrap`.
   * @default - no CI roles
   */
  readonly gitHubCi?: GitHubRepository;
  /**
   * Output directory.
   * @default - `CDKTF_OUTDIR` or `cdktf.out`
   */
  readonly outdir?: string;
}

/**
 * Validates every environment configuration first (all problems of all environments are
 * reported together) and only then creates the app and its stacks, so a bad value writes nothing.
 */
export function buildEnvironmentApp(inputs: readonly EnvironmentConfigInput[], options: EnvironmentAppOptions = {}): OpenedxApp {
  const environments = validateAll(inputs);
  const app = new OpenedxApp({ environments, outdir: options.outdir });
  if (options.gitHubCi && !options.stateBootstrap) {
    throw new Error("gitHubCi needs stateBootstrap: true, since the CI roles live in the state bootstrap stacks");
  }
  if (options.stateBootstrap) {
    const bootstrapStacks = addStateBootstrapStacks(app, environments);
    if (options.gitHubCi) addGitHubCiAccess(bootstrapStacks, environments, options.gitHubCi);
  }
  for (const environment of environments) addEnvironmentStacks(app, environment);
  return app;
}

/**
 * Adds one {@link StateBootstrapStack} per distinct account and region of the environments, with
 * id `bootstrap-<accountId>-<region>`.
 */
export function addStateBootstrapStacks(app: OpenedxApp, environments: readonly EnvironmentConfig[]): StateBootstrapStack[] {
  const targets = new Map<string, EnvironmentConfig>();
  for (const environment of environments) targets.set(`${environment.accountId}-${environment.region}`, environment);
  return [...targets.entries()].map(
    ([target, environment]) => new StateBootstrapStack(app, `bootstrap-${target}`, { accountId: environment.accountId, region: environment.region }),
  );
}

function validateAll(inputs: readonly EnvironmentConfigInput[]): EnvironmentConfig[] {
  const environments: EnvironmentConfig[] = [];
  const errors: ConfigurationError[] = [];
  for (const input of inputs) {
    try {
      environments.push(defineEnvironment(input));
    } catch (error) {
      if (!(error instanceof ConfigurationError)) throw error;
      errors.push(error);
    }
  }
  const names = environments.map((environment) => environment.name);
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (errors.length > 0) throw new AggregateConfigurationError(errors);
  if (duplicate) throw new Error(`environment name "${duplicate}" is defined twice; each environment needs its own name`);
  return environments;
}

/** Every invalid environment of an app, reported in one message. */
export class AggregateConfigurationError extends Error {
  constructor(
    /** One error per invalid environment, each listing that environment's problems. */
    readonly errors: readonly ConfigurationError[],
  ) {
    super(errors.map((error) => error.message).join("\n"));
    this.name = "AggregateConfigurationError";
  }
}

// The environments of this repository: the one list the root app, the bootstrap app, the CI
// target lookup and the operator tools (tutor-env, restore-plan, diagram, cost) read.
import { defineEnvironment, EnvironmentConfig, EnvironmentConfigInput } from "@openedx-infra/constructs";
import { productionConfig } from "./production/src/config";
import { stagingConfig } from "./staging/src/config";

/** Every environment's configuration, as written in `apps/<name>/src/config.ts`. */
export const ENVIRONMENT_INPUTS: readonly EnvironmentConfigInput[] = [productionConfig, stagingConfig];

/** The environments by name, validated with their defaults applied. */
export function knownEnvironments(): ReadonlyMap<string, EnvironmentConfig> {
  return new Map(ENVIRONMENT_INPUTS.map((input) => [input.name, defineEnvironment(input)]));
}

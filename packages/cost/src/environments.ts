import { defineEnvironment, EnvironmentConfig } from "@openedx-infra/constructs";
import { productionConfig } from "../../../apps/production/src/config";
import { stagingConfig } from "../../../apps/staging/src/config";

/** The environments of this repository, by name, validated with their defaults applied. */
export function knownEnvironments(): ReadonlyMap<string, EnvironmentConfig> {
  return new Map([productionConfig, stagingConfig].map((input) => [input.name, defineEnvironment(input)]));
}

// The root app: every environment and the state bootstrap stacks at once, for review and validation.
import { buildEnvironmentApp, runApp } from "@openedx-infra/constructs";
import { productionConfig } from "./production/src/config";
import { stagingConfig } from "./staging/src/config";

runApp(() => buildEnvironmentApp([productionConfig, stagingConfig], { stateBootstrap: true }));

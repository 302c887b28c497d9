// The root app: every environment and the state bootstrap stacks at once, for review and validation.
import { buildEnvironmentApp, runApp } from "@openedx-infra/constructs";
import { production } from "./production/src/config";
import { staging } from "./staging/src/config";

runApp(() => buildEnvironmentApp([production, staging], { stateBootstrap: true }));

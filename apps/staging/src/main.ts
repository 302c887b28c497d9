import { buildEnvironmentApp, runApp } from "@openedx-infra/constructs";
import { stagingConfig } from "./config";

runApp(() => buildEnvironmentApp([stagingConfig]));

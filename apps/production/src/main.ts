import { buildEnvironmentApp, runApp } from "@openedx-infra/constructs";
import { productionConfig } from "./config";

runApp(() => buildEnvironmentApp([productionConfig]));

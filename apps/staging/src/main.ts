import { buildEnvironmentApp, runApp } from "@openedx-infra/constructs";
import { staging } from "./config";

runApp(() => buildEnvironmentApp([staging]));

import { buildEnvironmentApp, runApp } from "@openedx-infra/constructs";
import { production } from "./config";

runApp(() => buildEnvironmentApp([production]));

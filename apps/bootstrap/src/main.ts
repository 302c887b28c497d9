import { addStateBootstrapStacks, defineEnvironment, OpenedxApp, runApp } from "@openedx-infra/constructs";
import { production } from "../../production/src/config";
import { staging } from "../../staging/src/config";

// One state bucket and key per account and region the environments deploy to.
runApp(() => {
  const environments = [production, staging].map(defineEnvironment);
  const app = new OpenedxApp({ environments });
  addStateBootstrapStacks(app, environments);
  return app;
});

import { addStateBootstrapStacks, defineEnvironment, OpenedxApp, runApp } from "@openedx-infra/constructs";
import { productionConfig } from "../../production/src/config";
import { stagingConfig } from "../../staging/src/config";

// One state bucket and key per account and region the environments deploy to.
runApp(() => {
  const environments = [productionConfig, stagingConfig].map(defineEnvironment);
  const app = new OpenedxApp({ environments });
  addStateBootstrapStacks(app, environments);
  return app;
});

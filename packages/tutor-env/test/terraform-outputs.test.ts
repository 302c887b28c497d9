import { defineEnvironment } from "@openedx-infra/constructs";
import { describe, expect, it } from "vitest";
import { productionConfig } from "../../../apps/production/src/config";
import { stagingConfig } from "../../../apps/staging/src/config";
import { tutorInputs } from "../src/terraform-outputs";

const secrets = { mysqlPassword: "a", openedxMysqlPassword: "b", mongodbPassword: "c", redisPassword: "d", smtpUsername: "e", smtpPassword: "f" };

describe("tutorInputs", () => {
  it("spreads replicas over nodes and zones in production only, where one node's loss must not take every replica", () => {
    expect(tutorInputs(defineEnvironment(productionConfig), {}, "v1", secrets, "default").spreadReplicas).toBe(true);
    expect(tutorInputs(defineEnvironment(stagingConfig), {}, "v1", secrets, "default").spreadReplicas).toBe(false);
  });
});

import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { defineEnvironment } from "../../src/config/environment-config";
import { EnvironmentStack } from "../../src/stack/environment-stack";
import { OpenedxApp } from "../../src/stack/openedx-app";
import { productionInput, stagingInput } from "../fixtures";
import { SynthesizedStack } from "../synth";

function app(): OpenedxApp {
  return new OpenedxApp({ environments: [defineEnvironment(productionInput()), defineEnvironment(stagingInput())], outdir: Testing.app().outdir });
}

describe("EnvironmentStack", () => {
  const stack = new EnvironmentStack(app(), "production-network");
  const synth = new SynthesizedStack(stack);

  it("takes its environment and component from the stack id", () => {
    expect(stack.environment.name).toBe("production");
    expect(stack.component).toBe("network");
    expect(stack.isProduction).toBe(true);
  });

  it("keeps state in the bootstrap bucket under <environment>/<component>.tfstate, encrypted and S3-locked", () => {
    expect(synth.json.terraform?.backend).toEqual({
      s3: {
        bucket: "openedx-infra-state-111122223333-eu-west-1",
        key: "production/network.tfstate",
        region: "eu-west-1",
        encrypt: true,
        kms_key_id: "arn:aws:kms:eu-west-1:111122223333:alias/openedx-infra-state",
        use_lockfile: true,
      },
    });
  });

  it("pins the AWS provider to the environment's account and region and tags everything", () => {
    expect(synth.json.provider?.aws).toEqual([
      {
        region: "eu-west-1",
        allowed_account_ids: ["111122223333"],
        default_tags: [
          {
            tags: {
              owner: "platform-team",
              "openedx:environment": "production",
              "openedx:component": "network",
              "openedx:managed-by": "openedx-infra",
            },
          },
        ],
      },
    ]);
  });

  it("fails on a stack id whose environment the app does not define", () => {
    expect(() => new EnvironmentStack(app(), "qa-network")).toThrow(
      'stack id "qa-network" names environment "qa", which this app does not define; defined environments: production, staging',
    );
  });
});

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import {
  BACKEND_OVERRIDE_FILE,
  PROVIDER_OVERRIDE_FILE,
  REMOTE_STATE_OVERRIDE_FILE,
  findProducer,
  offlineOverrides,
  writeOfflineOverrides,
} from "../src/offline-overrides";
import { StackJson } from "../src/stack-json";

const UUID = "4f1c2b9e-1d2c-4a3b-8c4d-5e6f7a8b9c0d";
const SCRATCH = "/scratch/logs";

const s3Backend = (key: string) => ({
  bucket: "openedx-tfstate",
  key,
  region: "eu-west-1",
  encrypt: true,
  kms_key_id: "arn:aws:kms:eu-west-1:123456789012:alias/tfstate",
  use_lockfile: true,
});

// Shaped like cdktf 0.21 output for a cross-stack reference (see cdktf-notes §2.2).
const network: StackJson = {
  terraform: { backend: { s3: s3Backend("staging/network.tfstate") } },
  provider: { aws: [{ region: "eu-west-1", allowed_account_ids: ["444455556666"] }] },
  output: {
    "cross-stack-output-aws_kms_keysecurity_logs_9815CAE8arn": {
      sensitive: true,
      value: "${aws_kms_key.security_logs_9815CAE8.arn}",
    },
    "cross-stack-output-aws_subnetnetwork_private-a_1234ABCDid": {
      sensitive: true,
      value: "${aws_subnet.network_private-a_1234ABCD.id}",
    },
    "private-subnet-ids": { value: "${aws_subnet.private[*].id}" },
  },
};

const logs: StackJson = {
  terraform: { backend: { s3: s3Backend("staging/logs.tfstate") } },
  provider: {
    aws: [
      { region: "eu-west-1", allowed_account_ids: ["444455556666"] },
      { alias: "us_east_1", region: "us-east-1", profile: "openedx" },
    ],
  },
  data: {
    terraform_remote_state: {
      "cross-stack-reference-input-network": {
        backend: "s3",
        config: { bucket: "openedx-tfstate", key: "staging/network.tfstate", region: "eu-west-1" },
        workspace: "${terraform.workspace}",
      },
    },
  },
};

const stacks = new Map<string, StackJson>([
  ["network", network],
  ["logs", logs],
]);

describe("offlineOverrides", () => {
  const overrides = offlineOverrides(logs, { scratchDir: SCRATCH, stacks, newUuid: () => UUID });

  it("replaces the S3 backend with a local one inside the scratch directory", () => {
    expect(overrides.files[BACKEND_OVERRIDE_FILE]).toEqual({
      terraform: { backend: { local: { path: "/scratch/logs/terraform.tfstate" } } },
    });
  });

  it("overrides every aws provider block, keeping aliases and unsetting what needs an account", () => {
    const offline = {
      access_key: expect.any(String),
      secret_key: expect.any(String),
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      skip_metadata_api_check: true,
      skip_region_validation: true,
    };
    expect(overrides.files[PROVIDER_OVERRIDE_FILE]).toEqual({
      provider: {
        aws: [
          { ...offline, allowed_account_ids: null },
          { alias: "us_east_1", ...offline, profile: null },
        ],
      },
    });
  });

  it("disarms assume_role, which would call STS while the provider is configured", () => {
    const assumed: StackJson = {
      provider: { aws: [{ region: "eu-west-1", assume_role: [{ role_arn: "arn:aws:iam::444455556666:role/deployer" }] }] },
    };
    const result = offlineOverrides(assumed, { scratchDir: SCRATCH, stacks });
    expect(result.files[PROVIDER_OVERRIDE_FILE]).toMatchObject({ provider: { aws: [{ assume_role: [{ role_arn: "" }] }] } });
  });

  it("points each remote state at a local fake of the producer's state", () => {
    expect(overrides.files[REMOTE_STATE_OVERRIDE_FILE]).toEqual({
      data: {
        terraform_remote_state: {
          "cross-stack-reference-input-network": {
            backend: "local",
            config: { path: "/scratch/logs/remote-state/network.tfstate" },
          },
        },
      },
    });
    expect(overrides.unresolved).toEqual([]);
  });

  it("writes every producer output with a plausible value, type and sensitivity", () => {
    const state = overrides.fakeStates["/scratch/logs/remote-state/network.tfstate"];
    expect(state).toMatchObject({ version: 4, serial: 1, resources: [] });
    expect(state?.outputs).toEqual({
      "cross-stack-output-aws_kms_keysecurity_logs_9815CAE8arn": {
        value: `arn:aws:kms:eu-west-1:444455556666:key/${UUID}`,
        type: "string",
        sensitive: true,
      },
      "cross-stack-output-aws_subnetnetwork_private-a_1234ABCDid": {
        value: "subnet-placeholder-network-private-a-1234abcd",
        type: "string",
        sensitive: true,
      },
      "private-subnet-ids": {
        value: ["subnet-placeholder-private-1", "subnet-placeholder-private-2", "subnet-placeholder-private-3"],
        type: ["list", "string"],
      },
    });
  });

  it("needs no provider or remote-state override for a stack without them", () => {
    const bare = offlineOverrides({ terraform: { backend: { s3: s3Backend("x") } } }, { scratchDir: SCRATCH, stacks });
    expect(Object.keys(bare.files)).toEqual([BACKEND_OVERRIDE_FILE]);
    expect(bare.fakeStates).toEqual({});
  });

  it("still fakes an unknown producer, with an empty state, and reports it", () => {
    const orphan: StackJson = {
      data: { terraform_remote_state: { bootstrap: { backend: "s3", config: { bucket: "b", key: "nowhere" } } } },
    };
    const result = offlineOverrides(orphan, { scratchDir: SCRATCH, stacks });
    expect(result.unresolved).toEqual(["bootstrap"]);
    expect(result.fakeStates["/scratch/logs/remote-state/bootstrap.tfstate"]?.outputs).toEqual({});
  });

  it("writes override files and fake states as JSON", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "harness-overrides-"));
    try {
      const result = offlineOverrides(logs, { scratchDir: dir, stacks });
      writeOfflineOverrides(dir, result);
      expect(fs.readdirSync(dir).sort()).toEqual(
        [BACKEND_OVERRIDE_FILE, PROVIDER_OVERRIDE_FILE, REMOTE_STATE_OVERRIDE_FILE, "remote-state"].sort(),
      );
      const state: unknown = JSON.parse(fs.readFileSync(path.join(dir, "remote-state", "network.tfstate"), "utf8"));
      expect(state).toMatchObject({ version: 4 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("findProducer", () => {
  it("matches the remote state's bucket and key against the stacks' backends", () => {
    const renamed = { backend: "s3", config: { bucket: "openedx-tfstate", key: "staging/network.tfstate" } };
    expect(findProducer("some-other-name", renamed, stacks)?.name).toBe("network");
  });

  it("falls back to the stack name in cdktf's data source name", () => {
    const local = { backend: "local", config: { path: "../network/terraform.tfstate" } };
    expect(findProducer("cross-stack-reference-input-network", local, stacks)?.name).toBe("network");
  });

  it("finds nothing for a state no stack writes", () => {
    expect(findProducer("other", { backend: "s3", config: { bucket: "x", key: "y" } }, stacks)).toBeUndefined();
  });
});

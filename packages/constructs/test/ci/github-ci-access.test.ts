import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { addGitHubCiAccess, GitHubCiAccess } from "../../src/ci/github-ci-access";
import { GitHubCiEnvironment } from "../../src/ci/github-ci-environment";
import { defineGitHubRepository } from "../../src/ci/github-repository";
import { AwsStack } from "../../src/stack/aws-stack";
import { rejectionOf } from "../construct-fixture";
import { policyOf, SynthesizedStack, testStack } from "../synth";

const repository = defineGitHubRepository({ owner: "example-org", repository: "openedx-infra", environments: ["staging", "production"] });
const staging: GitHubCiEnvironment = { name: "staging", accountId: "111122223333", region: "eu-west-1" };
const production: GitHubCiEnvironment = { name: "production", accountId: "111122223333", region: "eu-west-1" };
const BUCKET = "arn:aws:s3:::openedx-infra-state-111122223333-eu-west-1";

type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource?: string | string[]; Condition?: Record<string, Record<string, unknown>> };
const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

describe("GitHubCiAccess", () => {
  const stack = testStack();
  new GitHubCiAccess(stack, "github-ci", { repository, environments: [staging, production] });
  const synth = new SynthesizedStack(stack);

  const role = (name: string) => {
    const entry = synth.resources("aws_iam_role").find(([, config]) => config.name === name);
    if (!entry) throw new Error(`no role ${name}`);
    return { key: entry[0], config: entry[1] };
  };
  /** Every inline statement of a role, with the policy name. */
  const statementsOf = (name: string): (Statement & { policy: string })[] => {
    const { key } = role(name);
    return synth
      .resources("aws_iam_role_policy")
      .filter(([, config]) => config.role === `\${aws_iam_role.${key}.name}`)
      .flatMap(([, config]) => (policyOf(config.policy).Statement as unknown as Statement[]).map((statement) => ({ ...statement, policy: config.name as string })));
  };
  const managedOf = (name: string) =>
    synth.resources("aws_iam_role_policy_attachments_exclusive").find(([, config]) => config.role_name === `\${aws_iam_role.${role(name).key}.name}`)?.[1].policy_arns;
  const subjectOf = (name: string) => (policyOf(role(name).config.assume_role_policy).Statement[0].Condition as Record<string, Record<string, unknown>>).StringEquals;

  it("creates one OIDC provider and, per environment, a deploy and an image role, plus the plan role", () => {
    expect(synth.resources("aws_iam_openid_connect_provider")).toHaveLength(1);
    expect(synth.resources("aws_iam_role").map(([, config]) => config.name).sort()).toEqual([
      "openedx-github-deploy-production",
      "openedx-github-deploy-staging",
      "openedx-github-image-production",
      "openedx-github-image-staging",
      "openedx-github-plan",
    ]);
  });

  it("trusts pull requests for the plan role and only the matching GitHub environment for the others", () => {
    expect(subjectOf("openedx-github-plan")).toEqual({ "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:example-org/openedx-infra:pull_request" });
    for (const environment of ["staging", "production"]) {
      for (const kind of ["deploy", "image"]) {
        expect(subjectOf(`openedx-github-${kind}-${environment}`)["token.actions.githubusercontent.com:sub"]).toBe(`repo:example-org/openedx-infra:environment:${environment}`);
      }
    }
  });

  it("outputs the ARNs under stable names", () => {
    expect(Object.keys(synth.json.output ?? {}).sort()).toEqual([
      "github_deploy_role_arn_production",
      "github_deploy_role_arn_staging",
      "github_image_role_arn_production",
      "github_image_role_arn_staging",
      "github_oidc_provider_arn",
      "github_plan_role_arn",
    ]);
    expect((synth.json.output?.github_plan_role_arn as { value: string }).value).toBe(`\${aws_iam_role.${role("openedx-github-plan").key}.arn}`);
  });

  describe("the plan role", () => {
    const statements = statementsOf("openedx-github-plan");
    const allows = statements.filter((statement) => statement.Effect === "Allow");

    it("has ReadOnlyAccess as its only managed policy", () => {
      expect(managedOf("openedx-github-plan")).toEqual(["arn:aws:iam::aws:policy/ReadOnlyAccess"]);
    });

    it("allows nothing beyond reading state and secrets, the lock objects and the state key", () => {
      expect([...new Set(allows.flatMap((statement) => list(statement.Action)))].sort()).toEqual([
        "kms:Decrypt",
        "kms:GenerateDataKey",
        "s3:DeleteObject",
        "s3:GetObject",
        "s3:ListBucket",
        "s3:PutObject",
        "secretsmanager:GetSecretValue",
      ]);
    });

    it("writes and deletes only the *.tflock lock objects of its environments", () => {
      const writes = allows.filter((statement) => list(statement.Action).some((action) => /^s3:(Put|Delete)/.test(action)));
      expect(writes.flatMap((statement) => list(statement.Resource)).sort()).toEqual([`${BUCKET}/production/*.tfstate.tflock`, `${BUCKET}/staging/*.tfstate.tflock`]);
    });

    it("reads the state objects and decrypts only with the key aliased alias/openedx-infra-state", () => {
      expect(allows.filter((statement) => statement.Sid === "ReadState").flatMap((statement) => list(statement.Resource)).sort()).toEqual([
        `${BUCKET}/production/*.tfstate`,
        `${BUCKET}/staging/*.tfstate`,
      ]);
      const stateKey = allows.filter((statement) => statement.Sid === "DecryptState" || statement.Sid === "EncryptStateLocks");
      expect(stateKey).toHaveLength(4);
      for (const statement of stateKey) {
        expect(statement).toMatchObject({ Resource: "arn:aws:kms:eu-west-1:111122223333:key/*", Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/openedx-infra-state" } } });
      }
    });

    it("reads only the secrets of its environments, and decrypts only through Secrets Manager", () => {
      expect(allows.filter((statement) => statement.Sid === "ReadEnvironmentSecrets").map((statement) => statement.Resource)).toEqual([
        ["arn:aws:secretsmanager:eu-west-1:111122223333:secret:openedx-staging/*", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:openedx-staging-*"],
        ["arn:aws:secretsmanager:eu-west-1:111122223333:secret:openedx-production/*", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:openedx-production-*"],
      ]);
      for (const statement of allows.filter((candidate) => candidate.Sid === "DecryptEnvironmentSecrets")) {
        expect(statement.Condition?.StringEquals).toEqual({ "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" });
      }
    });

    it("is explicitly denied writing or deleting any state object", () => {
      expect(statements.filter((statement) => statement.Effect === "Deny")).toEqual([
        expect.objectContaining({ Sid: "NeverWriteState", Action: expect.arrayContaining(["s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion"]), Resource: [`${BUCKET}/*.tfstate`] }),
      ]);
    });
  });

  describe("the deploy role", () => {
    const statements = statementsOf("openedx-github-deploy-staging");

    it("has PowerUserAccess and lasts at most two hours", () => {
      expect(managedOf("openedx-github-deploy-staging")).toEqual(["arn:aws:iam::aws:policy/PowerUserAccess"]);
      expect(role("openedx-github-deploy-staging").config.max_session_duration).toBe(7200);
    });

    it("manages only the environment's own IAM names", () => {
      const iamWrites = statements.filter((statement) => statement.Effect === "Allow" && list(statement.Action).includes("iam:*"));
      expect(iamWrites.flatMap((statement) => list(statement.Resource))).toEqual([
        "arn:aws:iam::111122223333:role/openedx-staging-*",
        "arn:aws:iam::111122223333:instance-profile/openedx-staging-*",
        "arn:aws:iam::111122223333:policy/openedx-staging-*",
        "arn:aws:iam::111122223333:user/openedx/openedx-staging-*",
      ]);
      const otherAllows = statements.filter((statement) => statement.Effect === "Allow" && !list(statement.Action).includes("iam:*"));
      expect(otherAllows.flatMap((statement) => list(statement.Action))).toEqual(["iam:Get*", "iam:List*"]);
    });

    it("is denied the CI roles, the OIDC provider, weakening the state bucket and key, and the other environment's state", () => {
      const denies = Object.fromEntries(statements.filter((statement) => statement.Effect === "Deny").map((statement) => [statement.Sid, statement]));
      expect(denies.ProtectCiAccess.Resource).toEqual(["arn:aws:iam::111122223333:role/openedx-github-*", "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"]);
      expect(denies.ProtectStateBucket).toMatchObject({ Resource: [BUCKET, `${BUCKET}/*`], Action: expect.arrayContaining(["s3:DeleteBucket", "s3:PutBucketPolicy", "s3:DeleteObjectVersion"]) });
      expect(denies.ProtectStateKey).toMatchObject({ Action: expect.arrayContaining(["kms:ScheduleKeyDeletion", "kms:PutKeyPolicy"]), Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/openedx-infra-state" } } });
      expect(denies.ProtectOtherEnvironmentsState).toMatchObject({ Action: ["s3:PutObject", "s3:DeleteObject"], Resource: [`${BUCKET}/production/*`] });
    });
  });

  describe("the image role", () => {
    const statements = statementsOf("openedx-github-image-production");
    const allows = statements.filter((statement) => statement.Effect === "Allow");

    it("has no managed policy", () => {
      expect(managedOf("openedx-github-image-production")).toEqual([]);
    });

    it("pushes only to the environment's repository, and logs in to the registry", () => {
      const pushes = allows.filter((statement) => list(statement.Action).includes("ecr:PutImage"));
      expect(pushes.map((statement) => statement.Resource)).toEqual(["arn:aws:ecr:eu-west-1:111122223333:repository/openedx/production/openedx"]);
      const unscoped = allows.filter((statement) => list(statement.Resource).includes("*"));
      expect(unscoped.map((statement) => statement.Action)).toEqual(["ecr:GetAuthorizationToken"]);
    });

    it("describes only the environment's cluster and reads only the edge and data state, without writing a lock", () => {
      expect(allows.find((statement) => statement.Sid === "FindCluster")).toMatchObject({ Action: "eks:DescribeCluster", Resource: "arn:aws:eks:eu-west-1:111122223333:cluster/openedx-production" });
      expect(allows.find((statement) => statement.Sid === "ReadState")?.Resource).toEqual([`${BUCKET}/production/edge.tfstate`, `${BUCKET}/production/data.tfstate`]);
      expect(allows.flatMap((statement) => list(statement.Action)).filter((action) => /^s3:(Put|Delete)/.test(action))).toEqual([]);
    });

    it("reads the environment's secrets and the database-managed master secrets", () => {
      expect(allows.find((statement) => statement.Sid === "ReadEnvironmentSecrets")?.Resource).toEqual([
        "arn:aws:secretsmanager:eu-west-1:111122223333:secret:openedx-production/*",
        "arn:aws:secretsmanager:eu-west-1:111122223333:secret:openedx-production-*",
        "arn:aws:secretsmanager:eu-west-1:111122223333:secret:rds!*",
      ]);
    });
  });

  it("refuses an empty list of environments", () => {
    expect(rejectionOf(() => new GitHubCiAccess(testStack(), "github-ci", { repository, environments: [] }))).toBe(
      "environments must list at least one environment of this account, got none (at test/github-ci)",
    );
  });

  it("refuses an environment of another account", () => {
    expect(rejectionOf(() => new GitHubCiAccess(testStack(), "github-ci", { repository, environments: [{ ...staging, accountId: "444455556666" }] }))).toBe(
      'environment "staging" is in account 444455556666; this stack is in account 111122223333, and IAM roles belong to one account (at test/github-ci)',
    );
  });
});

describe("addGitHubCiAccess", () => {
  const stacksOf = (app = Testing.app()) => [
    new AwsStack(app, "bootstrap-111122223333-eu-west-1", { accountId: "111122223333", region: "eu-west-1" }),
    new AwsStack(app, "bootstrap-111122223333-eu-central-1", { accountId: "111122223333", region: "eu-central-1" }),
    new AwsStack(app, "bootstrap-444455556666-eu-west-1", { accountId: "444455556666", region: "eu-west-1" }),
  ];

  it("adds the CI access once per account, to the account's first stack, in the repository's environment order", () => {
    const stacks = stacksOf();
    const added = addGitHubCiAccess(stacks, [production, { ...staging, accountId: "444455556666" }], repository);
    expect(added.map((access) => access.node.path)).toEqual(["bootstrap-444455556666-eu-west-1/github-ci", "bootstrap-111122223333-eu-west-1/github-ci"]);
    expect(stacks[1].node.tryFindChild("github-ci")).toBeUndefined();
  });

  it("refuses an account that has no stack, naming the accounts that have one", () => {
    expect(rejectionOf(() => addGitHubCiAccess(stacksOf().slice(0, 2), [production, { ...staging, accountId: "444455556666" }], repository))).toBe(
      "no stack in account 444455556666 to hold the GitHub CI roles of staging; the stacks are in: 111122223333",
    );
  });

  it("refuses an environment the app does not define, naming the ones it does", () => {
    expect(rejectionOf(() => addGitHubCiAccess(stacksOf(), [production], repository))).toBe(
      'invalid GitHub repository configuration:\n  - environments[0]: must be an environment of the app (production) (got "staging")',
    );
  });
});

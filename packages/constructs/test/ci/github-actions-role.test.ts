import { describe, expect, it } from "vitest";
import { GitHubActionsRole, GitHubActionsRoleProps } from "../../src/ci/github-actions-role";
import { GitHubOidcProvider } from "../../src/ci/github-oidc-provider";
import { rejectionOf } from "../construct-fixture";
import { policyOf, SynthesizedStack, testStack } from "../synth";

function roleIn(props: Partial<GitHubActionsRoleProps> = {}) {
  const stack = testStack();
  const provider = new GitHubOidcProvider(stack, "github");
  const role = new GitHubActionsRole(stack, "role", {
    provider,
    roleName: "openedx-github-test",
    description: "test",
    subjects: ["repo:example-org/openedx-infra:environment:staging"],
    ...props,
  });
  return { stack, role };
}

describe("GitHubOidcProvider", () => {
  it("trusts GitHub's token issuer for the STS audience only, without a pinned thumbprint", () => {
    const stack = testStack();
    new GitHubOidcProvider(stack, "github");
    const provider = new SynthesizedStack(stack).only("aws_iam_openid_connect_provider");
    expect(provider).toMatchObject({ url: "https://token.actions.githubusercontent.com", client_id_list: ["sts.amazonaws.com"] });
    expect(provider.thumbprint_list).toBeUndefined();
  });
});

describe("GitHubActionsRole", () => {
  it("is assumable only with a web identity token of the provider, for sts.amazonaws.com and the exact sub", () => {
    const { stack } = roleIn();
    const synth = new SynthesizedStack(stack);
    expect(policyOf(synth.only("aws_iam_role").assume_role_policy).Statement).toEqual([
      {
        Sid: "GitHubActionsOidc",
        Effect: "Allow",
        Principal: { Federated: synth.ref("aws_iam_openid_connect_provider", "github/Resource", "arn") },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
            "token.actions.githubusercontent.com:sub": "repo:example-org/openedx-infra:environment:staging",
          },
        },
      },
    ]);
  });

  it("bounds sessions to one hour unless told otherwise", () => {
    expect(new SynthesizedStack(roleIn().stack).only("aws_iam_role").max_session_duration).toBe(3600);
    expect(new SynthesizedStack(roleIn({ maxSessionDurationSeconds: 900 }).stack).only("aws_iam_role").max_session_duration).toBe(900);
  });

  it("lists several subjects as a StringEquals list, never StringLike", () => {
    const subjects = ["repo:example-org/openedx-infra:pull_request", "repo:example-org/openedx-infra:ref:refs/heads/main"];
    const trust = policyOf(new SynthesizedStack(roleIn({ subjects }).stack).only("aws_iam_role").assume_role_policy).Statement[0];
    expect(trust.Condition).toEqual({ StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": subjects } });
  });

  it.each([
    [{ subjects: [] }, 'subjects must list at least one sub claim, e.g. "repo:example-org/openedx-infra:pull_request", got none (at test/role)'],
    [
      { subjects: ["repo:example-org/*:pull_request"] },
      'subjects must be exact GitHub sub claims repo:<owner>/<repo>:pull_request, :environment:<name> or :ref:refs/heads/<branch>, without wildcards, got "repo:example-org/*:pull_request" (at test/role)',
    ],
    [
      { subjects: ["repo:example-org/openedx-infra:*"] },
      'subjects must be exact GitHub sub claims repo:<owner>/<repo>:pull_request, :environment:<name> or :ref:refs/heads/<branch>, without wildcards, got "repo:example-org/openedx-infra:*" (at test/role)',
    ],
    [{ maxSessionDurationSeconds: 43201 }, "maxSessionDurationSeconds must be a whole number of seconds from 900 to 43200, got 43201 (at test/role)"],
    [{ maxSessionDurationSeconds: 600 }, "maxSessionDurationSeconds must be a whole number of seconds from 900 to 43200, got 600 (at test/role)"],
    [{ roleName: "openedx github" }, 'roleName must be 1-64 letters, digits or + = , . @ _ -, got "openedx github" (at test/role)'],
  ])("refuses %j", (props, message) => {
    expect(rejectionOf(() => roleIn(props))).toBe(message);
  });
});

import { describe, expect, it } from "vitest";
import { defineGitHubRepository, environmentSubject, GitHubRepositoryInput, pullRequestSubject } from "../../src/ci/github-repository";

const valid: GitHubRepositoryInput = { owner: "example-org", repository: "openedx-infra", environments: ["staging", "production"] };

function rejection(input: Partial<GitHubRepositoryInput>): string {
  try {
    defineGitHubRepository({ ...valid, ...input } as GitHubRepositoryInput);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the configuration to be rejected");
}

describe("defineGitHubRepository", () => {
  it("applies the main branch default and keeps the environments in order", () => {
    expect(defineGitHubRepository(valid)).toEqual({ owner: "example-org", repository: "openedx-infra", mainBranch: "main", environments: ["staging", "production"] });
  });

  it("builds the exact sub claims GitHub puts in pull request and environment tokens", () => {
    const repository = defineGitHubRepository(valid);
    expect(pullRequestSubject(repository)).toBe("repo:example-org/openedx-infra:pull_request");
    expect(environmentSubject(repository, "production")).toBe("repo:example-org/openedx-infra:environment:production");
  });

  it.each([
    [{ owner: "example_org" }, 'owner: must be a GitHub user or organization: 1-39 letters, digits or single inner hyphens, e.g. "example-org" (got "example_org")'],
    [{ owner: "-org" }, 'owner: must be a GitHub user or organization: 1-39 letters, digits or single inner hyphens, e.g. "example-org" (got "-org")'],
    [{ owner: "*" }, 'owner: must be a GitHub user or organization: 1-39 letters, digits or single inner hyphens, e.g. "example-org" (got "*")'],
    [{ repository: "openedx/infra" }, 'repository: must be a GitHub repository name: 1-100 letters, digits, ".", "_" or "-", e.g. "openedx-infra" (got "openedx/infra")'],
    [{ repository: ".." }, 'repository: must be a GitHub repository name: 1-100 letters, digits, ".", "_" or "-", e.g. "openedx-infra" (got "..")'],
    [{ mainBranch: "release/*" }, 'mainBranch: must be a literal branch name (letters, digits, ".", "_", "-" and "/" between parts; no wildcard), e.g. "main" (got "release/*")'],
    [{ mainBranch: "refs/../main" }, 'mainBranch: must be a literal branch name (letters, digits, ".", "_", "-" and "/" between parts; no wildcard), e.g. "main" (got "refs/../main")'],
    [{ environments: [] }, 'environments: must name at least one environment, e.g. ["staging", "production"] (got [])'],
    [{ environments: ["staging", "Prod"] }, 'environments[1]: must be an environment name: 2-20 lowercase letters and digits, starting with a letter (got "Prod")'],
    [{ environments: ["staging", "staging"] }, 'environments[1]: must not repeat an environment listed before (got "staging")'],
  ])("refuses %j with a message naming the field, the value and what is allowed", (input, message) => {
    expect(rejection(input)).toBe(`invalid GitHub repository configuration:\n  - ${message}`);
  });

  it("reports every problem at once", () => {
    expect(rejection({ owner: "", repository: "", environments: [] }).split("\n").map((line) => line.split(":")[0].trim())).toEqual([
      "invalid GitHub repository configuration",
      "- owner",
      "- repository",
      "- environments",
    ]);
  });
});

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { validateAction, validateWorkflow } from "@action-validator/core";
import { defineGitHubRepository, TUTOR_SECRET_CONFIG_KEYS } from "@openedx-infra/constructs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { githubRepository } from "../src/github";

const repoRoot = join(__dirname, "..", "..", "..");
const workflowsDir = join(repoRoot, ".github", "workflows");
const repository = defineGitHubRepository(githubRepository);

interface Step {
  readonly id?: string;
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, string>;
}
interface Job {
  readonly name?: string;
  readonly needs?: string | string[];
  readonly environment?: string | { name: string };
  readonly concurrency?: { group: string; "cancel-in-progress": boolean };
  readonly permissions?: Record<string, string>;
  readonly strategy?: { matrix: Record<string, unknown> };
  readonly "timeout-minutes"?: number;
  readonly env?: Record<string, string>;
  readonly steps: Step[];
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly permissions?: Record<string, string>;
  readonly env?: Record<string, string>;
  readonly jobs: Record<string, Job>;
}

const workflowFiles = readdirSync(workflowsDir).filter((file) => /\.ya?ml$/.test(file)).sort();
const text = (file: string) => readFileSync(join(workflowsDir, file), "utf8");
const workflow = (file: string) => parse(text(file)) as Workflow;
const actionFile = join(repoRoot, ".github", "actions", "setup-toolchain", "action.yml");
const allTexts = [...workflowFiles.map((file) => [file, text(file)]), ["setup-toolchain/action.yml", readFileSync(actionFile, "utf8")]];
const allJobs = workflowFiles.flatMap((file) => Object.entries(workflow(file).jobs).map(([id, job]) => ({ file, id, job })));
const awsCredentialSteps = (job: Job) => job.steps.filter((step) => step.uses?.startsWith("aws-actions/configure-aws-credentials@"));

describe("the GitHub Actions workflows", () => {
  it("are the pull request, deploy and image workflows", () => {
    expect(workflowFiles).toEqual(["deploy.yml", "image.yml", "pull-request.yml"]);
  });

  it.each(workflowFiles)("%s validates against the GitHub workflow schema", (file) => {
    expect(validateWorkflow(text(file)).errors).toEqual([]);
  });

  it("the shared setup action validates against the GitHub action schema", () => {
    expect(validateAction(readFileSync(actionFile, "utf8")).errors).toEqual([]);
  });

  it("the schema check is not vacuous: a malformed workflow is reported", () => {
    expect(validateWorkflow("on: push\njobs:\n  build:\n    runs-on: 3\n").errors.length).toBeGreaterThan(0);
  });

  it("pin every action to a full commit SHA with its version in a comment, one SHA per action", () => {
    const pins = new Map<string, Set<string>>();
    for (const [file, content] of allTexts) {
      for (const line of content.split("\n").filter((candidate) => /^\s*(-\s+)?uses:/.test(candidate))) {
        const reference = line.replace(/^\s*(-\s+)?uses:\s*/, "");
        if (reference.startsWith("./")) continue;
        expect(reference, `${file}: ${line.trim()}`).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
        const [action, sha] = reference.split(" ")[0].split("@");
        pins.set(action, new Set([...(pins.get(action) ?? []), sha]));
      }
    }
    expect([...pins.keys()].sort()).toEqual([
      "actions/checkout",
      "actions/setup-node",
      "actions/setup-python",
      "aws-actions/configure-aws-credentials",
      "hashicorp/setup-terraform",
      "pnpm/action-setup",
    ]);
    for (const [action, shas] of pins) expect([action, shas.size]).toEqual([action, 1]);
  });

  it("check out without leaving the token in the git config", () => {
    const checkouts = allJobs.flatMap(({ job }) => job.steps.filter((step) => step.uses?.startsWith("actions/checkout@")));
    expect(checkouts.length).toBe(allJobs.length);
    for (const step of checkouts) expect(step.with?.["persist-credentials"]).toBe(false);
  });

  it("grant nothing at the workflow level, and each job only contents: read plus id-token: write where it assumes a role", () => {
    for (const file of workflowFiles) expect([file, workflow(file).permissions]).toEqual([file, {}]);
    for (const { file, id, job } of allJobs) {
      const expected = awsCredentialSteps(job).length > 0 ? { contents: "read", "id-token": "write" } : { contents: "read" };
      expect([file, id, job.permissions]).toEqual([file, id, expected]);
    }
  });

  it("bound every job's run time", () => {
    for (const { file, id, job } of allJobs) expect([file, id, typeof job["timeout-minutes"]]).toEqual([file, id, "number"]);
  });

  it("install with the frozen lockfile, pnpm from package.json, Node 20 and Terraform 1.11", () => {
    const action = parse(readFileSync(actionFile, "utf8")) as { runs: { steps: Step[] } };
    const steps = action.runs.steps;
    expect(steps.map((step) => step.run).filter(Boolean)).toEqual(["pnpm install --frozen-lockfile"]);
    expect(steps.find((step) => step.uses?.startsWith("actions/setup-node@"))?.with?.["node-version"]).toBe(20);
    expect(String(steps.find((step) => step.uses?.startsWith("hashicorp/setup-terraform@"))?.with?.terraform_version)).toMatch(/^1\.11\.\d+$/);
    const packageManager = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")).packageManager as string;
    expect(packageManager).toMatch(/^pnpm@10\./);
  });
});

describe("the role each job assumes", () => {
  it("is named by the ci-target step of the job, never written out", () => {
    for (const { file, id, job } of allJobs) {
      for (const step of awsCredentialSteps(job)) {
        expect([file, id, step.with?.["role-to-assume"]]).toEqual([file, id, expect.stringMatching(/^\$\{\{ steps\.target\.outputs\.(plan|deploy|image)-role-arn \}\}$/)]);
        expect(job.steps.find((candidate) => candidate.id === "target")?.run).toMatch(/^pnpm --silent --filter @openedx-infra\/app-bootstrap ci-target /);
        expect(step.with?.["aws-region"]).toBe("${{ steps.target.outputs.region }}");
      }
    }
  });

  it("matches the trust policies: the plan role only in jobs without a GitHub environment, deploy and image roles only in jobs with one", () => {
    const used = allJobs.flatMap(({ file, id, job }) =>
      awsCredentialSteps(job).map((step) => [file, id, /(plan|deploy|image)-role-arn/.exec(String(step.with?.["role-to-assume"]))?.[1], job.environment !== undefined]),
    );
    expect(used).toEqual([
      ["deploy.yml", "staging", "deploy", true],
      ["deploy.yml", "production", "deploy", true],
      ["image.yml", "image", "image", true],
      ["pull-request.yml", "diff", "plan", false],
    ]);
  });
});

describe("pull-request.yml", () => {
  const pr = workflow("pull-request.yml");

  it("runs the whole test suite (lint, typecheck, tests, the Terraform validation and synth) without AWS access", () => {
    expect(pr.on).toEqual({ pull_request: { branches: [repository.mainBranch] } });
    expect(pr.jobs.test.steps.map((step) => step.run).filter(Boolean)).toEqual(["pnpm test"]);
    expect(awsCredentialSteps(pr.jobs.test)).toEqual([]);
  });

  it("diffs every environment GitHub Actions deploys, after the tests, skipping forks", () => {
    const diff = pr.jobs.diff;
    expect(diff.needs).toBe("test");
    expect(diff.strategy?.matrix.environment).toEqual(repository.environments);
    expect(String((diff as unknown as { if: string }).if)).toBe("github.event.pull_request.head.repo.full_name == github.repository");
    expect(diff.steps.find((step) => step.name === "cdktf diff")?.run).toContain('pnpm exec cdktf diff "$stack"');
  });
});

describe("deploy.yml", () => {
  const deploy = workflow("deploy.yml");

  it("runs on pushes to the main branch, and deploys nothing from another branch", () => {
    expect(deploy.on.push).toEqual({ branches: [repository.mainBranch] });
    for (const environment of ["staging", "production"]) {
      expect((deploy.jobs[environment] as unknown as { if: string }).if).toBe(`github.ref == 'refs/heads/${repository.mainBranch}'`);
    }
  });

  it("deploys each environment in its GitHub environment, one deployment at a time, never cancelling a running one", () => {
    for (const environment of ["staging", "production"]) {
      const job = deploy.jobs[environment];
      expect(job.environment).toBe(environment);
      expect(job.concurrency).toEqual({ group: `deploy-${environment}`, "cancel-in-progress": false });
      expect(job.steps.find((step) => step.id === "target")?.run).toMatch(new RegExp(`ci-target ${environment}$`));
      expect(job.steps.find((step) => step.name === "cdktf deploy")).toMatchObject({ "working-directory": `apps/${environment}`, run: expect.stringContaining("cdktf deploy $STACKS --auto-approve") });
    }
  });

  it("deploys production only after staging, behind the production environment's reviewers", () => {
    expect(deploy.jobs.production.needs).toBe("staging");
    expect(deploy.jobs.production.environment).toBe("production");
    expect(deploy.jobs.staging.needs).toBeUndefined();
  });
});

describe("image.yml", () => {
  const image = workflow("image.yml");
  const job = image.jobs.image;
  const run = job.steps.map((step) => step.run ?? "").join("\n");

  it("offers exactly the environments GitHub Actions deploys, and runs in that GitHub environment", () => {
    const input = (image.on.workflow_dispatch as { inputs: { environment: { options: string[] } } }).inputs.environment;
    expect(input.options).toEqual(repository.environments);
    expect(job.environment).toBe("${{ inputs.environment }}");
  });

  it("shares the deploy workflow's per-environment concurrency group and never cancels", () => {
    expect(job.concurrency).toEqual({ group: "deploy-${{ inputs.environment }}", "cancel-in-progress": false });
  });

  it("pins Tutor to an exact release of a line the hand-off supports (21 or 22)", () => {
    expect(image.env?.TUTOR_VERSION).toMatch(/^2[12]\.\d+\.\d+$/);
    expect(run).toContain('pip install "tutor[full]==${TUTOR_VERSION}"');
  });

  it("writes the Tutor root with the hand-off outside the checkout, then builds, pushes and launches", () => {
    expect(job.env?.TUTOR_ROOT).toBe("${{ runner.temp }}/tutor");
    const order = ["pnpm tutor-env", "tutor plugins enable openedx_infra", "tutor config save", "tutor images build openedx", "tutor images push openedx", "tutor k8s launch --non-interactive"].map((command) =>
      run.indexOf(command),
    );
    expect(order.every((position) => position >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it("masks every secret the hand-off writes into config.yml before anything could print it", () => {
    const maskStep = job.steps.find((step) => step.run?.includes("::add-mask::"));
    for (const key of TUTOR_SECRET_CONFIG_KEYS) expect(maskStep?.run).toMatch(new RegExp(`\\b${key}\\b`));
  });

  it("removes the Tutor root, which holds the secrets, whatever happened", () => {
    const cleanup = job.steps[job.steps.length - 1];
    expect(cleanup).toMatchObject({ if: "always()", run: expect.stringContaining('rm -rf "$TUTOR_ROOT"') });
  });
});

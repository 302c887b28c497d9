import { describe, expect, it } from "vitest";
import { KmsKey } from "../../src/encryption/kms-key";
import { ECR_PULL_ACTIONS, ECR_PUSH_ACTIONS, ImageRepository, ImageRepositoryProps } from "../../src/registry";
import { AwsStack } from "../../src/stack/aws-stack";
import { rejectionOf, resolvedAttributes } from "../construct-fixture";
import { SynthesizedStack, testStack } from "../synth";

const NAME = "openedx-test/openedx";

function build(overrides: Partial<ImageRepositoryProps> = {}): { stack: AwsStack; repository: ImageRepository } {
  const stack = testStack();
  const encryptionKey = new KmsKey(stack, "storage", { aliasName: "test/storage", description: "storage" });
  const repository = new ImageRepository(stack, "image", { repositoryName: NAME, encryptionKey, ...overrides });
  return { stack, repository };
}

function synth(overrides: Partial<ImageRepositoryProps> = {}): SynthesizedStack {
  return new SynthesizedStack(build(overrides).stack);
}

function lifecycleRules(synthesized: SynthesizedStack): unknown {
  return JSON.parse(synthesized.only("aws_ecr_lifecycle_policy").policy as string);
}

describe("ImageRepository", () => {
  const synthesized = synth();

  it("makes tags immutable, scans on push, encrypts with the given key and never force-deletes", () => {
    expect(synthesized.only("aws_ecr_repository")).toMatchObject({
      name: NAME,
      image_tag_mutability: "IMMUTABLE",
      image_scanning_configuration: { scan_on_push: true },
      encryption_configuration: [{ encryption_type: "KMS", kms_key: synthesized.ref("aws_kms_key", "storage/Resource", "arn") }],
      force_delete: false,
    });
  });

  it("refuses terraform destroy by default", () => {
    expect(synthesized.only("aws_ecr_repository").lifecycle).toEqual({ prevent_destroy: true });
  });

  it("expires untagged images after 7 days and keeps the 50 newest tagged images", () => {
    const policy = synthesized.only("aws_ecr_lifecycle_policy");
    expect(policy.repository).toBe(synthesized.ref("aws_ecr_repository", "image/Resource", "name"));
    expect(lifecycleRules(synthesized)).toEqual({
      rules: [
        {
          rulePriority: 1,
          description: "Expire untagged images 7 day(s) after their push",
          selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7 },
          action: { type: "expire" },
        },
        {
          rulePriority: 2,
          description: "Keep the 50 most recently pushed tagged images",
          selection: { tagStatus: "tagged", tagPatternList: ["*"], countType: "imageCountMoreThan", countNumber: 50 },
          action: { type: "expire" },
        },
      ],
    });
  });

  it("takes other retention counts, and can allow destroy for a throwaway environment", () => {
    const custom = synth({ untaggedExpiryDays: 1, keepTaggedImages: 10, preventDestroy: false });
    const rules = (lifecycleRules(custom) as { rules: { selection: { countNumber: number } }[] }).rules;
    expect(rules.map((rule) => rule.selection.countNumber)).toEqual([1, 10]);
    expect(custom.only("aws_ecr_repository").lifecycle).toBeUndefined();
  });

  it("exposes the repository URL, ARN and name as references", () => {
    const { stack, repository } = build();
    const { synthesized: withOutputs, values } = resolvedAttributes(stack, {
      repositoryUrl: repository.repositoryUrl,
      repositoryArn: repository.repositoryArn,
      repositoryName: repository.repositoryName,
    });
    expect(values).toEqual({
      repositoryUrl: withOutputs.ref("aws_ecr_repository", "image/Resource", "repository_url"),
      repositoryArn: withOutputs.ref("aws_ecr_repository", "image/Resource", "arn"),
      repositoryName: withOutputs.ref("aws_ecr_repository", "image/Resource", "name"),
    });
  });

  it("grants pull and push on this repository only, and the registry login on *", () => {
    const { repository } = build();
    expect(repository.pullStatement()).toEqual({
      Effect: "Allow",
      Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
      Resource: repository.repositoryArn,
    });
    expect(repository.pushStatement()).toEqual({
      Effect: "Allow",
      Action: [
        "ecr:BatchCheckLayerAvailability",
        "ecr:BatchGetImage",
        "ecr:GetDownloadUrlForLayer",
        "ecr:CompleteLayerUpload",
        "ecr:InitiateLayerUpload",
        "ecr:PutImage",
        "ecr:UploadLayerPart",
      ],
      Resource: repository.repositoryArn,
    });
    expect(ECR_PUSH_ACTIONS).toEqual(expect.arrayContaining([...ECR_PULL_ACTIONS]));
    expect(ImageRepository.authorizationTokenStatement()).toEqual({ Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" });
  });

  it.each<[string, Partial<ImageRepositoryProps>, string]>([
    [
      "an upper-case name",
      { repositoryName: "OpenEdx" },
      'repositoryName must be 2-256 lower-case letters and digits, separated by single ".", "_" or "-" within a component and "/" between components, got "OpenEdx"',
    ],
    [
      "a name with a trailing slash",
      { repositoryName: "openedx/" },
      'repositoryName must be 2-256 lower-case letters and digits, separated by single ".", "_" or "-" within a component and "/" between components, got "openedx/"',
    ],
    [
      "a one-character name",
      { repositoryName: "o" },
      'repositoryName must be 2-256 lower-case letters and digits, separated by single ".", "_" or "-" within a component and "/" between components, got "o"',
    ],
    ["untagged images expiring at once", { untaggedExpiryDays: 0 }, "untaggedExpiryDays must be a whole number of days of at least 1, got 0"],
    ["a fractional expiry", { untaggedExpiryDays: 1.5 }, "untaggedExpiryDays must be a whole number of days of at least 1, got 1.5"],
    ["keeping no tagged image", { keepTaggedImages: 0 }, "keepTaggedImages must be a whole number of at least 1, got 0"],
  ])("rejects %s", (_, overrides, message) => {
    expect(rejectionOf(() => build(overrides))).toBe(`${message} (at test/image)`);
  });

  it("reports every problem at once", () => {
    expect(rejectionOf(() => build({ untaggedExpiryDays: -1, keepTaggedImages: 2.5 }))).toBe(
      "untaggedExpiryDays must be a whole number of days of at least 1, got -1; keepTaggedImages must be a whole number of at least 1, got 2.5 (at test/image)",
    );
  });
});

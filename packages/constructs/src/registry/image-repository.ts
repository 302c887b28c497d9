import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { ValidationError } from "../config/validation-error";
import { KmsKey } from "../encryption/kms-key";
import { PolicyStatement } from "../iam/policy-document";

/** What pulling an image needs on its repository (the registry login is separate: see {@link ImageRepository.authorizationTokenStatement}). */
export const ECR_PULL_ACTIONS = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"] as const;

/** What pushing an image needs on its repository, including the layer checks `docker push` makes. */
export const ECR_PUSH_ACTIONS = [
  ...ECR_PULL_ACTIONS,
  "ecr:CompleteLayerUpload",
  "ecr:InitiateLayerUpload",
  "ecr:PutImage",
  "ecr:UploadLayerPart",
] as const;

/** Props of an {@link ImageRepository}. */
export interface ImageRepositoryProps {
  /**
   * The repository name: 2-256 lower-case letters, digits and `.`, `_`, `-` separators, with `/`
   * between path components, e.g. `openedx-production/openedx`.
   * @see https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html
   */
  readonly repositoryName: string;
  /**
   * Key that encrypts the image layers. ECR creates a grant on it when the repository is created,
   * so the key policy must let the account's IAM policies grant its use (every {@link KmsKey}
   * does); the encryption settings cannot change after creation.
   */
  readonly encryptionKey: KmsKey;
  /**
   * Days after which an untagged image (a tag moved away by a later push, or a failed build's
   * layers) is deleted; a whole number of at least 1.
   * @default 7
   */
  readonly untaggedExpiryDays?: number;
  /**
   * How many tagged images are kept, newest first by push time; older ones are deleted. A whole
   * number of at least 1; keep enough to roll back over several releases.
   * @default 50
   */
  readonly keepTaggedImages?: number;
  /**
   * Refuse `terraform destroy` of the repository (`lifecycle.prevent_destroy`): the images running
   * in the cluster live nowhere else.
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/**
 * A private ECR repository for the Open edX image that Tutor builds (`tutor images build openedx`
 * with `DOCKER_IMAGE_OPENEDX` set to `<repositoryUrl>:<tag>`).
 *
 * - Tags are immutable: a tag names one image forever, so a deployment is reproducible and a
 *   rollback brings back exactly what ran; push a new tag per build.
 * - Every pushed image is scanned for known vulnerabilities (basic scanning).
 * - Layers are encrypted with a customer-managed KMS key.
 * - A lifecycle policy deletes untagged images after `untaggedExpiryDays` (a week by default) and
 *   keeps the `keepTaggedImages` most recently pushed tagged ones (50 by default).
 * - `force_delete` is off, so a repository still holding images is never deleted, and
 *   `prevent_destroy` is on by default.
 *
 * Construct ids are API (changing one replaces the resource): `Resource` (the repository) and
 * `LifecyclePolicy`.
 *
 * @resource aws_ecr_repository
 * @stateful
 */
export class ImageRepository extends Construct {
  /**
   * The IAM statement `docker login` (`aws ecr get-login-password`) needs. `GetAuthorizationToken`
   * is a registry-wide action that accepts no resource but `*`; the token alone reaches no
   * repository, which the pull and push statements scope.
   */
  static authorizationTokenStatement(): PolicyStatement {
    return { Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" };
  }

  /** `<account>.dkr.ecr.<region>.amazonaws.com/<name>`, for image references. @attribute */
  readonly repositoryUrl: string;
  /** The repository ARN, for IAM policies, such as the push permissions of a CI role. @attribute */
  readonly repositoryArn: string;
  /** The repository name, as a reference to the repository. @attribute */
  readonly repositoryName: string;
  /** The repository resource. */
  readonly resource: EcrRepository;

  constructor(scope: Construct, id: string, props: ImageRepositoryProps) {
    super(scope, id);
    validateProps(this, props);
    this.resource = new EcrRepository(this, "Resource", {
      name: props.repositoryName,
      imageTagMutability: "IMMUTABLE",
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: "KMS", kmsKey: props.encryptionKey.keyArn }],
      forceDelete: false,
      lifecycle: (props.preventDestroy ?? true) ? { preventDestroy: true } : undefined,
    });
    new EcrLifecyclePolicy(this, "LifecyclePolicy", {
      repository: this.resource.name,
      policy: lifecyclePolicy(props.untaggedExpiryDays ?? 7, props.keepTaggedImages ?? 50),
    });
    this.repositoryUrl = this.resource.repositoryUrl;
    this.repositoryArn = this.resource.arn;
    this.repositoryName = this.resource.name;
  }

  /**
   * Lets its holder pull images from this repository, e.g. a node or build role. Combine with
   * {@link ImageRepository.authorizationTokenStatement} to log in.
   */
  pullStatement(): PolicyStatement {
    return { Effect: "Allow", Action: [...ECR_PULL_ACTIONS], Resource: this.repositoryArn };
  }

  /**
   * Lets its holder push (and pull) images to this repository, e.g. the CI role that runs Tutor.
   * Tags stay immutable, so a push can add images but never overwrite one. Combine with
   * {@link ImageRepository.authorizationTokenStatement} to log in.
   */
  pushStatement(): PolicyStatement {
    return { Effect: "Allow", Action: [...ECR_PUSH_ACTIONS], Resource: this.repositoryArn };
  }
}

/**
 * ECR evaluates rules by priority; an image matched by one rule is not counted by later ones, so
 * untagged images never count towards the tagged images kept.
 */
function lifecyclePolicy(untaggedExpiryDays: number, keepTaggedImages: number): string {
  return JSON.stringify({
    rules: [
      {
        rulePriority: 1,
        description: `Expire untagged images ${untaggedExpiryDays} day(s) after their push`,
        selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: untaggedExpiryDays },
        action: { type: "expire" },
      },
      {
        rulePriority: 2,
        description: `Keep the ${keepTaggedImages} most recently pushed tagged images`,
        selection: { tagStatus: "tagged", tagPatternList: ["*"], countType: "imageCountMoreThan", countNumber: keepTaggedImages },
        action: { type: "expire" },
      },
    ],
  });
}

const REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/** Checks every prop and reports all problems in one error. */
function validateProps(scope: Construct, props: ImageRepositoryProps): void {
  const problems: string[] = [];
  const name = props.repositoryName;
  if (!Token.isUnresolved(name) && (name.length < 2 || name.length > 256 || !REPOSITORY_NAME.test(name))) {
    problems.push(
      `repositoryName must be 2-256 lower-case letters and digits, separated by single ".", "_" or "-" within a component and "/" between components, got "${name}"`,
    );
  }
  const days = props.untaggedExpiryDays;
  if (days !== undefined && !Token.isUnresolved(days) && (!Number.isInteger(days) || days < 1)) {
    problems.push(`untaggedExpiryDays must be a whole number of days of at least 1, got ${days}`);
  }
  const keep = props.keepTaggedImages;
  if (keep !== undefined && !Token.isUnresolved(keep) && (!Number.isInteger(keep) || keep < 1)) {
    problems.push(`keepTaggedImages must be a whole number of at least 1, got ${keep}`);
  }
  if (problems.length > 0) {
    throw new ValidationError(problems.join("; "), scope);
  }
}

import { Construct } from "constructs";
import { ValidationError } from "../config/validation-error";
import { policyDocument, PolicyStatement } from "../iam/policy-document";
import { ExclusiveRole } from "../iam/private/exclusive-role";
import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST, GitHubOidcProvider } from "./github-oidc-provider";

/** Props of a {@link GitHubActionsRole}. */
export interface GitHubActionsRoleProps {
  /** The account's GitHub OIDC provider, the only principal the role trusts. */
  readonly provider: GitHubOidcProvider;
  /** The role name, at most 64 characters. */
  readonly roleName: string;
  /** Shown in the IAM console. */
  readonly description: string;
  /**
   * The exact `sub` claims allowed, e.g. `repo:example-org/openedx-infra:environment:production`;
   * matched with `StringEquals`, so a wildcard is refused.
   */
  readonly subjects: readonly string[];
  /**
   * ARNs of the managed policies; nothing else may be attached.
   * @default - none
   */
  readonly managedPolicyArns?: readonly string[];
  /**
   * Inline policies by name.
   * @default - none
   */
  readonly inlinePolicies?: Readonly<Record<string, PolicyStatement[]>>;
  /**
   * How long a session may last, in seconds (900 to 43200); `configure-aws-credentials` asks for
   * one hour unless told otherwise.
   * @default 3600
   */
  readonly maxSessionDurationSeconds?: number;
}

const SUBJECT = /^repo:[A-Za-z0-9-]+\/[A-Za-z0-9._-]+:(?:pull_request|environment:[A-Za-z0-9._-]+|ref:refs\/(?:heads|tags)\/[A-Za-z0-9._/-]+)$/;

/**
 * An IAM role that GitHub Actions assumes with `sts:AssumeRoleWithWebIdentity` through the
 * account's {@link GitHubOidcProvider}. The trust policy requires the audience
 * `sts.amazonaws.com` and one of the listed `sub` claims exactly (`StringEquals`), so only the
 * named repository's pull requests, branch or environment can obtain it, and sessions are
 * bounded. Its policies are owned exclusively by Terraform (a policy attached by hand is removed).
 *
 * @resource aws_iam_role
 */
export class GitHubActionsRole extends Construct {
  /** The role ARN, which `configure-aws-credentials` is given as `role-to-assume`. @attribute */
  readonly roleArn: string;
  /** The role name; attach nothing to it elsewhere: its policies are exclusive. @attribute */
  readonly roleName: string;
  /** The role and its exclusive policy attachments. */
  readonly role: ExclusiveRole;

  constructor(scope: Construct, id: string, props: GitHubActionsRoleProps) {
    super(scope, id);
    const duration = props.maxSessionDurationSeconds ?? 3600;
    if (props.subjects.length === 0) {
      throw new ValidationError("subjects must list at least one sub claim, e.g. \"repo:example-org/openedx-infra:pull_request\", got none", this);
    }
    for (const subject of props.subjects) {
      if (!SUBJECT.test(subject)) {
        throw new ValidationError(
          `subjects must be exact GitHub sub claims repo:<owner>/<repo>:pull_request, :environment:<name> or :ref:refs/heads/<branch>, without wildcards, got "${subject}"`,
          this,
        );
      }
    }
    if (!Number.isInteger(duration) || duration < 900 || duration > 43200) {
      throw new ValidationError(`maxSessionDurationSeconds must be a whole number of seconds from 900 to 43200, got ${duration}`, this);
    }
    if (props.roleName.length > 64 || !/^[\w+=,.@-]+$/.test(props.roleName)) {
      throw new ValidationError(`roleName must be 1-64 letters, digits or + = , . @ _ -, got "${props.roleName}"`, this);
    }
    this.role = new ExclusiveRole(this, "Role", {
      roleName: props.roleName,
      description: props.description,
      assumeRolePolicy: policyDocument([
        {
          Sid: "GitHubActionsOidc",
          Effect: "Allow",
          Principal: { Federated: props.provider.providerArn },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: {
              [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE,
              [`${GITHUB_OIDC_HOST}:sub`]: props.subjects.length === 1 ? props.subjects[0] : [...props.subjects],
            },
          },
        },
      ]),
      managedPolicyArns: props.managedPolicyArns ?? [],
      inlinePolicies: props.inlinePolicies ?? {},
    });
    this.role.role.maxSessionDuration = duration;
    this.roleArn = this.role.roleArn;
    this.roleName = this.role.roleName;
  }
}

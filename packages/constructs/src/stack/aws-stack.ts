import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Aspects, TerraformStack } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { ValidationError } from "../config/validation-error";
import { OPENEDX_AWS_PACK } from "../policy/packs/openedx-aws-pack";
import { PolicyAspect } from "../policy/policy-aspect";
import { PolicyPack } from "../policy/policy-pack";

/** Props of an {@link AwsStack}. */
export interface AwsStackProps {
  /** The 12-digit account the stack deploys to; the provider refuses any other account. */
  readonly accountId: string;
  /** The region of the stack's default AWS provider. */
  readonly region: string;
  /**
   * Tags on every resource of the stack, as provider default tags.
   * @default - no tags
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Policy packs checked at synth: a violation fails synth unless suppressed with a reason.
   * Passing an empty list turns the guardrails off for the stack.
   * @default - the OpenedxAws pack
   */
  readonly policyPacks?: readonly PolicyPack[];
}

/**
 * A Terraform stack with one AWS provider pinned to an account and region, checked by the policy
 * packs at synth. Constructs read the
 * account and region from here ({@link AwsStack.of}) rather than from data sources, so the stack
 * plans offline and never resolves them against whichever credentials happen to be active.
 */
export class AwsStack extends TerraformStack {
  /** Finds the AWS stack a construct belongs to. */
  static override of(construct: IConstruct): AwsStack {
    const stack = TerraformStack.of(construct);
    if (!(stack instanceof AwsStack)) {
      throw new ValidationError(`construct must be placed in an AwsStack (found ${stack.constructor.name})`, construct);
    }
    return stack;
  }

  /**
   * The 12-digit account the stack deploys to (the provider's `allowed_account_ids`). Read it
   * instead of `aws_caller_identity` so ARNs and policies resolve at synth and plan offline.
   */
  readonly accountId: string;
  /**
   * The region of the stack's default provider. Read it instead of `aws_region` for regional
   * ARNs, endpoint service names and service principals such as `logs.<region>.amazonaws.com`.
   */
  readonly region: string;
  /** The stack's default AWS provider. */
  readonly provider: AwsProvider;
  /** The policy packs the stack is checked against at synth. */
  readonly policyPacks: readonly PolicyPack[];

  constructor(scope: Construct, id: string, props: AwsStackProps) {
    super(scope, id);
    this.accountId = props.accountId;
    this.region = props.region;
    this.provider = new AwsProvider(this, "aws", {
      region: props.region,
      allowedAccountIds: [props.accountId],
      ...(props.tags && Object.keys(props.tags).length > 0 ? { defaultTags: [{ tags: { ...props.tags } }] } : {}),
    });
    this.policyPacks = props.policyPacks ?? [OPENEDX_AWS_PACK];
    if (this.policyPacks.length > 0) Aspects.of(this).add(new PolicyAspect(this.policyPacks));
  }

  /** `arn:aws:<service>:<region>:<account>:<resource>`; IAM ARNs carry no region. */
  formatArn(service: string, resource: string): string {
    return `arn:aws:${service}:${service === "iam" ? "" : this.region}:${this.accountId}:${resource}`;
  }
}

import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePoliciesExclusive } from "@cdktf/provider-aws/lib/iam-role-policies-exclusive";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachmentsExclusive } from "@cdktf/provider-aws/lib/iam-role-policy-attachments-exclusive";
import { ITerraformDependable, Lazy } from "cdktf";
import { Construct } from "constructs";
import { policyDocument, PolicyStatement } from "../policy-document";

/** Props of an {@link ExclusiveRole}. */
export interface ExclusiveRoleProps {
  /** The role name, at most 64 characters. */
  readonly roleName: string;
  /** Shown in the IAM console. */
  readonly description: string;
  /** The trust policy document (JSON). */
  readonly assumeRolePolicy: string;
  /** ARNs of the managed policies; nothing else may be attached. */
  readonly managedPolicyArns: readonly string[];
  /**
   * Inline policies by name. The statement arrays are kept by reference and rendered at synth, so
   * the owner can add statements after construction.
   */
  readonly inlinePolicies: Readonly<Record<string, PolicyStatement[]>>;
}

/**
 * An IAM role whose managed and inline policies Terraform owns exclusively: a policy attached by
 * hand or by another stack is removed on the next apply, so the role never holds more than the
 * code says.
 */
export class ExclusiveRole extends Construct {
  readonly role: IamRole;
  readonly roleArn: string;
  readonly roleName: string;
  /**
   * The policy resources. Whatever uses the role depends on these, so it is created after the
   * permissions exist and destroyed before they go away.
   */
  readonly policies: ITerraformDependable[];

  constructor(scope: Construct, id: string, props: ExclusiveRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, "Resource", {
      name: props.roleName,
      description: props.description,
      assumeRolePolicy: props.assumeRolePolicy,
      // The exclusive-attachment resources do not detach on destroy, so without this the role
      // deletion would fail with DeleteConflict.
      forceDetachPolicies: true,
    });
    this.roleArn = this.role.arn;
    this.roleName = this.role.name;

    const managed = new IamRolePolicyAttachmentsExclusive(this, "ManagedPolicies", {
      roleName: this.role.name,
      policyArns: [...props.managedPolicyArns],
    });
    const inline = Object.entries(props.inlinePolicies).map(
      ([name, statements]) =>
        new IamRolePolicy(this, `Policy-${name}`, {
          name,
          role: this.role.name,
          policy: Lazy.stringValue({ produce: () => policyDocument(statements) }),
        }),
    );
    const inlineExclusive = new IamRolePoliciesExclusive(this, "InlinePolicies", {
      roleName: this.role.name,
      policyNames: inline.map((policy) => policy.name),
    });
    this.policies = [managed, ...inline, inlineExclusive];
  }
}

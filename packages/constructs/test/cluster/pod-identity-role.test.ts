import { TerraformOutput } from "cdktf";
import { describe, expect, it } from "vitest";
import { PodIdentityRoleOptions } from "../../src/cluster/pod-identity-role";
import { PolicyStatement } from "../../src/iam/policy-document";
import { policyOf, SynthesizedStack } from "../synth";
import { ACCOUNT_ID, testCluster } from "./cluster-fixture";

const READ_MEDIA: PolicyStatement = { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::media/*" };
const WRITE_MEDIA: PolicyStatement = { Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::media/*" };

function withPodIdentity(options: Partial<PodIdentityRoleOptions> = {}) {
  const { stack, cluster } = testCluster();
  const role = cluster.addPodIdentityRole("Lms", { namespace: "openedx", serviceAccount: "lms", policyStatements: [READ_MEDIA], ...options });
  return { stack, cluster, role };
}

describe("PodIdentityRole", () => {
  const { stack, role } = withPodIdentity();
  role.addToPolicy(WRITE_MEDIA);
  const synthesized = new SynthesizedStack(stack);
  const roleResource = synthesized.byPath("aws_iam_role", "cluster/Lms/Role/Resource");

  it("associates the role with the service account on the cluster, after its permissions exist", () => {
    const association = synthesized.byPath("aws_eks_pod_identity_association", "cluster/Lms/Resource");
    expect(association).toMatchObject({
      cluster_name: synthesized.ref("aws_eks_cluster", "cluster/Resource", "name"),
      namespace: "openedx",
      service_account: "lms",
      role_arn: synthesized.ref("aws_iam_role", "cluster/Lms/Role/Resource", "arn"),
    });
    expect(association.depends_on).toContain(
      synthesized.ref("aws_iam_role_policy", "cluster/Lms/Role/Policy-pod-permissions", "x").replace(/^\$\{(.*)\.x\}$/, "$1"),
    );
  });

  it("is trusted by Pod Identity of this account, for this cluster, namespace and service account only", () => {
    expect(roleResource.name).toBe("openedx-test-openedx-lms");
    expect(policyOf(roleResource.assume_role_policy).Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "pods.eks.amazonaws.com" },
        Action: ["sts:AssumeRole", "sts:TagSession"],
        Condition: {
          StringEquals: {
            "aws:SourceAccount": ACCOUNT_ID,
            "aws:RequestTag/eks-cluster-name": "openedx-test",
            "aws:RequestTag/kubernetes-namespace": "openedx",
            "aws:RequestTag/kubernetes-service-account": "lms",
          },
        },
      },
    ]);
  });

  it("holds the given statements, and those added later, as its only policy", () => {
    expect(policyOf(synthesized.byPath("aws_iam_role_policy", "cluster/Lms/Role/Policy-pod-permissions").policy).Statement).toEqual([READ_MEDIA, WRITE_MEDIA]);
    expect(synthesized.byPath("aws_iam_role_policy_attachments_exclusive", "cluster/Lms/Role/ManagedPolicies").policy_arns).toEqual([]);
    expect(synthesized.byPath("aws_iam_role_policies_exclusive", "cluster/Lms/Role/InlinePolicies").policy_names).toEqual([
      synthesized.ref("aws_iam_role_policy", "cluster/Lms/Role/Policy-pod-permissions", "name"),
    ]);
  });

  it("exposes the role ARN", () => {
    const { stack: other, role: otherRole } = withPodIdentity();
    new TerraformOutput(other, "role", { value: otherRole.roleArn, staticId: true });
    const json = new SynthesizedStack(other);
    expect((json.json.output?.role as { value: string }).value).toBe(json.ref("aws_iam_role", "cluster/Lms/Role/Resource", "arn"));
  });

  it.each<[string, Partial<PodIdentityRoleOptions>, string]>([
    [
      "the namespace is not a DNS-1123 label",
      { namespace: "Open_edX" },
      'namespace must be a Kubernetes DNS-1123 label (1-63 lowercase letters, digits or "-", starting and ending with a letter or digit), got "Open_edX"',
    ],
    [
      "the service account is not a DNS-1123 label",
      { serviceAccount: "lms-" },
      'serviceAccount must be a Kubernetes DNS-1123 label (1-63 lowercase letters, digits or "-", starting and ending with a letter or digit), got "lms-"',
    ],
    [
      "the service account is longer than 63 characters",
      { serviceAccount: "a".repeat(64) },
      `serviceAccount must be a Kubernetes DNS-1123 label (1-63 lowercase letters, digits or "-", starting and ending with a letter or digit), got "${"a".repeat(64)}"`,
    ],
    ["there is no policy statement", { policyStatements: [] }, "policyStatements must hold at least one statement: IAM rejects an empty inline policy"],
  ])("throws when %s", (_, options, message) => {
    expect(() => withPodIdentity(options)).toThrow(`${message} (at test/cluster/Lms)`);
  });
});

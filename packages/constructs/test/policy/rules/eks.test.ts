import { EksCluster, EksClusterConfig } from "@cdktf/provider-aws/lib/eks-cluster";
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { Construct } from "constructs";
import { describe, expect, it } from "vitest";
import { annotations, ruleStack, synthFailure, violationLines } from "../fixtures";

const PATH = "test/cluster/Resource";

/** An EKS cluster at `test/cluster/Resource`, compliant with every EKS rule unless `props` say otherwise. */
function cluster(stack: TerraformStack, props: Partial<EksClusterConfig> = {}): EksCluster {
  return new EksCluster(new Construct(stack, "cluster"), "Resource", {
    name: "openedx",
    roleArn: "arn:aws:iam::123456789012:role/eks",
    vpcConfig: { subnetIds: ["subnet-1", "subnet-2"], endpointPublicAccess: false, endpointPrivateAccess: true },
    encryptionConfig: { resources: ["secrets"], provider: { keyArn: "arn:aws:kms:eu-west-1:123456789012:key/1" } },
    enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
    ...props,
  });
}

describe("OpenedxAws-EKS1: the cluster encrypts secrets with a KMS key", () => {
  it("fails without encryption_config", () => {
    const stack = ruleStack("OpenedxAws-EKS1");
    cluster(stack, { encryptionConfig: undefined });
    const message = synthFailure(stack);
    expect(message).toContain("[OpenedxAws-EKS1] the EKS cluster does not encrypt Kubernetes secrets with a KMS key at test/cluster/Resource (aws_eks_cluster.cluster_");
  });

  it("fails when the encrypted resources do not include secrets", () => {
    const stack = ruleStack("OpenedxAws-EKS1");
    cluster(stack, { encryptionConfig: { resources: ["configmaps"], provider: { keyArn: "arn:aws:kms:eu-west-1:123456789012:key/1" } } });
    expect(synthFailure(stack)).toContain(`[OpenedxAws-EKS1] the EKS cluster does not encrypt Kubernetes secrets with a KMS key at ${PATH}`);
  });

  it("passes with secrets encrypted by a key given as a reference", () => {
    const stack = ruleStack("OpenedxAws-EKS1");
    const key = new TerraformVariable(stack, "key_arn", { type: "string" });
    cluster(stack, { encryptionConfig: { resources: ["secrets"], provider: { keyArn: key.stringValue } } });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("reports an unresolvable resources list as a violation", () => {
    const stack = ruleStack("OpenedxAws-EKS1");
    const resources = new TerraformVariable(stack, "resources", { type: "list(string)" });
    cluster(stack, { encryptionConfig: { resources: resources.listValue, provider: { keyArn: "arn:aws:kms:eu-west-1:123456789012:key/1" } } });
    expect(synthFailure(stack)).toContain(`[OpenedxAws-EKS1] rule threw: encryption_config[0].resources is the Terraform expression "\${var.resources}"`);
  });
});

describe("OpenedxAws-EKS2: the cluster sends every control-plane log type", () => {
  it("fails once per missing log type", () => {
    const stack = ruleStack("OpenedxAws-EKS2");
    cluster(stack, { enabledClusterLogTypes: ["api", "audit", "authenticator"] });
    const lines = violationLines(stack);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\[OpenedxAws-EKS2\[controllerManager\]\] the EKS cluster does not send every control-plane log type to CloudWatch at test\/cluster\/Resource \(aws_eks_cluster\.cluster_[0-9A-F]{8}\): /);
    expect(lines[1]).toMatch(/^\[OpenedxAws-EKS2\[scheduler\]\] /);
  });

  it("names all five types when none is enabled", () => {
    const stack = ruleStack("OpenedxAws-EKS2");
    cluster(stack, { enabledClusterLogTypes: undefined });
    expect(violationLines(stack).map((line) => /^\[OpenedxAws-EKS2\[(\w+)\]\]/.exec(line)?.[1])).toEqual([
      "api",
      "audit",
      "authenticator",
      "controllerManager",
      "scheduler",
    ]);
  });

  it("passes with all five types", () => {
    const stack = ruleStack("OpenedxAws-EKS2");
    cluster(stack);
    expect(() => Testing.synth(stack, true)).not.toThrow();
    expect(annotations(stack, "error")).toEqual([]);
  });

  it("reports an unresolvable log type list as a violation", () => {
    const stack = ruleStack("OpenedxAws-EKS2");
    const types = new TerraformVariable(stack, "log_types", { type: "list(string)" });
    cluster(stack, { enabledClusterLogTypes: types.listValue });
    expect(synthFailure(stack)).toContain("[OpenedxAws-EKS2] rule threw: enabled_cluster_log_types is the Terraform expression");
  });
});

describe("OpenedxAws-EKS3: the API endpoint is not open to the whole internet", () => {
  it("fails when endpoint_public_access is unset, since AWS defaults it to public", () => {
    const stack = ruleStack("OpenedxAws-EKS3");
    cluster(stack, { vpcConfig: { subnetIds: ["subnet-1"] } });
    expect(violationLines(stack)).toEqual([expect.stringMatching(/^\[OpenedxAws-EKS3\] the EKS API endpoint is reachable from the whole internet at test\/cluster\/Resource /)]);
  });

  it("fails when public without public_access_cidrs", () => {
    const stack = ruleStack("OpenedxAws-EKS3");
    cluster(stack, { vpcConfig: { subnetIds: ["subnet-1"], endpointPublicAccess: true } });
    expect(synthFailure(stack)).toContain(`[OpenedxAws-EKS3] the EKS API endpoint is reachable from the whole internet at ${PATH}`);
  });

  it("fails when public to 0.0.0.0/0", () => {
    const stack = ruleStack("OpenedxAws-EKS3");
    cluster(stack, { vpcConfig: { subnetIds: ["subnet-1"], endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24", "0.0.0.0/0"] } });
    expect(synthFailure(stack)).toContain(`[OpenedxAws-EKS3] the EKS API endpoint is reachable from the whole internet at ${PATH}`);
  });

  it("passes when private", () => {
    const stack = ruleStack("OpenedxAws-EKS3");
    cluster(stack);
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("passes when public only to listed CIDRs", () => {
    const stack = ruleStack("OpenedxAws-EKS3");
    cluster(stack, { vpcConfig: { subnetIds: ["subnet-1"], endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] } });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("reports an unresolvable endpoint_public_access as a violation", () => {
    const stack = ruleStack("OpenedxAws-EKS3");
    const isPublic = new TerraformVariable(stack, "public", { type: "bool" });
    cluster(stack, { vpcConfig: { subnetIds: ["subnet-1"], endpointPublicAccess: isPublic.booleanValue } });
    expect(synthFailure(stack)).toContain(
      `[OpenedxAws-EKS3] rule threw: vpc_config.endpoint_public_access is the Terraform expression "\${var.public}", known only at apply time; set a literal value, or suppress the rule with a reason if the expression is safe at ${PATH}`,
    );
  });
});

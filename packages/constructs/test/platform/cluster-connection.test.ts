import { TerraformOutput, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { ClusterConnection, EKS_EXEC_API_VERSION } from "../../src/platform/cluster-connection";
import { testStack } from "../synth";

interface Synthesized {
  data: { aws_eks_cluster: Record<string, { name: string }> };
  provider: { kubernetes: Record<string, unknown>[]; helm: Record<string, unknown>[] };
}

function synth(props: { clusterName: string; region: string; roleArn?: string }): { json: Synthesized; connection: ClusterConnection } {
  const stack = testStack();
  const connection = new ClusterConnection(stack, "Connection", props);
  return { json: JSON.parse(Testing.synth(stack)) as Synthesized, connection };
}

describe("ClusterConnection", () => {
  it("reads the cluster by name and configures both providers from its endpoint and CA with exec auth", () => {
    const { json, connection } = synth({ clusterName: "openedx-production", region: "eu-west-1" });
    const clusters = Object.entries(json.data.aws_eks_cluster);
    expect(clusters).toHaveLength(1);
    const [name, cluster] = clusters[0];
    expect(cluster.name).toBe("openedx-production");

    const host = `\${data.aws_eks_cluster.${name}.endpoint}`;
    const ca = `\${base64decode(data.aws_eks_cluster.${name}.certificate_authority[0].data)}`;
    const exec = {
      api_version: "client.authentication.k8s.io/v1beta1",
      command: "aws",
      args: ["eks", "get-token", "--cluster-name", "openedx-production", "--region", "eu-west-1"],
    };
    expect(json.provider.kubernetes).toEqual([{ host, cluster_ca_certificate: ca, exec: [exec] }]);
    expect(json.provider.helm).toEqual([{ kubernetes: { host, cluster_ca_certificate: ca, exec } }]);
    expect(EKS_EXEC_API_VERSION).toBe("client.authentication.k8s.io/v1beta1");

    expect(connection.kubernetesProvider.node.id).toBe("Kubernetes");
    expect(connection.helmProvider.node.id).toBe("Helm");
  });

  it("exposes the endpoint and name as references to the data source", () => {
    const stack = testStack();
    const connection = new ClusterConnection(stack, "Connection", { clusterName: "openedx-production", region: "eu-west-1" });
    new TerraformOutput(stack, "endpoint", { value: connection.clusterEndpoint });
    new TerraformOutput(stack, "name", { value: connection.clusterName });
    const json = JSON.parse(Testing.synth(stack)) as Synthesized & { output: Record<string, { value: string }> };
    const [name] = Object.keys(json.data.aws_eks_cluster);
    expect(json.output.endpoint.value).toBe(`\${data.aws_eks_cluster.${name}.endpoint}`);
    expect(json.output.name.value).toBe(`\${data.aws_eks_cluster.${name}.name}`);
  });

  it("adds --role-arn when a role is given", () => {
    const { json } = synth({ clusterName: "openedx-staging", region: "us-east-1", roleArn: "arn:aws:iam::111122223333:role/ci/Deployer" });
    const args = ["eks", "get-token", "--cluster-name", "openedx-staging", "--region", "us-east-1", "--role-arn", "arn:aws:iam::111122223333:role/ci/Deployer"];
    expect((json.provider.kubernetes[0].exec as { args: string[] }[])[0].args).toEqual(args);
    expect((json.provider.helm[0].kubernetes as { exec: { args: string[] } }).exec.args).toEqual(args);
  });

  it("fails on a bad cluster name, region and role ARN, reporting all three", () => {
    expect(() => new ClusterConnection(testStack(), "Connection", { clusterName: "-bad name", region: "mars-1", roleArn: "arn:aws:iam::1234:user/x" })).toThrow(
      'clusterName must be 1-100 letters, digits, "-" or "_", starting with a letter or digit, got "-bad name"; ' +
        'region must be a commercial AWS region such as "eu-west-1", got "mars-1"; ' +
        'roleArn must be an IAM role ARN "arn:aws:iam::<12-digit account>:role/[<path>/]<name>", got "arn:aws:iam::1234:user/x" (at test/Connection)',
    );
  });
});

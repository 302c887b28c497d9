import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { buildEnvironmentApp } from "../../src/environment/environment-app";
import { IdentityStack } from "../../src/environment/identity-stack";
import { OpenedxApp } from "../../src/stack/openedx-app";
import { productionInput, stagingInput } from "../fixtures";
import { policyOf } from "../synth";

type Resources = Record<string, Record<string, Record<string, unknown>>>;
interface StackJson {
  resource: Resources;
  output: Record<string, { value: string; description: string }>;
  terraform: { backend: { s3: Record<string, unknown> } };
  data?: Record<string, Record<string, { config: Record<string, unknown> }>>;
}

/** An environment's stacks, synthesized as a whole app so cross-stack references are wired. */
function synthesizedIdentity(environment = productionInput()): { app: OpenedxApp; identity: IdentityStack; json: StackJson } {
  const app = buildEnvironmentApp([environment], { outdir: Testing.app().outdir });
  const name = String(environment.name);
  const identity = app.node.findChild(`${name}-identity`) as IdentityStack;
  app.synth();
  const json = JSON.parse(readFileSync(join(app.outdir, "stacks", `${name}-identity`, "cdk.tf.json"), "utf8")) as StackJson;
  return { app, identity, json };
}

/** The resource of a type whose construct path ends with `suffix`, with its Terraform name. */
function byPath(json: StackJson, type: string, suffix: string): { name: string; config: Record<string, unknown> } {
  const found = Object.entries(json.resource[type] ?? {}).find(([, config]) => String((config["//"] as { metadata: { path: string } }).metadata.path).endsWith(suffix));
  if (!found) throw new Error(`no ${type} at ${suffix}`);
  return { name: found[0], config: found[1] };
}

describe("IdentityStack", () => {
  const { app, identity, json } = synthesizedIdentity();
  const remote = (stack: string, output: string) => new RegExp(`^\\$\\{data\\.terraform_remote_state\\.cross-stack-reference-input-production-${stack}\\.outputs\\.${output}\\}$`);
  const inlinePolicy = (id: string) => policyOf(byPath(json, "aws_iam_role_policy", `${id}/Role/Policy-pod-permissions`).config.policy).Statement;

  it("holds exactly three Pod Identity roles, for openedx/openedx, openedx/openedx-backup and cert-manager/cert-manager on the environment's cluster", () => {
    expect(Object.keys(json.resource.aws_eks_pod_identity_association)).toHaveLength(3);
    expect(Object.keys(json.resource.aws_iam_role)).toHaveLength(3);
    for (const [id, namespace, serviceAccount] of [
      ["openedx", "openedx", "openedx"],
      ["logical-dump", "openedx", "openedx-backup"],
      ["cert-manager", "cert-manager", "cert-manager"],
    ]) {
      const association = byPath(json, "aws_eks_pod_identity_association", `production-identity/${id}/Resource`).config;
      expect(association).toMatchObject({ namespace, service_account: serviceAccount });
      expect(association.cluster_name).toMatch(remote("cluster", "[^}]+"));
      const role = byPath(json, "aws_iam_role", `production-identity/${id}/Role/Resource`);
      expect(association.role_arn).toBe(`\${aws_iam_role.${role.name}.arn}`);
      expect(role.config.name).toBe(`openedx-production-${namespace}-${serviceAccount}`);
      expect(policyOf(role.config.assume_role_policy).Statement[0].Condition).toEqual({
        StringEquals: {
          "aws:SourceAccount": "111122223333",
          "aws:RequestTag/eks-cluster-name": "openedx-production",
          "aws:RequestTag/kubernetes-namespace": namespace,
          "aws:RequestTag/kubernetes-service-account": serviceAccount,
        },
      });
    }
  });

  it("lets Open edX read and write the media bucket with its key, and send mail only through the edge's SES identity", () => {
    const statements = inlinePolicy("openedx");
    expect(statements).toHaveLength(4);
    const [objects, bucket, key, mail] = statements;
    expect(objects).toMatchObject({
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
    });
    expect(objects.Resource).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-production-data\.outputs\.[^}]+\}\/\*$/);
    expect(bucket).toMatchObject({ Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"] });
    expect(bucket.Resource).toMatch(remote("data", "[^}]+"));
    expect(key).toMatchObject({ Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"] });
    expect(key.Resource).toMatch(remote("keys", "[^}]+"));
    expect(mail).toMatchObject({ Sid: "SendMailFromTheEnvironmentDomain", Effect: "Allow", Action: ["ses:SendEmail", "ses:SendRawEmail"] });
    const [identityArn, configurationSet] = mail.Resource as string[];
    expect(identityArn).toMatch(remote("edge", "[^}]+"));
    expect(configurationSet).toMatch(/^arn:aws:ses:eu-west-1:111122223333:configuration-set\/\$\{data\.terraform_remote_state\.cross-stack-reference-input-production-edge\.outputs\.[^}]+\}$/);
  });

  it("lets cert-manager change only _acme-challenge TXT records, in the environment's zone only", () => {
    const statements = inlinePolicy("cert-manager");
    const zoneArn = statements[1].Resource as string;
    expect(zoneArn).toMatch(remote("edge", "[^}]+"));
    expect(statements).toEqual([
      { Sid: "ReadChangeStatus", Effect: "Allow", Action: "route53:GetChange", Resource: "arn:aws:route53:::change/*" },
      {
        Sid: "ChangeChallengeRecordsOnly",
        Effect: "Allow",
        Action: "route53:ChangeResourceRecordSets",
        Resource: zoneArn,
        Condition: {
          "ForAllValues:StringEquals": { "route53:ChangeResourceRecordSetsRecordTypes": ["TXT"] },
          "ForAllValues:StringLike": { "route53:ChangeResourceRecordSetsNormalizedRecordNames": ["_acme-challenge.*"] },
        },
      },
      { Sid: "ListZoneRecords", Effect: "Allow", Action: "route53:ListResourceRecordSets", Resource: zoneArn },
      { Sid: "FindZoneByName", Effect: "Allow", Action: "route53:ListHostedZonesByName", Resource: "*" },
    ]);
  });

  it("points the zone ARN at the edge's hosted zone", () => {
    const edge = JSON.parse(readFileSync(join(app.outdir, "stacks", "production-edge", "cdk.tf.json"), "utf8")) as StackJson;
    const zone = byPath(edge, "aws_route53_zone", "zone/Resource");
    const zoneArnOutput = Object.entries(edge.output).find(([, output]) => output.value === `\${aws_route53_zone.${zone.name}.arn}`);
    expect(zoneArnOutput).toBeDefined();
    expect(inlinePolicy("cert-manager")[1].Resource).toBe(`\${data.terraform_remote_state.cross-stack-reference-input-production-edge.outputs.${zoneArnOutput![0]}}`);
  });

  it("publishes the role ARNs as stable outputs", () => {
    // cdktf writes outputs sorted by name.
    expect(Object.keys(json.output).filter((name) => !name.startsWith("cross-stack-output-"))).toEqual([
      "cert_manager_role_arn",
      "logical_dump_role_arn",
      "openedx_role_arn",
    ]);
    expect(json.output.logical_dump_role_arn.value).toBe(`\${aws_iam_role.${byPath(json, "aws_iam_role", "logical-dump/Role/Resource").name}.arn}`);
    expect(json.output.openedx_role_arn.description).toBe("Pod Identity role of the openedx service account in the openedx namespace");
    expect(json.output.openedx_role_arn.value).toBe(`\${aws_iam_role.${byPath(json, "aws_iam_role", "openedx/Role/Resource").name}.arn}`);
    expect(json.output.cert_manager_role_arn.value).toBe(`\${aws_iam_role.${byPath(json, "aws_iam_role", "cert-manager/Role/Resource").name}.arn}`);
    expect(identity.openedxRole.roleArn).toBeDefined();
    expect(identity.certManagerRole.roleArn).toBeDefined();
  });

  it("keeps its state at <environment>/identity.tfstate and is checked by the production packs", () => {
    expect(json.terraform.backend.s3).toMatchObject({ key: "production/identity.tfstate", encrypt: true });
    expect(identity.component).toBe("identity");
    expect(identity.policyPacks.map((pack) => pack.name)).toEqual(["OpenedxAws", "OpenedxAwsProduction"]);
  });

  it("synthesizes for a non-production environment too", () => {
    const staging = synthesizedIdentity(stagingInput());
    expect(staging.identity.policyPacks.map((pack) => pack.name)).toEqual(["OpenedxAws"]);
    expect(byPath(staging.json, "aws_iam_role", "openedx/Role/Resource").config.name).toBe("openedx-staging-openedx-openedx");
  });
});

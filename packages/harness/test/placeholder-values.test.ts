import { describe, expect, it } from "vitest";
import { PLACEHOLDER_LIST_LENGTH, placeholderFor } from "../src/placeholder-values";

const UUID = "4f1c2b9e-1d2c-4a3b-8c4d-5e6f7a8b9c0d";
const context = { region: "eu-west-1", accountId: "111122223333", newUuid: () => UUID };

describe("placeholderFor", () => {
  it.each([
    ["${aws_kms_key.security_logs_9815CAE8.arn}", `arn:aws:kms:eu-west-1:111122223333:key/${UUID}`],
    ["${aws_kms_key.logs.id}", UUID],
    ["${aws_kms_key.logs.key_id}", UUID],
    ["${aws_iam_role.node_ABC123.arn}", "arn:aws:iam::111122223333:role/placeholder-node_ABC123"],
    ["${aws_eks_cluster.main.role_arn}", "arn:aws:iam::111122223333:role/placeholder-main"],
    ["${aws_cloudwatch_log_group.app.arn}", "arn:aws:logs:eu-west-1:111122223333:log-group/placeholder"],
    ["${aws_eks_cluster.main.arn}", "arn:aws:eks:eu-west-1:111122223333:cluster/placeholder"],
    ["${aws_lb.ingress.arn}", "arn:aws:elasticloadbalancing:eu-west-1:111122223333:lb/placeholder"],
    ["${aws_s3_bucket.state.arn}", "arn:aws:s3:::placeholder-state"],
    ["${aws_subnet.network_private-a_1234ABCD.id}", "subnet-placeholder-network-private-a-1234abcd"],
    ["${aws_security_group.node.id}", "sg-placeholder-node"],
    ["${aws_vpc.main.id}", "vpc-placeholder-main"],
    ["${aws_eks_cluster.main.endpoint}", "placeholder-endpoint"],
    ["${aws_eks_cluster.main.certificate_authority[0].data}", "placeholder-data"],
    ["${data.aws_iam_policy_document.assume.json}", "placeholder-json"],
  ])("%s is the string %s", (expression, expected) => {
    expect(placeholderFor(expression, context)).toEqual({ value: expected, type: "string" });
  });

  it("gives a fresh UUID v4 per KMS key when no generator is injected", () => {
    const first = placeholderFor("${aws_kms_key.a.arn}", { region: "eu-west-1", accountId: "111122223333" });
    const second = placeholderFor("${aws_kms_key.a.arn}", { region: "eu-west-1", accountId: "111122223333" });
    // The S3 backend and the KMS-consuming resources insist on a version-4 UUID after `key/`.
    expect(first.value).toMatch(/^arn:aws:kms:eu-west-1:111122223333:key\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(first.value).not.toEqual(second.value);
  });

  it.each([
    ["${aws_subnet.private[*].id}"],
    ["${aws_subnet.private.*.id}"],
    ["${tolist(aws_subnet.private[*].id)}"],
    ["${data.aws_subnets.private.ids}"],
  ])("%s is a list of distinct subnet ids", (expression) => {
    const placeholder = placeholderFor(expression, context);
    expect(placeholder.type).toEqual(["list", "string"]);
    expect(placeholder.value).toHaveLength(PLACEHOLDER_LIST_LENGTH);
    expect(placeholder.value).toEqual([
      "subnet-placeholder-private-1",
      "subnet-placeholder-private-2",
      "subnet-placeholder-private-3",
    ]);
  });

  it("turns a tuple of references into one element per reference", () => {
    expect(placeholderFor("${[aws_subnet.a.id, aws_subnet.b.id]}", context)).toEqual({
      value: ["subnet-placeholder-a-1", "subnet-placeholder-b-2"],
      type: ["list", "string"],
    });
  });

  it("turns a JSON array of references into a list", () => {
    expect(placeholderFor(["${aws_iam_role.a.arn}", "${aws_iam_role.b.arn}"], context)).toEqual({
      value: ["arn:aws:iam::111122223333:role/placeholder-a-1", "arn:aws:iam::111122223333:role/placeholder-b-2"],
      type: ["list", "string"],
    });
  });

  it("treats a list attribute of a typed owner as a list of that type's ids", () => {
    expect(placeholderFor("${aws_eks_cluster.main.vpc_config[0].subnet_ids}", context).value).toEqual([
      "subnet-placeholder-main-1",
      "subnet-placeholder-main-2",
      "subnet-placeholder-main-3",
    ]);
  });

  it("keeps literals and their types", () => {
    expect(placeholderFor("eu-west-1", context)).toEqual({ value: "eu-west-1", type: "string" });
    expect(placeholderFor(3, context)).toEqual({ value: 3, type: "number" });
    expect(placeholderFor(true, context)).toEqual({ value: true, type: "bool" });
  });

  it("falls back to a plain string when the expression names no resource", () => {
    expect(placeholderFor("${var.domain}", context)).toEqual({ value: "placeholder", type: "string" });
    expect(placeholderFor("app-${aws_vpc.main.id}", context)).toEqual({ value: "placeholder", type: "string" });
  });
});

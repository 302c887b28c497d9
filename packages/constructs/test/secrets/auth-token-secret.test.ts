import { describe, expect, it } from "vitest";
import { AuthTokenSecret, AuthTokenSecretProps } from "../../src/secrets";
import { SynthesizedStack } from "../synth";
import { dataFixture, plaintextSecrets, rejectionOf, resolvedAttributes } from "../construct-fixture";

function build(overrides: Partial<AuthTokenSecretProps> = {}) {
  const fixture = dataFixture();
  const secret = new AuthTokenSecret(fixture.stack, "token", { secretName: "openedx-test/auth-token", encryptionKey: fixture.encryptionKey, ...overrides });
  return { ...fixture, secret };
}

describe("AuthTokenSecret", () => {
  const { stack, secret } = build();
  const { synthesized, values } = resolvedAttributes(stack, {
    token: secret.token,
    secretArn: secret.secretArn,
    secretName: secret.secretName,
    username: secret.username,
  });
  const generator = synthesized.byPath("terraform_data", "token/Token");
  const tokenReference = `sensitive(terraform_data.${synthesized.resources("terraform_data")[0][0]}.output["token"])`;

  it("generates 64 hexadecimal characters from two uuid() values, once, kept out of plan output", () => {
    expect(generator.input).toEqual({ token: '${sensitive("${replace(uuid(), "-", "")}${replace(uuid(), "-", "")}")}' });
    expect(generator.lifecycle).toEqual({ ignore_changes: ["input"] });
  });

  it("uses no provider but AWS", () => {
    expect(Object.keys(synthesized.json.provider ?? {})).toEqual(["aws"]);
    expect(Object.keys(synthesized.json.resource ?? {}).filter((type) => !type.startsWith("aws_"))).toEqual(["terraform_data"]);
  });

  it("keeps the token in a secret encrypted with the given key, restorable for 30 days", () => {
    expect(synthesized.byPath("aws_secretsmanager_secret", "token/Resource")).toMatchObject({
      name: "openedx-test/auth-token",
      kms_key_id: synthesized.ref("aws_kms_key", "databases/Resource", "arn"),
      recovery_window_in_days: 30,
    });
  });

  it("stores the user name and the token as JSON built by Terraform from the reference", () => {
    const version = synthesized.byPath("aws_secretsmanager_secret_version", "token/Version");
    expect(version.secret_id).toBe(synthesized.ref("aws_secretsmanager_secret", "token/Resource", "id"));
    expect(version.secret_string).toBe(`\${jsonencode({"username" = "default", "password" = ${tokenReference}})}`);
  });

  it("exposes the token as a sensitive reference, never a value", () => {
    expect(values).toEqual({
      token: `\${${tokenReference}}`,
      secretArn: synthesized.ref("aws_secretsmanager_secret", "token/Resource", "arn"),
      secretName: synthesized.ref("aws_secretsmanager_secret", "token/Resource", "name"),
      username: "default",
    });
    expect(plaintextSecrets(synthesized.json)).toEqual([]);
  });

  it("takes another user name and recovery window", () => {
    const custom = build({ username: "openedx", recoveryWindowInDays: 7 });
    const customSynth = new SynthesizedStack(custom.stack);
    expect(customSynth.byPath("aws_secretsmanager_secret", "token/Resource").recovery_window_in_days).toBe(7);
    expect(customSynth.byPath("aws_secretsmanager_secret_version", "token/Version").secret_string).toContain('"username" = "openedx"');
  });

  it.each<[string, Partial<AuthTokenSecretProps>, string]>([
    ["a secret name with a space", { secretName: "auth token" }, 'secretName must be 1-512 letters, digits or / _ + = . @ -, got "auth token"'],
    ["a user name starting with a digit", { username: "1user" }, 'username must be 1-120 letters, digits or hyphens, starting with a letter, got "1user"'],
    ["an immediate deletion", { recoveryWindowInDays: 0 }, "recoveryWindowInDays must be a whole number of days from 7 to 30, got 0"],
  ])("rejects %s", (_, overrides, message) => {
    expect(rejectionOf(() => build(overrides))).toBe(`${message} (at test/token)`);
  });
});

describe("plaintextSecrets", () => {
  it("finds literal tokens and passwords", () => {
    const token = "ab".repeat(32);
    expect(
      plaintextSecrets({
        resource: {
          aws_elasticache_replication_group: { a: { auth_token: "hunter2hunter2hunter2" } },
          aws_docdb_cluster: { b: { master_password: "hunter2", manage_master_user_password: true } },
          aws_secretsmanager_secret_version: { c: { secret_string: `\${jsonencode({"password" = "${token}"})}` } },
        },
      }),
    ).toEqual([
      "auth_token: the literal hunter2hunter2hunter2",
      "master_password: a literal password attribute",
      `secret_string: 64-hex value ${token}`,
      `secret_string: password assigned the literal "${token}"})}`,
    ]);
  });
});

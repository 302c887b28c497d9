import { describe, expect, it } from "vitest";
import { OriginVerification, OriginVerificationProps } from "../../src/edge/origin-verification";
import { plaintextSecrets, rejectionOf, resolvedAttributes } from "../construct-fixture";
import { SynthesizedStack } from "../synth";
import { edgeFixture } from "./web-acl-fixture";

function build(overrides: Partial<OriginVerificationProps> = {}) {
  const fixture = edgeFixture();
  const verification = new OriginVerification(fixture.stack, "verify", {
    secretName: "openedx-test-edge/origin-verify",
    encryptionKey: fixture.secretsKey,
    ...overrides,
  });
  return { ...fixture, verification };
}

describe("OriginVerification", () => {
  const { stack, verification } = build();
  const { synthesized, values } = resolvedAttributes(stack, {
    headerName: verification.headerName,
    headerValue: verification.headerValue,
    secretArn: verification.secretArn,
    secretName: verification.secretName,
  });
  const tokenReference = `sensitive(terraform_data.${synthesized.resources("terraform_data")[0][0]}.output["token"])`;

  it("generates the value once with Terraform's own functions, out of plan output", () => {
    expect(synthesized.byPath("terraform_data", "verify/Resource/Token")).toMatchObject({
      input: { token: '${sensitive("${replace(uuid(), "-", "")}${replace(uuid(), "-", "")}")}' },
      lifecycle: { ignore_changes: ["input"] },
    });
  });

  it("keeps the header name and value in a secret encrypted with the given key, in the stack's region", () => {
    const secret = synthesized.byPath("aws_secretsmanager_secret", "verify/Resource/Resource");
    expect(secret).toMatchObject({
      name: "openedx-test-edge/origin-verify",
      kms_key_id: synthesized.ref("aws_kms_key", "secrets/Resource", "arn"),
      recovery_window_in_days: 30,
    });
    expect(secret.provider).toBeUndefined();
    expect(synthesized.byPath("aws_secretsmanager_secret_version", "verify/Resource/Version").secret_string).toBe(
      `\${jsonencode({"username" = "X-Origin-Verify", "password" = ${tokenReference}})}`,
    );
  });

  it("exposes the header name, the value as a sensitive reference and the secret", () => {
    expect(values).toEqual({
      headerName: "X-Origin-Verify",
      headerValue: `\${${tokenReference}}`,
      secretArn: synthesized.ref("aws_secretsmanager_secret", "verify/Resource/Resource", "arn"),
      secretName: synthesized.ref("aws_secretsmanager_secret", "verify/Resource/Resource", "name"),
    });
    expect(plaintextSecrets(synthesized.json)).toEqual([]);
  });

  it("takes another header name and recovery window", () => {
    const custom = build({ headerName: "X-Openedx-Origin", recoveryWindowInDays: 7 });
    const customSynth = new SynthesizedStack(custom.stack);
    expect(custom.verification.headerName).toBe("X-Openedx-Origin");
    expect(customSynth.byPath("aws_secretsmanager_secret", "verify/Resource/Resource").recovery_window_in_days).toBe(7);
    expect(customSynth.byPath("aws_secretsmanager_secret_version", "verify/Resource/Version").secret_string).toContain('"username" = "X-Openedx-Origin"');
  });

  const reserved = (name: string) =>
    `headerName must not be a header CloudFront reserves (cache-control, connection, content-length, cookie, host, if-match, if-modified-since, if-none-match, if-range, if-unmodified-since, max-forwards, pragma, proxy-authorization, proxy-connection, range, request-range, te, trailer, transfer-encoding, upgrade, via, x-real-ip, x-amz-*, x-edge-*), got "${name}"`;

  it.each<[string, Partial<OriginVerificationProps>, string]>([
    ["a header name with an underscore", { headerName: "X_Origin_Verify" }, 'headerName must be 1-120 letters, digits or hyphens, starting with a letter, got "X_Origin_Verify"'],
    ["the Host header", { headerName: "Host" }, reserved("Host")],
    ["an X-Amz- header", { headerName: "X-Amz-Verify" }, reserved("X-Amz-Verify")],
    ["an X-Edge- header", { headerName: "x-edge-origin" }, reserved("x-edge-origin")],
    ["a secret name with a space", { secretName: "origin verify" }, 'secretName must be 1-512 letters, digits or / _ + = . @ -, got "origin verify"'],
    ["an immediate deletion", { recoveryWindowInDays: 0 }, "recoveryWindowInDays must be a whole number of days from 7 to 30, got 0"],
  ])("rejects %s", (_, overrides, message) => {
    expect(rejectionOf(() => build(overrides))).toBe(`${message} (at test/verify)`);
  });

  it("reports every problem at once", () => {
    expect(rejectionOf(() => build({ secretName: "a b", headerName: "Cookie", recoveryWindowInDays: 31 }))).toBe(
      `secretName must be 1-512 letters, digits or / _ + = . @ -, got "a b"; ${reserved("Cookie")}; recoveryWindowInDays must be a whole number of days from 7 to 30, got 31 (at test/verify)`,
    );
  });
});

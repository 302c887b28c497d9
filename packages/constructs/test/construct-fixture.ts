import { TerraformOutput, Testing } from "cdktf";
import { Construct } from "constructs";
import { defineEnvironment } from "../src/config/environment-config";
import { KmsKey } from "../src/encryption/kms-key";
import { Network } from "../src/network/network";
import { OPENEDX_AWS_PACK } from "../src/policy/packs/openedx-aws-pack";
import { OPENEDX_AWS_PRODUCTION_PACK } from "../src/policy/packs/openedx-aws-production-pack";
import { AwsStack } from "../src/stack/aws-stack";
import { productionInput } from "./fixtures";
import { SynthesizedStack, testStack } from "./synth";

/** The security group of the clients (the EKS cluster security group in the environments). */
export const CLIENT_SECURITY_GROUP_ID = "sg-0123456789abcdef0";

/** A stack with what a data service needs: a three-zone network, a databases key and a logs key. */
export interface DataFixture {
  readonly stack: AwsStack;
  readonly network: Network;
  readonly encryptionKey: KmsKey;
  readonly logsKey: KmsKey;
}

/** Options of a {@link dataFixture}. */
export interface DataFixtureOptions {
  /** @default three zones of eu-west-1 */
  readonly availabilityZones?: readonly string[];
  /**
   * Check the stack with the production pack too (its keys then refuse `terraform destroy`, as
   * production keys do).
   * @default false
   */
  readonly production?: boolean;
}

export function dataFixture(options: DataFixtureOptions = {}): DataFixture {
  const production = options.production ?? false;
  const stack = production
    ? new AwsStack(Testing.app(), "test", {
        accountId: "111122223333",
        region: "eu-west-1",
        policyPacks: [OPENEDX_AWS_PACK, OPENEDX_AWS_PRODUCTION_PACK],
      })
    : testStack();
  const config = defineEnvironment(productionInput({ availabilityZones: options.availabilityZones ?? ["eu-west-1a", "eu-west-1b", "eu-west-1c"] }));
  const encryptionKey = new KmsKey(stack, "databases", { aliasName: "test/databases", description: "databases", preventDestroy: production });
  const logsKey = new KmsKey(stack, "logs", { aliasName: "test/logs", description: "logs", preventDestroy: production });
  const network = new Network(stack, "network", {
    name: "openedx-test",
    cidrBlock: config.vpcCidr,
    subnets: config.subnets,
    logsKey,
    interfaceEndpoints: false,
  });
  return { stack, network, encryptionKey, logsKey };
}

/** The rule ids a synth failure names, sorted and deduplicated. */
export function violatedRules(build: () => unknown): string[] {
  const message = rejectionOf(build);
  return [...new Set(Array.from(message.matchAll(/\[(Openedx[A-Za-z]*-[A-Z]+\d+)/g), (match) => match[1]))].sort();
}

/** The props every data service takes from the fixture. */
export function commonProps(fixture: DataFixture) {
  return {
    network: fixture.network,
    clientSecurityGroupIds: [CLIENT_SECURITY_GROUP_ID],
    encryptionKey: fixture.encryptionKey,
    logsKey: fixture.logsKey,
  };
}

/** Runs `build` and returns the message of the error it throws. */
export function rejectionOf(build: () => unknown): string {
  try {
    build();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the construct to be rejected");
}

/**
 * Secrets written in plain text into a synthesized stack: any 64-character hex string (the auth
 * token's shape), any string-valued attribute whose name holds `password`, and any `password` key
 * inside an expression (`jsonencode({... "password" = ...})`) assigned a quoted literal rather than
 * a reference, and any `auth_token` or `secret_string` that is not a Terraform expression.
 */
export function plaintextSecrets(json: unknown): string[] {
  const found: string[] = [];
  const visit = (value: unknown, key: string): void => {
    if (typeof value === "string") {
      for (const hex of value.match(/[0-9a-fA-F]{64}/g) ?? []) found.push(`${key}: 64-hex value ${hex}`);
      if (/password/i.test(key)) found.push(`${key}: a literal password attribute`);
      if ((key === "auth_token" || key === "secret_string") && !value.startsWith("${")) found.push(`${key}: the literal ${value}`);
      for (const match of value.matchAll(/"password"\s*[=:]\s*(\S+)/gi)) {
        if (match[1].startsWith('"')) found.push(`${key}: password assigned the literal ${match[1]}`);
      }
    } else if (Array.isArray(value)) {
      value.forEach((item) => visit(item, key));
    } else if (typeof value === "object" && value !== null) {
      for (const [name, item] of Object.entries(value)) visit(item, name);
    }
  };
  visit(json, "");
  return found;
}

/**
 * Synthesizes the stack with each attribute as a Terraform output and returns the outputs' values,
 * which show how the attributes resolve (literals, or `${type.name.attribute}` references).
 */
export function resolvedAttributes(stack: AwsStack, attributes: Readonly<Record<string, unknown>>): { synthesized: SynthesizedStack; values: Record<string, unknown> } {
  const scope = new Construct(stack, "Attributes");
  for (const [name, value] of Object.entries(attributes)) {
    new TerraformOutput(scope, name, { value, staticId: true });
  }
  const synthesized = new SynthesizedStack(stack);
  const values = Object.fromEntries(Object.entries(synthesized.json.output ?? {}).map(([name, output]) => [name, (output as { value: unknown }).value]));
  return { synthesized, values };
}

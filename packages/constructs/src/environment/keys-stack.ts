import { EnvironmentKeys } from "../encryption/environment-keys";
import { EnvironmentStack, EnvironmentStackProps } from "../stack/environment-stack";
import { OpenedxApp } from "../stack/openedx-app";

/** Props of a {@link KeysStack}. */
export type KeysStackProps = EnvironmentStackProps;

/**
 * The environment's customer-managed KMS keys, in a stack of their own: they outlive every other
 * resource and change rarely, so no other stack's plan can touch them. In production they are
 * protected from `terraform destroy`.
 */
export class KeysStack extends EnvironmentStack {
  /** The environment's keys, one per data domain; every other stack encrypts with them. */
  readonly keys: EnvironmentKeys;

  constructor(scope: OpenedxApp, id: string, props: KeysStackProps = {}) {
    super(scope, id, props);
    this.keys = new EnvironmentKeys(this, "keys", {
      environmentName: this.environment.name,
      preventDestroy: this.isProduction,
    });
    this.addOutputs(
      Object.fromEntries(
        Object.entries(this.keys.all).map(([domain, key]) => [`${domain}_key_arn`, { value: key.keyArn, description: `ARN of the KMS key for ${domain}` }]),
      ),
    );
  }
}

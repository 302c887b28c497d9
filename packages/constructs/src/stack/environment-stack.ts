import { S3Backend, TerraformOutput } from "cdktf";
import { EnvironmentConfig } from "../config/environment-config";
import { OPENEDX_AWS_PACK } from "../policy/packs/openedx-aws-pack";
import { OPENEDX_AWS_PRODUCTION_PACK } from "../policy/packs/openedx-aws-production-pack";
import { OPENEDX_KUBERNETES_PACK } from "../policy/packs/openedx-kubernetes-pack";
import { OPENEDX_KUBERNETES_PRODUCTION_PACK } from "../policy/packs/openedx-kubernetes-production-pack";
import { PolicyPack } from "../policy/policy-pack";
import { stateObjectKey } from "../state/state-naming";
import { AwsStack } from "./aws-stack";
import { OpenedxApp } from "./openedx-app";
import { parseStackId } from "./stack-id";

/** A documented stack output. */
export interface StackOutput {
  /** The output's value: a string or list, usually a resource attribute resolved at apply. */
  readonly value: string | string[];
  /** What the value is and who reads it (e.g. the Tutor setting it feeds), shown by `terraform output`. */
  readonly description: string;
}

/** Props of an {@link EnvironmentStack}. */
export interface EnvironmentStackProps {
  /**
   * Policy packs checked at synth; a violation fails synth unless suppressed with a reason.
   * @default - the OpenedxAws pack (and OpenedxKubernetes with `kubernetesObjects`), plus their
   * production packs in production
   */
  readonly policyPacks?: readonly PolicyPack[];
  /**
   * The stack holds Kubernetes objects and Helm releases, so the Kubernetes packs apply too.
   * @default false
   */
  readonly kubernetesObjects?: boolean;
}

/**
 * A stack of one environment. Its id is `<environment>-<component>` (e.g. `production-network`),
 * and from that it takes the environment's configuration, an AWS provider locked to the
 * environment's account and region with its tags, and the S3 backend the bootstrap app created:
 * key `<environment>/<component>.tfstate`, encrypted with the state KMS key and locked with S3-native
 * lock files.
 */
export class EnvironmentStack extends AwsStack {
  /** The validated configuration of the stack's environment. */
  readonly environment: EnvironmentConfig;
  /** The component part of the stack id, e.g. `network`. */
  readonly component: string;
  /** The stack's remote-state backend. */
  readonly backend: S3Backend;

  constructor(scope: OpenedxApp, id: string, props: EnvironmentStackProps = {}) {
    const { environment: name, component } = parseStackId(id, scope.environmentNames);
    const environment = scope.tryGetEnvironment(name) as EnvironmentConfig;
    super(scope, id, {
      accountId: environment.accountId,
      region: environment.region,
      policyPacks: props.policyPacks ?? defaultPolicyPacks(environment.tier === "production", props.kubernetesObjects ?? false),
      tags: {
        ...environment.tags,
        "openedx:environment": environment.name,
        "openedx:component": component,
        "openedx:managed-by": "openedx-infra",
      },
    });
    this.environment = environment;
    this.component = component;
    this.backend = new S3Backend(this, {
      bucket: environment.remoteState.bucket,
      key: stateObjectKey(environment.name, component),
      region: environment.region,
      encrypt: true,
      kmsKeyId: environment.remoteState.kmsKeyArn,
    });
    // cdktf 0.21 has no typed field for S3-native locking (Terraform >= 1.10).
    this.backend.addOverride("use_lockfile", true);
  }

  /**
   * Adds documented outputs with stable names (`staticId`), which operators, CI and the Tutor
   * hand-off read with `terraform output <name>`.
   */
  addOutputs(outputs: Readonly<Record<string, StackOutput>>): void {
    for (const [name, output] of Object.entries(outputs)) {
      new TerraformOutput(this, name, { value: output.value, description: output.description, staticId: true });
    }
  }

  /** Whether the environment is production (high availability and protection required). */
  get isProduction(): boolean {
    return this.environment.tier === "production";
  }
}

function defaultPolicyPacks(production: boolean, kubernetesObjects: boolean): PolicyPack[] {
  const packs = [OPENEDX_AWS_PACK, ...(kubernetesObjects ? [OPENEDX_KUBERNETES_PACK] : [])];
  const productionPacks = [OPENEDX_AWS_PRODUCTION_PACK, ...(kubernetesObjects ? [OPENEDX_KUBERNETES_PRODUCTION_PACK] : [])];
  return production ? [...packs, ...productionPacks] : packs;
}

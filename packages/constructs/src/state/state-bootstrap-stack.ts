import { LocalBackend } from "cdktf";
import { Construct } from "constructs";
import { AwsStack } from "../stack/aws-stack";
import { RemoteStateBucket } from "./remote-state-bucket";

/** Props of a {@link StateBootstrapStack}. */
export interface StateBootstrapStackProps {
  /** The account whose environments keep their state here. */
  readonly accountId: string;
  /** The region of the state bucket (the environments' region). */
  readonly region: string;
  /**
   * Where the bootstrap stack keeps its own state, relative to the synthesized stack directory
   * (`cdktf.out/stacks/<stack id>`), where Terraform runs.
   * @default - `terraform.<stack id>.tfstate` next to `cdktf.out`, outside the regenerated output
   */
  readonly localStatePath?: string;
  /**
   * Tags on every resource.
   * @default - `openedx:managed-by` only
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Creates the remote-state bucket and key of one account and region. It cannot keep its own state
 * in the bucket it creates, so it uses a local backend; commit nothing of it, and keep the local
 * state file (or migrate it into the bucket afterwards with `terraform init -migrate-state`).
 */
export class StateBootstrapStack extends AwsStack {
  /**
   * The state bucket and its KMS key, with the names environments' S3 backends default to
   * (`remoteState` of the environment configuration).
   */
  readonly stateBucket: RemoteStateBucket;

  constructor(scope: Construct, id: string, props: StateBootstrapStackProps) {
    super(scope, id, {
      accountId: props.accountId,
      region: props.region,
      tags: { ...props.tags, "openedx:managed-by": "openedx-infra", "openedx:component": "state" },
    });
    // An explicit relative path keeps the synthesized JSON free of this machine's absolute paths.
    new LocalBackend(this, { path: props.localStatePath ?? `../../../terraform.${id}.tfstate` });
    this.stateBucket = new RemoteStateBucket(this, "state");
  }
}

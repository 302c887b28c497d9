import { App } from "cdktf";
import { EnvironmentConfig } from "../config/environment-config";

/** Props of an {@link OpenedxApp}. */
export interface OpenedxAppProps {
  /** The validated environments this app synthesizes; stack ids must start with one of their names. */
  readonly environments: readonly EnvironmentConfig[];
  /**
   * Where to write `manifest.json` and `stacks/`.
   * @default - `CDKTF_OUTDIR` when run by the cdktf CLI, else `cdktf.out`
   */
  readonly outdir?: string;
}

/**
 * A cdktf `App` that knows its environments, so that every stack id can be checked against them
 * and each stack finds its configuration by name.
 */
export class OpenedxApp extends App {
  private readonly environmentsByName: ReadonlyMap<string, EnvironmentConfig>;

  constructor(props: OpenedxAppProps) {
    super({ outdir: props.outdir, stackTraces: false });
    this.environmentsByName = new Map(props.environments.map((environment) => [environment.name, environment]));
  }

  /** Names of the environments this app defines, in the order given. */
  get environmentNames(): readonly string[] {
    return [...this.environmentsByName.keys()];
  }

  /** The configuration of a defined environment, or `undefined`. */
  tryGetEnvironment(name: string): EnvironmentConfig | undefined {
    return this.environmentsByName.get(name);
  }
}

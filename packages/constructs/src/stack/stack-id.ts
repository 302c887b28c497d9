/** A stack id split into the environment it belongs to and the component it holds. */
export interface StackId {
  /** The environment name before the first hyphen, e.g. `production`; one the app defines. */
  readonly environment: string;
  /**
   * The rest, e.g. `network` or `platform`: the stack's role, its state key
   * `<environment>/<component>.tfstate` and its `openedx:component` tag.
   */
  readonly component: string;
}

const COMPONENT_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * Splits `<environment>-<component>` (e.g. `production-network`) and checks the environment is
 * one the app defines. Environment names hold no hyphen, so the first hyphen is the separator.
 */
export function parseStackId(id: string, knownEnvironments: readonly string[]): StackId {
  const separator = id.indexOf("-");
  const environment = separator > 0 ? id.slice(0, separator) : "";
  const component = separator > 0 ? id.slice(separator + 1) : "";
  if (environment === "" || !COMPONENT_PATTERN.test(component)) {
    throw new Error(
      `stack id "${id}" must be "<environment>-<component>" with a lowercase component, e.g. "${knownEnvironments[0] ?? "production"}-network"`,
    );
  }
  if (!knownEnvironments.includes(environment)) {
    throw new Error(
      `stack id "${id}" names environment "${environment}", which this app does not define; defined environments: ${knownEnvironments.join(", ") || "none"}`,
    );
  }
  return { environment, component };
}

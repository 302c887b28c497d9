import { RuleCheck } from "../../policy-pack";
import { stringAt } from "../private/terraform-values";

// An exact SemVer 2 version (Helm requires chart versions to be SemVer), optionally "v"-prefixed.
// Anything else Helm reads as a constraint: "1.2" is "1.2.x", and "^", "~", ">=", "*", "x", "||",
// "a - b" are ranges.
const EXACT_VERSION = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

const SECURE_REPOSITORY = /^(https|oci):\/\/[^\s/]+/;

/** Whether `version` names exactly one chart version rather than a range Helm resolves at install time. */
export function isPinnedChartVersion(version: string): boolean {
  return EXACT_VERSION.test(version);
}

/**
 * A `helm_release` installs one exact chart version from a named repository. Findings:
 * `version` when it is unset (Helm then installs the latest version) or a range (`^1.2`, `~1`,
 * `>=1.0.0`, `*`, `1.x`, `1.2`), and `repository` when unset (the chart is then a local path or
 * depends on the repositories configured on the machine that runs Terraform) or not an `https://`
 * or `oci://` URL (over plain HTTP the chart can be replaced in transit). An OCI chart sets
 * `repository` to its `oci://` registry path. Both must be literals, so a reviewer can read what
 * is installed.
 */
export const helmReleasePinned: RuleCheck = (resource) => {
  if (resource.type !== "helm_release") {
    return "not-applicable";
  }
  const version = stringAt(resource.config.version, "version");
  const repository = stringAt(resource.config.repository, "repository");
  return [
    ...(version !== undefined && isPinnedChartVersion(version.trim()) ? [] : ["version"]),
    ...(repository !== undefined && SECURE_REPOSITORY.test(repository.trim()) ? [] : ["repository"]),
  ];
};

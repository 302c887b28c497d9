import { Release } from "@cdktf/provider-helm/lib/release";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { ValidationError } from "../config/validation-error";

/** Helm repository of the community `flux2` chart. */
export const FLUX2_REPOSITORY = "https://fluxcd-community.github.io/helm-charts";

/**
 * The pinned `flux2` chart version (Flux v2.9.x): the newest confirmed, as pinned in a public
 * Terraform configuration's `flux_chart_version` ("Versão do chart fluxcd-community/flux2 (Flux
 * v2.9.x)", default "2.19.1"); see https://github.com/fluxcd-community/helm-charts/releases.
 */
export const FLUX2_CHART_VERSION = "2.19.1";

/** Props of {@link FluxBootstrap}. */
export interface FluxBootstrapProps {
  /**
   * The Git repository Flux syncs from: `https://…` or `ssh://git@host/owner/repo.git` (the scp
   * form `git@host:owner/repo` is not accepted by Flux). Plain `http://` is refused.
   */
  readonly url: string;
  /**
   * Branch to follow.
   * @default "main"
   */
  readonly branch?: string;
  /**
   * Directory of the repository, relative to its root, holding the manifests or the
   * `kustomization.yaml` to apply (e.g. `./clusters/production`).
   * @default "./"
   */
  readonly path?: string;
  /**
   * How often, in minutes (1-1440), Flux fetches the repository and re-applies the manifests,
   * undoing drift.
   * @default 5
   */
  readonly intervalMinutes?: number;
  /**
   * Name of a Secret in the Flux namespace with the credentials of a private repository
   * (`username`/`password` for HTTPS, `identity`/`known_hosts` for SSH), created outside
   * Terraform so they stay out of the state:
   * `flux create secret git openedx-repo --url=<url> -n flux-system …`.
   * @default - no credentials: the repository is public
   */
  readonly secretName?: string;
  /**
   * Delete objects removed from the repository.
   * @default true
   */
  readonly prune?: boolean;
  /**
   * Namespace of the Flux controllers, the GitRepository and the Kustomization.
   * @default "flux-system"
   */
  readonly namespace?: string;
  /**
   * Name of the GitRepository and the Kustomization.
   * @default "flux-system"
   */
  readonly name?: string;
  /**
   * The chart version, to try a newer one before the library pins it.
   * @default FLUX2_CHART_VERSION
   */
  readonly chartVersion?: string;
}

/**
 * The `flux2` chart values this construct sets, as {@link FluxBootstrap.values} exposes them (the
 * release receives them as JSON). Keys follow the chart's `values.yaml`; anything not listed keeps
 * the chart's default.
 */
export interface Flux2Values {
  /** `true`: the release installs Flux's CRDs, which the GitRepository and Kustomization need before they can be created. */
  readonly installCRDs: boolean;
  /** The source controller, which fetches the Git repository into artifacts the other controllers apply. */
  readonly sourceController: {
    /** `true`: without it nothing is fetched. */
    readonly create: boolean;
  };
  /** The kustomize controller, which applies the Kustomization's manifests, prunes and undoes drift. */
  readonly kustomizeController: {
    /** `true`: it is what applies the repository. */
    readonly create: boolean;
  };
  /** The helm controller, which reconciles HelmRelease objects the synced repository may declare. */
  readonly helmController: {
    /** `true`, so the repository can ship charts as well as plain manifests. */
    readonly create: boolean;
  };
  /** The notification controller, which sends alerts and receives webhooks (a Git push can trigger an immediate sync). */
  readonly notificationController: {
    /** `true`. */
    readonly create: boolean;
  };
  /** The image automation controller, which commits new image tags back to Git. */
  readonly imageAutomationController: {
    /** `false`: nothing here needs it, and it would need write access to the repository. */
    readonly create: boolean;
  };
  /** The image reflection controller, which scans registries for new tags for image automation. */
  readonly imageReflectionController: {
    /** `false`: useless without image automation. */
    readonly create: boolean;
  };
  /**
   * Chart key `policies`: the chart's NetworkPolicies for the Flux namespace, limiting ingress to the
   * controllers to their own namespace, metrics scraping and the notification webhook receiver.
   */
  readonly policies: {
    /** `true`: kept on; Auto Mode enforces them only once its network policy controller is on ({@link AUTO_MODE_NETWORK_POLICY_CONTROLLER_CONFIG_MAP}). */
    readonly create: boolean;
  };
}

/** API version of the Flux GitRepository (GA since Flux 2.0). */
export const FLUX_SOURCE_API_VERSION = "source.toolkit.fluxcd.io/v1";
/** API version of the Flux Kustomization (GA since Flux 2.0). */
export const FLUX_KUSTOMIZE_API_VERSION = "kustomize.toolkit.fluxcd.io/v1";

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_1123_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const GIT_URL = /^(https|ssh):\/\/[^\s/]+\/\S+$/;
// git check-ref-format, simplified: no spaces, control or special characters, no "..", no "//".
const BRANCH = /^(?!\/|.*\/$|.*\.\.|.*\/\/|.*@\{|.*\.lock$|.*\.$)[^\s\p{Cc}~^:?*[\\]+$/u;
const CHART_VERSION = /^\d+\.\d+\.\d+$/;

/**
 * GitOps with Flux: the Flux controllers from the community `flux2` Helm chart (with their CRDs),
 * plus a GitRepository and a Kustomization that keep the cluster in sync with one directory of a
 * repository.
 *
 * Only the source, kustomize, helm and notification controllers run; image automation, which
 * writes to Git, is off. The chart's network policies stay on.
 *
 * The GitRepository and Kustomization are `kubernetes_manifest` resources, which the Kubernetes
 * provider checks against the API server's CRDs at plan time: on a cluster without Flux yet,
 * apply the release alone first (`terraform apply -target=<release address>`); from then on the
 * sync objects plan normally.
 *
 * Construct ids are API: `Resource` (the release), `GitRepository`, `Kustomization`.
 *
 * @resource helm_release
 * @see https://fluxcd.io/flux/components/source/gitrepositories/
 * @see https://fluxcd.io/flux/components/kustomize/kustomizations/
 */
export class FluxBootstrap extends Construct {
  /** Namespace of the Flux controllers, the GitRepository and the Kustomization; where Git credential Secrets go. @attribute */
  readonly namespace: string;
  /** Name of the GitRepository and the Kustomization. @attribute */
  readonly syncName: string;
  /** The values passed to the chart. */
  readonly values: Flux2Values;
  /** The Helm release. */
  readonly resource: Release;
  /**
   * The GitRepository (`<namespace>/<syncName>`) Flux fetches every `intervalMinutes`; other Flux
   * objects can name it in their `sourceRef`.
   */
  readonly gitRepository: Manifest;
  /**
   * The Kustomization that applies {@link FluxBootstrapProps.path} of the GitRepository. Terraform only
   * creates it; whether the last sync applied shows in its status (`flux get kustomizations`).
   */
  readonly kustomization: Manifest;

  constructor(scope: Construct, id: string, props: FluxBootstrapProps) {
    super(scope, id);
    validateProps(this, props);
    this.namespace = props.namespace ?? "flux-system";
    this.syncName = props.name ?? "flux-system";
    const interval = `${props.intervalMinutes ?? 5}m0s`;

    this.values = {
      installCRDs: true,
      sourceController: { create: true },
      kustomizeController: { create: true },
      helmController: { create: true },
      notificationController: { create: true },
      // Image automation pushes commits to Git; nothing here needs it, so it gets no foothold.
      imageAutomationController: { create: false },
      imageReflectionController: { create: false },
      policies: { create: true },
    };

    this.resource = new Release(this, "Resource", {
      name: "flux2",
      namespace: this.namespace,
      createNamespace: true,
      repository: FLUX2_REPOSITORY,
      chart: "flux2",
      version: props.chartVersion ?? FLUX2_CHART_VERSION,
      values: [JSON.stringify(this.values)],
      atomic: true,
      cleanupOnFail: true,
      timeout: 600,
      maxHistory: 10,
    });

    this.gitRepository = new Manifest(this, "GitRepository", {
      manifest: {
        apiVersion: FLUX_SOURCE_API_VERSION,
        kind: "GitRepository",
        metadata: { name: this.syncName, namespace: this.namespace },
        spec: {
          interval,
          url: props.url,
          ref: { branch: props.branch ?? "main" },
          ...(props.secretName !== undefined ? { secretRef: { name: props.secretName } } : {}),
        },
      },
      // The CRDs come with the release.
      dependsOn: [this.resource],
    });

    this.kustomization = new Manifest(this, "Kustomization", {
      manifest: {
        apiVersion: FLUX_KUSTOMIZE_API_VERSION,
        kind: "Kustomization",
        metadata: { name: this.syncName, namespace: this.namespace },
        spec: {
          interval,
          path: props.path ?? "./",
          prune: props.prune ?? true,
          sourceRef: { kind: "GitRepository", name: this.syncName },
          // Without a timeout a stuck rollout holds the next sync for the whole interval.
          timeout: "5m0s",
        },
      },
      dependsOn: [this.resource, this.gitRepository],
    });
  }
}

/** Checks every prop and reports all problems in one error. */
function validateProps(scope: Construct, props: FluxBootstrapProps): void {
  const problems: string[] = [];
  if (!Token.isUnresolved(props.url) && !GIT_URL.test(props.url)) {
    problems.push(`url must be an https:// or ssh:// Git URL such as "https://github.com/example/platform.git" or "ssh://git@github.com/example/platform.git", got "${props.url}"`);
  }
  const branch = props.branch;
  if (branch !== undefined && !Token.isUnresolved(branch) && !BRANCH.test(branch)) {
    problems.push(`branch must be a valid Git branch name (no spaces, "..", "~", "^", ":", "?", "*", "[" or "\\"), got "${branch}"`);
  }
  const path = props.path;
  if (path !== undefined && !Token.isUnresolved(path) && (path.length === 0 || path.startsWith("/") || path.split("/").includes("..") || /\s/.test(path))) {
    problems.push(`path must be a directory relative to the repository root, without ".." or spaces (e.g. "./clusters/production"), got "${path}"`);
  }
  const interval = props.intervalMinutes;
  if (interval !== undefined && !Token.isUnresolved(interval) && (!Number.isInteger(interval) || interval < 1 || interval > 1440)) {
    problems.push(`intervalMinutes must be a whole number of minutes from 1 to 1440, got ${interval}`);
  }
  for (const [field, value] of [
    ["secretName", props.secretName],
    ["name", props.name],
  ] as const) {
    if (value !== undefined && !Token.isUnresolved(value) && !DNS_1123_SUBDOMAIN.test(value)) {
      problems.push(`${field} must be a Kubernetes object name (lowercase letters, digits, "-" and ".", at most 253), got "${value}"`);
    }
  }
  const namespace = props.namespace;
  if (namespace !== undefined && !Token.isUnresolved(namespace) && !DNS_1123_LABEL.test(namespace)) {
    problems.push(`namespace must be a Kubernetes DNS-1123 label (1-63 lowercase letters, digits or "-", starting and ending with a letter or digit), got "${namespace}"`);
  }
  const version = props.chartVersion;
  if (version !== undefined && !CHART_VERSION.test(version)) {
    problems.push(`chartVersion must be an exact chart version such as "${FLUX2_CHART_VERSION}" (no ranges), got "${version}"`);
  }
  if (problems.length > 0) {
    throw new ValidationError(problems.join("; "), scope);
  }
}

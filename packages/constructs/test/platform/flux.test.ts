import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { FLUX2_CHART_VERSION, FLUX2_REPOSITORY, FluxBootstrap, FluxBootstrapProps } from "../../src/platform/flux";

type Resources = Record<string, Record<string, Record<string, unknown>>>;

const URL = "https://github.com/example/openedx-platform.git";

function synthesize(props: Partial<FluxBootstrapProps> = {}) {
  const stack = new TerraformStack(Testing.app(), "test");
  new KubernetesProvider(stack, "kubernetes", { host: "https://kubernetes.example", token: "dummy" });
  new HelmProvider(stack, "helm", { kubernetes: { host: "https://kubernetes.example", token: "dummy" } });
  const flux = new FluxBootstrap(stack, "flux", { url: URL, ...props });
  const json = JSON.parse(Testing.synth(stack, true)) as { resource: Resources };
  const [releaseName, release] = Object.entries(json.resource.helm_release)[0];
  const manifests = Object.entries(json.resource.kubernetes_manifest);
  const manifest = (kind: string) => {
    const match = manifests.find(([, resource]) => (resource.manifest as { kind: string }).kind === kind);
    if (!match) throw new Error(`no ${kind}`);
    return { name: match[0], resource: match[1] };
  };
  return { json, flux, releaseName, release, gitRepository: manifest("GitRepository"), kustomization: manifest("Kustomization") };
}

function build(props: Partial<FluxBootstrapProps>): void {
  new FluxBootstrap(new TerraformStack(Testing.app(), "test"), "flux", { url: URL, ...props });
}

describe("FluxBootstrap", () => {
  const { json, flux, releaseName, release, gitRepository, kustomization } = synthesize();

  it("installs the pinned flux2 chart with its CRDs into flux-system", () => {
    expect(FLUX2_CHART_VERSION).toBe("2.19.1");
    expect(FLUX2_REPOSITORY).toBe("https://fluxcd-community.github.io/helm-charts");
    expect(release).toEqual({
      name: "flux2",
      namespace: "flux-system",
      create_namespace: true,
      repository: "https://fluxcd-community.github.io/helm-charts",
      chart: "flux2",
      version: "2.19.1",
      values: [JSON.stringify(flux.values)],
      atomic: true,
      cleanup_on_fail: true,
      timeout: 600,
      max_history: 10,
    });
    expect(JSON.parse((release.values as string[])[0])).toEqual({
      installCRDs: true,
      sourceController: { create: true },
      kustomizeController: { create: true },
      helmController: { create: true },
      notificationController: { create: true },
      imageAutomationController: { create: false },
      imageReflectionController: { create: false },
      policies: { create: true },
    });
  });

  it("follows the main branch of the repository every 5 minutes, after the CRDs exist", () => {
    expect(gitRepository.resource).toEqual({
      manifest: {
        apiVersion: "source.toolkit.fluxcd.io/v1",
        kind: "GitRepository",
        metadata: { name: "flux-system", namespace: "flux-system" },
        spec: { interval: "5m0s", url: URL, ref: { branch: "main" } },
      },
      depends_on: [`helm_release.${releaseName}`],
    });
  });

  it("applies the repository root with pruning, after the release and the GitRepository", () => {
    expect(kustomization.resource).toEqual({
      manifest: {
        apiVersion: "kustomize.toolkit.fluxcd.io/v1",
        kind: "Kustomization",
        metadata: { name: "flux-system", namespace: "flux-system" },
        spec: { interval: "5m0s", path: "./", prune: true, sourceRef: { kind: "GitRepository", name: "flux-system" }, timeout: "5m0s" },
      },
      depends_on: [`helm_release.${releaseName}`, `kubernetes_manifest.${gitRepository.name}`],
    });
  });

  it("creates only the release and the two sync objects, with the documented ids", () => {
    expect(Object.keys(json.resource).sort()).toEqual(["helm_release", "kubernetes_manifest"]);
    expect(Object.keys(json.resource.kubernetes_manifest)).toHaveLength(2);
    expect(flux.node.children.map((child) => child.node.id)).toEqual(["Resource", "GitRepository", "Kustomization"]);
    expect(flux.namespace).toBe("flux-system");
    expect(flux.syncName).toBe("flux-system");
  });

  it("passes branch, path, interval, credentials secret, prune, names and chart version through", () => {
    const custom = synthesize({
      url: "ssh://git@github.com/example/openedx-platform.git",
      branch: "release/production",
      path: "./clusters/production",
      intervalMinutes: 15,
      secretName: "platform-repo",
      prune: false,
      namespace: "gitops",
      name: "platform",
      chartVersion: "2.20.0",
    });
    expect(custom.release).toMatchObject({ namespace: "gitops", version: "2.20.0" });
    expect(custom.gitRepository.resource.manifest).toEqual({
      apiVersion: "source.toolkit.fluxcd.io/v1",
      kind: "GitRepository",
      metadata: { name: "platform", namespace: "gitops" },
      spec: {
        interval: "15m0s",
        url: "ssh://git@github.com/example/openedx-platform.git",
        ref: { branch: "release/production" },
        secretRef: { name: "platform-repo" },
      },
    });
    expect(custom.kustomization.resource.manifest).toEqual({
      apiVersion: "kustomize.toolkit.fluxcd.io/v1",
      kind: "Kustomization",
      metadata: { name: "platform", namespace: "gitops" },
      spec: { interval: "15m0s", path: "./clusters/production", prune: false, sourceRef: { kind: "GitRepository", name: "platform" }, timeout: "5m0s" },
    });
  });

  it.each<[string, Partial<FluxBootstrapProps>, string]>([
    [
      "the URL is plain http",
      { url: "http://github.com/example/repo.git" },
      'url must be an https:// or ssh:// Git URL such as "https://github.com/example/platform.git" or "ssh://git@github.com/example/platform.git", got "http://github.com/example/repo.git"',
    ],
    [
      "the URL is in scp form",
      { url: "git@github.com:example/repo.git" },
      'url must be an https:// or ssh:// Git URL such as "https://github.com/example/platform.git" or "ssh://git@github.com/example/platform.git", got "git@github.com:example/repo.git"',
    ],
    ["the branch has a space", { branch: "my branch" }, 'branch must be a valid Git branch name (no spaces, "..", "~", "^", ":", "?", "*", "[" or "\\"), got "my branch"'],
    ["the branch has ..", { branch: "a..b" }, 'branch must be a valid Git branch name (no spaces, "..", "~", "^", ":", "?", "*", "[" or "\\"), got "a..b"'],
    ["the path is absolute", { path: "/clusters" }, 'path must be a directory relative to the repository root, without ".." or spaces (e.g. "./clusters/production"), got "/clusters"'],
    ["the path climbs out", { path: "./../other" }, 'path must be a directory relative to the repository root, without ".." or spaces (e.g. "./clusters/production"), got "./../other"'],
    ["the interval is 0", { intervalMinutes: 0 }, "intervalMinutes must be a whole number of minutes from 1 to 1440, got 0"],
    ["the interval is over a day", { intervalMinutes: 1441 }, "intervalMinutes must be a whole number of minutes from 1 to 1440, got 1441"],
    ["the secret name is not an object name", { secretName: "Repo_Key" }, 'secretName must be a Kubernetes object name (lowercase letters, digits, "-" and ".", at most 253), got "Repo_Key"'],
    ["the sync name is not an object name", { name: "Platform" }, 'name must be a Kubernetes object name (lowercase letters, digits, "-" and ".", at most 253), got "Platform"'],
    [
      "the namespace is not a DNS-1123 label",
      { namespace: "flux.system" },
      'namespace must be a Kubernetes DNS-1123 label (1-63 lowercase letters, digits or "-", starting and ending with a letter or digit), got "flux.system"',
    ],
    ["the chart version is a range", { chartVersion: "2.x" }, 'chartVersion must be an exact chart version such as "2.19.1" (no ranges), got "2.x"'],
  ])("throws when %s", (_case, props, message) => {
    expect(() => build(props)).toThrow(`${message} (at test/flux)`);
  });

  it("reports every problem at once", () => {
    expect(() => build({ url: "ftp://example", intervalMinutes: 0 })).toThrow(
      /url must be .*, got "ftp:\/\/example"; intervalMinutes must be a whole number of minutes from 1 to 1440, got 0 \(at test\/flux\)/,
    );
  });
});

import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { describe, expect, it } from "vitest";
import { AUTO_MODE_DEFAULT_NODE_CLASS, AutoModeSpotNodePool, AutoModeSpotNodePoolProps } from "../../src/platform/spot-node-pool";
import { SynthesizedStack, testStack } from "../synth";

function synth(props: AutoModeSpotNodePoolProps = {}): SynthesizedStack {
  const stack = testStack();
  new KubernetesProvider(stack, "kubernetes", { host: "https://example.invalid", token: "dummy" });
  new AutoModeSpotNodePool(stack, "SpotPool", props);
  return new SynthesizedStack(stack);
}

interface NodePoolManifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: {
    weight: number;
    template: { spec: { nodeClassRef: unknown; requirements: { key: string; operator: string; values: string[] }[]; expireAfter: string } };
    disruption: unknown;
    limits: { cpu: string };
  };
}

const manifestOf = (out: SynthesizedStack) => out.byPath("kubernetes_manifest", "/SpotPool/Resource").manifest as NodePoolManifest;

describe("AutoModeSpotNodePool", () => {
  it("launches the general-purpose types as Spot first, on-demand when Spot is short, from Auto Mode's default NodeClass", () => {
    const manifest = manifestOf(synth());
    expect(manifest).toMatchObject({ apiVersion: "karpenter.sh/v1", kind: "NodePool", metadata: { name: "general-purpose-spot" } });
    expect(manifest.spec.template.spec.nodeClassRef).toEqual({ group: "eks.amazonaws.com", kind: "NodeClass", name: AUTO_MODE_DEFAULT_NODE_CLASS });
    const requirement = (key: string) => manifest.spec.template.spec.requirements.find((candidate) => candidate.key === key);
    expect(requirement("karpenter.sh/capacity-type")).toEqual({ key: "karpenter.sh/capacity-type", operator: "In", values: ["spot", "on-demand"] });
    expect(requirement("eks.amazonaws.com/instance-category")?.values).toEqual(["c", "m", "r"]);
    expect(requirement("eks.amazonaws.com/instance-generation")).toMatchObject({ operator: "Gt", values: ["4"] });
    expect(requirement("kubernetes.io/arch")?.values).toEqual(["amd64"]);
  });

  it("is tried before the built-in pool, consolidates like it, and caps its vCPUs", () => {
    const manifest = manifestOf(synth({ cpuLimit: 8, weight: 10 }));
    expect(manifest.spec.weight).toBe(10);
    expect(manifest.spec.limits).toEqual({ cpu: "8" });
    expect(manifest.spec.disruption).toEqual({ consolidationPolicy: "WhenEmptyOrUnderutilized", consolidateAfter: "30s", budgets: [{ nodes: "10%" }] });
    expect(manifest.spec.template.spec.expireAfter).toBe("336h");
    expect(manifestOf(synth()).spec).toMatchObject({ weight: 50, limits: { cpu: "16" } });
  });

  it.each([
    [{ name: "Spot_Pool" }, 'name must be a DNS label: 1-63 lowercase letters, digits or "-", starting and ending with a letter or digit, got "Spot_Pool"'],
    [{ name: "general-purpose" }, `name must not be "general-purpose", one of Auto Mode's built-in NodePools`],
    [{ cpuLimit: 1 }, "cpuLimit must be a whole number of vCPUs of at least 2, got 1"],
    [{ weight: 101 }, "weight must be a whole number from 1 to 100, got 101"],
  ])("refuses %j", (props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});

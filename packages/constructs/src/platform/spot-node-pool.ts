import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { Construct } from "constructs";
import { ValidationError } from "../config/validation-error";

/** Props of an {@link AutoModeSpotNodePool}. */
export interface AutoModeSpotNodePoolProps {
  /**
   * NodePool name: a DNS label (lowercase letters, digits and "-"), not one of Auto Mode's
   * built-in pools (`general-purpose`, `system`).
   * @default "general-purpose-spot"
   */
  readonly name?: string;
  /**
   * Most vCPUs the pool may run at once, a cap on what a runaway scale-out can cost.
   * @default 16
   */
  readonly cpuLimit?: number;
  /**
   * Priority over other NodePools, 1-100: higher is tried first. The built-in `general-purpose`
   * pool has none, so any weight puts this pool first.
   * @default 50
   */
  readonly weight?: number;
}

/** The NodeClass every Auto Mode cluster has; the pool's nodes get its subnets, role and 80 GiB root volume. */
export const AUTO_MODE_DEFAULT_NODE_CLASS = "default";

/**
 * An EKS Auto Mode NodePool (`karpenter.sh/v1`) that launches the same instance types as the
 * built-in `general-purpose` pool (categories c, m and r, generation above 4, amd64, Linux) as
 * Spot instances, and falls back to on-demand when no Spot capacity is offered: both capacity
 * types are allowed and Karpenter picks Spot first. Its weight makes Auto Mode try it before the
 * built-in pool. Disruption and expiry follow the built-in pool (consolidation when empty or
 * underutilized after 30 s, at most 10% of the nodes at a time, replacement after 14 days).
 *
 * For non-production environments only: a Spot node is reclaimed with two minutes' notice, and
 * every pod on it restarts elsewhere.
 *
 * Construct ids are API: `Resource`.
 *
 * @resource kubernetes_manifest
 * @see https://docs.aws.amazon.com/eks/latest/userguide/create-node-pool.html
 */
export class AutoModeSpotNodePool extends Construct {
  /** The NodePool's name. @attribute */
  readonly nodePoolName: string;
  /** The NodePool object. */
  readonly resource: Manifest;

  constructor(scope: Construct, id: string, props: AutoModeSpotNodePoolProps = {}) {
    super(scope, id);
    const name = props.name ?? "general-purpose-spot";
    const cpuLimit = props.cpuLimit ?? 16;
    const weight = props.weight ?? 50;
    validateProps(this, name, cpuLimit, weight);
    this.nodePoolName = name;
    this.resource = new Manifest(this, "Resource", {
      manifest: {
        apiVersion: "karpenter.sh/v1",
        kind: "NodePool",
        metadata: { name, labels: { "app.kubernetes.io/managed-by": "openedx-infra" } },
        spec: {
          weight,
          template: {
            spec: {
              nodeClassRef: { group: "eks.amazonaws.com", kind: "NodeClass", name: AUTO_MODE_DEFAULT_NODE_CLASS },
              requirements: [
                { key: "karpenter.sh/capacity-type", operator: "In", values: ["spot", "on-demand"] },
                { key: "eks.amazonaws.com/instance-category", operator: "In", values: ["c", "m", "r"] },
                { key: "eks.amazonaws.com/instance-generation", operator: "Gt", values: ["4"] },
                { key: "kubernetes.io/arch", operator: "In", values: ["amd64"] },
                { key: "kubernetes.io/os", operator: "In", values: ["linux"] },
              ],
              expireAfter: "336h",
              terminationGracePeriod: "24h0m0s",
            },
          },
          disruption: { consolidationPolicy: "WhenEmptyOrUnderutilized", consolidateAfter: "30s", budgets: [{ nodes: "10%" }] },
          limits: { cpu: String(cpuLimit) },
        },
      },
    });
  }
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

function validateProps(scope: Construct, name: string, cpuLimit: number, weight: number): void {
  const problems: string[] = [];
  if (!DNS_LABEL.test(name)) {
    problems.push(`name must be a DNS label: 1-63 lowercase letters, digits or "-", starting and ending with a letter or digit, got "${name}"`);
  } else if (name === "general-purpose" || name === "system") {
    problems.push(`name must not be "${name}", one of Auto Mode's built-in NodePools`);
  }
  if (!Number.isInteger(cpuLimit) || cpuLimit < 2) problems.push(`cpuLimit must be a whole number of vCPUs of at least 2, got ${cpuLimit}`);
  if (!Number.isInteger(weight) || weight < 1 || weight > 100) problems.push(`weight must be a whole number from 1 to 100, got ${weight}`);
  if (problems.length > 0) throw new ValidationError(problems.join("; "), scope);
}

import { StackJson, isRecord } from "./stack-json";

/** A provider a stack needs: its local name in the stack and its full source address. */
export interface NeededProvider {
  readonly localName: string;
  /** e.g. `registry.terraform.io/hashicorp/aws`, the form a filesystem mirror lists. */
  readonly source: string;
}

/** Terraform's own built-in provider (terraform_data, terraform_remote_state) is never installed. */
const BUILT_IN = "terraform.io/builtin/terraform";

/**
 * Providers named by `provider` blocks or `terraform.required_providers`. A provider block with no
 * requirement resolves to `hashicorp/<name>`, as Terraform itself does.
 */
export function neededProviders(stack: StackJson): NeededProvider[] {
  const required = stack.terraform?.required_providers ?? {};
  const localNames = new Set([...Object.keys(stack.provider ?? {}), ...Object.keys(required)]);
  return [...localNames]
    .sort()
    .map((localName) => ({ localName, source: sourceAddress(localName, required[localName]) }))
    .filter((provider) => provider.source !== BUILT_IN);
}

/** Expands `aws`, `hashicorp/aws` and `registry.terraform.io/hashicorp/aws` to the last form. */
export function sourceAddress(localName: string, requirement: unknown): string {
  const source = isRecord(requirement) && typeof requirement["source"] === "string" ? requirement["source"] : localName;
  const parts = source.toLowerCase().split("/");
  if (parts.length === 1) return `registry.terraform.io/hashicorp/${parts[0]}`;
  if (parts.length === 2) return `registry.terraform.io/${parts.join("/")}`;
  return parts.join("/");
}

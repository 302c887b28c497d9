import { DefaultTokenResolver, StringConcat, TerraformResource, TerraformStack, Tokenization } from "cdktf";
import { IConstruct } from "constructs";
import { SynthesizedResource, SynthesizedStackView } from "../policy-pack";

// The resolver cdktf itself uses when it writes the stack JSON, so rules see exactly that JSON.
const RESOLVER = new DefaultTokenResolver(new StringConcat());

/**
 * The resources of one stack as Terraform JSON, read once and shared by every rule check of an
 * aspect pass. Configurations are frozen: rules share them and must not change what others see.
 */
export class SynthesizedStack implements SynthesizedStackView {
  /** Reads every resource of `stack`; a resource that cannot be resolved is kept as a read error. */
  static read(stack: TerraformStack): SynthesizedStack {
    const resources = new Map<IConstruct, SynthesizedResource>();
    const readErrors = new Map<IConstruct, string>();
    for (const node of stack.node.findAll()) {
      if (!TerraformResource.isTerraformResource(node)) {
        continue;
      }
      try {
        resources.set(node, synthesizeResource(node, stack));
      } catch (error) {
        readErrors.set(node, error instanceof Error ? error.message : String(error));
      }
    }
    return new SynthesizedStack(resources, readErrors);
  }

  private readonly byType = new Map<string, SynthesizedResource[]>();

  private constructor(
    private readonly resources: ReadonlyMap<IConstruct, SynthesizedResource>,
    private readonly readErrors: ReadonlyMap<IConstruct, string>,
  ) {
    for (const resource of resources.values()) {
      const ofType = this.byType.get(resource.type) ?? [];
      ofType.push(resource);
      this.byType.set(resource.type, ofType);
    }
  }

  /** Whether `node` was part of the stack when it was read. */
  includes(node: IConstruct): boolean {
    return this.resources.has(node) || this.readErrors.has(node);
  }

  /** The synthesized form of `node`, or undefined if it could not be read. */
  resourceOf(node: IConstruct): SynthesizedResource | undefined {
    return this.resources.get(node);
  }

  /** Why `node` could not be read, if it could not. */
  readErrorOf(node: IConstruct): string | undefined {
    return this.readErrors.get(node);
  }

  resourcesOfType(type: string): readonly SynthesizedResource[] {
    return this.byType.get(type) ?? [];
  }

  referenceTo(resource: SynthesizedResource, attribute: string): string {
    return `\${${resource.address}.${attribute}}`;
  }
}

function synthesizeResource(node: TerraformResource, stack: TerraformStack): SynthesizedResource {
  const json: unknown = Tokenization.resolve(node.toTerraform(), { scope: stack, preparing: false, resolver: RESOLVER });
  const byType = objectAt(json, "resource");
  const type = node.terraformResourceType;
  const byName = objectAt(byType, type);
  const [name, config] = Object.entries(byName)[0] ?? [];
  if (name === undefined || typeof config !== "object" || config === null || Array.isArray(config)) {
    throw new Error(`toTerraform() of ${node.node.path} has no "resource.${type}.<name>" object`);
  }
  const settings: Record<string, unknown> = { ...(config as Record<string, unknown>) };
  // "//" is cdktf's own metadata (construct path, unique id), not resource configuration.
  delete settings["//"];
  return Object.freeze({
    type,
    address: `${type}.${name}`,
    path: node.node.path,
    config: deepFreeze(settings),
  });
}

function objectAt(value: unknown, key: string): Record<string, unknown> {
  const child = typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return typeof child === "object" && child !== null && !Array.isArray(child) ? (child as Record<string, unknown>) : {};
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) {
      deepFreeze(child);
    }
  }
  return value;
}

import { StackDocument } from "../src/estimate/stack-document";

type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** A synthesized stack in `region` holding `resource`, the way cdktf writes it. */
export function stack(name: string, resource: Resources, region = "eu-west-1"): StackDocument {
  return { name, json: { provider: { aws: [{ region }] }, resource } };
}

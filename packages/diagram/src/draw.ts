import { buildArchitectureModel } from "./architecture-model";
import { toDot } from "./dot";
import { renderPng, renderSvg } from "./render";
import { EnvironmentStacks } from "./synthesized-stacks";

/** The diagram of one environment in each format. */
export interface DiagramFiles {
  /** The Graphviz source. */
  readonly dot: string;
  /** The laid-out SVG, committed as `docs/<environment>.svg`. */
  readonly svg: string;
  /** The PNG rendering of the SVG, committed as `docs/<environment>.png`. */
  readonly png: Buffer;
}

/** Model, DOT, SVG and PNG of an environment's stacks; the same stacks always give the same bytes. */
export async function drawDiagram(stacks: EnvironmentStacks): Promise<DiagramFiles> {
  const dot = toDot(buildArchitectureModel(stacks));
  const svg = await renderSvg(dot);
  return { dot, svg, png: renderPng(svg) };
}

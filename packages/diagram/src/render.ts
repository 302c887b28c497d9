import { Resvg } from "@resvg/resvg-js";
import { DIAGRAM_FONT_FAMILY } from "./dot";

// The ESM-typed package ships a CommonJS build; require keeps this CommonJS package simple.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const viz = require("@viz-js/viz") as typeof import("@viz-js/viz", { with: { "resolution-mode": "import" } });

/**
 * The Arimo TTF files shipped by `@expo-google-fonts/arimo`: the PNG renderer loads only these,
 * never the machine's fonts, so the PNG is the same everywhere.
 */
export const DIAGRAM_FONT_FILES: readonly string[] = [
  require.resolve("@expo-google-fonts/arimo/400Regular/Arimo_400Regular.ttf"),
  require.resolve("@expo-google-fonts/arimo/700Bold/Arimo_700Bold.ttf"),
];

/** The font list the SVG names: the bundled font first, then metric-compatible fallbacks for browsers. */
export const SVG_FONT_FAMILIES = `${DIAGRAM_FONT_FAMILY},Arial,Helvetica,sans-serif`;

/** How much larger than the SVG's own size the PNG is, so that 9-point labels stay legible. */
export const PNG_ZOOM = 1.5;

/** Lays out `dot` with Graphviz (WebAssembly, no system packages) and returns the SVG. */
export async function renderSvg(dot: string): Promise<string> {
  const graphviz = await viz.instance();
  const result = graphviz.render(dot, { format: "svg", engine: "dot" });
  if (result.status !== "success") {
    throw new Error(`Graphviz could not lay out the diagram: ${result.errors.map((error) => error.message).join("; ")}`);
  }
  // Graphviz sized the text with Arimo's metrics; Arial and Helvetica share them, so a browser
  // without Arimo (the README on GitHub) still fits every label in its box.
  return result.output.replaceAll(`font-family="${DIAGRAM_FONT_FAMILY}"`, `font-family="${SVG_FONT_FAMILIES}"`);
}

/** Rasterizes the SVG with the bundled font only. */
export function renderPng(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    font: { loadSystemFonts: false, fontFiles: [...DIAGRAM_FONT_FILES], defaultFontFamily: DIAGRAM_FONT_FAMILY, sansSerifFamily: DIAGRAM_FONT_FAMILY },
    fitTo: { mode: "zoom", value: PNG_ZOOM },
    background: "white",
  });
  return resvg.render().asPng();
}

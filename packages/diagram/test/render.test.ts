import { describe, expect, it } from "vitest";
import { renderPng, renderSvg, SVG_FONT_FAMILIES } from "../src/render";

describe("render", () => {
  it("lays out DOT into an SVG naming the bundled font first", async () => {
    const svg = await renderSvg('digraph { a [fontname="Arimo", label="VPC 10.0.0.0/16"] }');
    expect(svg).toContain(`font-family="${SVG_FONT_FAMILIES}"`);
    expect(svg).toContain("VPC 10.0.0.0/16");
  });

  it("draws the text with the bundled font, without system fonts", async () => {
    const svg = await renderSvg('digraph { a [fontname="Arimo", label="courses.example.edu"] }');
    const withoutText = svg.replace(/<text[^>]*>[^<]*<\/text>/g, "");
    expect(withoutText).not.toBe(svg);
    // Were no font found, resvg would skip the text and both images would be the same.
    expect(renderPng(svg).equals(renderPng(withoutText))).toBe(false);
    expect(renderPng(svg).equals(renderPng(svg))).toBe(true);
  });

  it("rejects DOT that Graphviz cannot read", async () => {
    await expect(renderSvg("digraph { a -> }")).rejects.toThrow(/^Graphviz could not lay out the diagram: .*syntax error/);
  });
});

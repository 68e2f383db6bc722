import type { PlotOptions } from '@observablehq/plot';

/*
 * @observablehq/plot ships only ES modules; this repo compiles to CommonJS.
 * Node 20.19+ can require() an ES module that has no top-level await, which
 * Plot has not, so the compiled require() below works in dist (and jest
 * compiles ESM packages itself).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const Plot = require('@observablehq/plot') as typeof import('@observablehq/plot');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parseHTML } = require('linkedom') as typeof import('linkedom');

/** What this file uses of linkedom's DOM (the project compiles without the DOM library). */
interface Node {
  tagName: string;
  outerHTML: string;
  firstChild: Node | null;
  textContent: string | null;
  querySelector(selector: string): Node | null;
  querySelectorAll(selector: string): ArrayLike<Node>;
  removeAttribute(name: string): void;
  setAttribute(name: string, value: string): void;
  insertBefore(node: Node, before: Node | null): void;
  remove(): void;
}

/**
 * Every chart on the staff pages as an SVG string, drawn on the server from
 * Plot `options`. The page's Content-Security-Policy allows no inline style
 * (style-src 'self'), so the chart carries none: Plot's own <style> element
 * is not asked for, and any style attribute left is removed; colours are
 * presentation attributes, which CSP does not govern. The SVG is one image
 * to assistive technology (role="img" with a <title> of id `id`); the same
 * figures are in a table beside it on the page. `fluid` scales it to its
 * column (the viewBox keeps the proportions).
 */
export function plotSvg(options: PlotOptions, chart: { id: string; title: string; fluid?: boolean }): string {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const plotted = Plot.plot({ ...options, document, style: false as unknown as string } as PlotOptions) as unknown as Node;
  const svg = plotted.tagName.toLowerCase() === 'svg' ? plotted : plotted.querySelector('svg')!;
  for (const el of [svg, ...Array.from(svg.querySelectorAll('*'))]) el.removeAttribute('style');
  for (const el of Array.from(svg.querySelectorAll('style'))) el.remove();
  // Inside role="img" the parts are presentational: Plot's aria-label on each mark's <g> would be a prohibited attribute.
  for (const el of Array.from(svg.querySelectorAll('[aria-label], [aria-description], [aria-hidden]'))) {
    for (const name of ['aria-label', 'aria-description', 'aria-hidden']) el.removeAttribute(name);
  }
  svg.removeAttribute('class');
  svg.removeAttribute('aria-label');
  if (chart.fluid) {
    svg.setAttribute('width', '100%');
    svg.removeAttribute('height');
  }
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-labelledby', chart.id);
  const t = (document as unknown as { createElementNS(ns: string, name: string): Node }).createElementNS('http://www.w3.org/2000/svg', 'title');
  t.setAttribute('id', chart.id);
  t.textContent = chart.title;
  svg.insertBefore(t, svg.firstChild);
  return svg.outerHTML;
}

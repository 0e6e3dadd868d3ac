/**
 * Charts as inline SVG, rendered in Node by Vega-Lite (compile) and Vega (scenegraph → SVG string),
 * with no browser and no canvas. The 5.x lines are used because they ship CommonJS builds; 6.x is
 * ESM-only with top-level await and cannot be require()d from ts-node or jest (README, Dependencies).
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export type ChartSpec = TopLevelSpec;

/** Fonts and colours shared by every chart on the pages (matches page-style.ts). */
const CONFIG = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  background: 'white',
  view: { stroke: '#e5e7eb' },
  axis: {
    labelColor: '#374151',
    titleColor: '#111827',
    gridColor: '#eef0f3',
    domainColor: '#9ca3af',
  },
  legend: { labelColor: '#374151', titleColor: '#111827', orient: 'top' },
  title: { anchor: 'start', fontSize: 14, color: '#111827' },
} as const;

/**
 * The chart as an `<svg>` element. Every mark with a `description` encoding gets an SVG `<title>`,
 * which browsers show on hover: the hover text works in a page with no scripts.
 */
export async function chartSvg(spec: ChartSpec): Promise<string> {
  const withConfig = { ...spec, config: { ...CONFIG, ...(spec.config ?? {}) } } as ChartSpec;
  const view = new vega.View(vega.parse(compile(withConfig).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return withHoverTitles(svg);
}

/** Vega writes a mark's description as aria-label; repeat it as a `<title>` child. */
export function withHoverTitles(svg: string): string {
  return svg.replace(
    /<(path|rect|circle|line|text)(\s[^>]*?role="graphics-symbol"[^>]*?)\/>/g,
    (whole, tag: string, attrs: string) => {
      const label = /aria-label="([^"]*)"/.exec(attrs)?.[1];
      return label ? `<${tag}${attrs}><title>${label}</title></${tag}>` : whole;
    },
  );
}

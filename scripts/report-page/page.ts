/**
 * One self-contained HTML page: inline CSS, inline SVG charts, no scripts and nothing fetched at view
 * time, so a report can be mailed, archived or opened offline.
 */
import { PAGE_CSS } from './page-style';

/** Text for HTML element content and attribute values. */
export function esc(text: string | number): string {
  return String(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

export interface PageInput {
  readonly title: string;
  /** One line under the title (already plain text). */
  readonly subtitle: string;
  /** Sections' HTML, in order. */
  readonly sections: readonly string[];
}

export function htmlPage(input: PageInput): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // Nothing may load from elsewhere: no scripts, no fetched images, fonts or styles.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${esc(input.title)}</title>`,
    `<style>${PAGE_CSS}</style>`,
    '</head>',
    '<body>',
    `<header><h1>${esc(input.title)}</h1><p class="subtitle">${esc(input.subtitle)}</p></header>`,
    '<main>',
    ...input.sections,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** A titled section; `id` lets tests and links find it. */
export function section(id: string, title: string, html: string, intro?: string): string {
  const p = intro ? `<p class="intro">${esc(intro)}</p>` : '';
  return `<section id="${esc(id)}"><h2>${esc(title)}</h2>${p}${html}</section>`;
}

/** A chart's SVG in a figure (class `chart`: every chart on a page is one of these). */
export function figure(name: string, svg: string, caption?: string): string {
  const cap = caption ? `<figcaption>${esc(caption)}</figcaption>` : '';
  return `<figure class="chart" data-chart="${esc(name)}">${svg}${cap}</figure>`;
}

export function table(
  header: readonly string[],
  rows: readonly (readonly (string | number)[])[],
  empty = 'None.',
): string {
  if (rows.length === 0) return `<p class="empty">${esc(empty)}</p>`;
  const head = header.map((h) => `<th>${esc(h)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** Name → value pairs (the settings a run used). */
export function settingsList(entries: Readonly<Record<string, string | number>>): string {
  const items = Object.entries(entries)
    .map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`)
    .join('');
  return `<dl class="settings">${items}</dl>`;
}

/** Collapsed detail: a `<details>` per item. */
export function collapsed(summary: string, bodyHtml: string): string {
  return `<details><summary>${esc(summary)}</summary>${bodyHtml}</details>`;
}

/** A short coloured verdict, e.g. whether the circuit breaker would trip. */
export function badge(text: string, tone: 'ok' | 'warn' | 'bad'): string {
  return `<span class="badge ${tone}">${esc(text)}</span>`;
}

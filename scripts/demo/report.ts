/**
 * The demo's report files: reports/demo-report.md (text, for terminals and CI logs), .json, and .html
 * (the page, scripts/demo/page.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CastMember } from './cast';
import { renderRuns, renderUser, type Timeline } from './timeline';

export interface DemoReport {
  readonly markdown: string;
  readonly json: string;
}

export function buildReport(
  cast: readonly CastMember[],
  timeline: Timeline,
  meta: Readonly<Record<string, string | number>>,
): DemoReport {
  const settings = Object.entries(meta).map(([k, v]) => `- ${k}: ${v}`);
  const users = cast.map((m) => renderUser(m, timeline.condensed(m.name)));
  const markdown = [
    '# iam-key-lifecycle demo report',
    '',
    ...settings,
    '',
    '## Runs with activity',
    '',
    '```',
    renderRuns(timeline.runs),
    '```',
    '',
    '## Per user',
    '',
    '```',
    users.join('\n\n'),
    '```',
    '',
  ].join('\n');
  const json = JSON.stringify(
    {
      meta,
      runs: timeline.runs,
      users: cast.map((m) => ({
        name: m.name,
        path: m.path,
        role: m.role,
        timeline: timeline.forUser(m.name),
      })),
    },
    null,
    2,
  );
  return { markdown, json };
}

export function writeReport(
  dir: string,
  report: DemoReport & { readonly html?: string },
): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const md = path.join(dir, 'demo-report.md');
  const json = path.join(dir, 'demo-report.json');
  fs.writeFileSync(md, report.markdown);
  fs.writeFileSync(json, `${report.json}\n`);
  if (report.html === undefined) return [md, json];
  const html = path.join(dir, 'demo-report.html');
  fs.writeFileSync(html, report.html);
  return [md, json, html];
}

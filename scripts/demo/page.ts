/** reports/demo-report.html: the demo as pictures (timeline, per-run charts), settings and per-user detail. */
import { chartSvg } from '../report-page/chart-svg';
import {
  collapsed,
  esc,
  figure,
  htmlPage,
  section,
  settingsList,
  table,
} from '../report-page/page';
import { HOLD_HEADER, holdRows, type KeyHold } from './holds';
import type { CastMember } from './cast';
import type { KeySegment } from './key-ledger';
import { actionsByKindSpec, apiCallsSpec, timelineSpec } from './page-charts';
import { renderRuns, renderUser, type Timeline } from './timeline';
import { usageSection, type KeyUsageRow } from '../report-page/usage-section';

export interface DemoPageInput {
  readonly cast: readonly CastMember[];
  readonly timeline: Timeline;
  readonly segments: readonly KeySegment[];
  readonly lastDay: number;
  readonly meta: Readonly<Record<string, string | number>>;
  /** Old keys held because they were still in use (retire on evidence). */
  readonly holds?: readonly KeyHold[];
  /** "Used by" per key (report-page/usage-section.ts). @default - no such section */
  readonly usage?: readonly KeyUsageRow[];
}

export async function demoPage(input: DemoPageInput): Promise<string> {
  const users = input.cast.map((m) => m.name);
  const [timeline, actions, apiCalls] = await Promise.all([
    chartSvg(
      timelineSpec({
        users,
        segments: input.segments,
        marks: input.timeline.marks,
        lastDay: input.lastDay,
      }),
    ),
    chartSvg(actionsByKindSpec(input.timeline.runs)),
    chartSvg(apiCallsSpec(input.timeline.runs)),
  ]);
  const details = input.cast
    .map((m) =>
      collapsed(
        `${m.name} — ${m.role}`,
        `<pre>${esc(renderUser(m, input.timeline.condensed(m.name)))}</pre>`,
      ),
    )
    .join('\n');
  return htmlPage({
    title: 'iam-key-lifecycle demo report',
    subtitle: `${users.length} simulated users, ${input.meta['simulated period'] ?? ''}`,
    sections: [
      section(
        'timeline',
        'Keys over time',
        figure('timeline', timeline),
        'One row per user; each key is a bar from creation to deletion, coloured by status. Hover a bar or a mark for what happened.',
      ),
      ...(input.usage ? [usageSection(input.usage)] : []),
      section(
        'runs',
        'Per run',
        `<div class="charts">${figure('actions-by-kind', actions)}${figure('api-calls', apiCalls)}</div>` +
          collapsed(
            'Runs with activity (table)',
            `<pre>${esc(renderRuns(input.timeline.runs))}</pre>`,
          ),
      ),
      section(
        'holds',
        'Holds per key (retire on evidence)',
        table(HOLD_HEADER, holdRows(input.holds ?? []), 'No key was held.'),
        'Old keys still in use when their grace ended: held, the owner told once per escalation step (ops, critical, from step 2), retired once quiet for 24 hours or deactivated when the hold ends (grace-extension-ended). "replacement" says whether the new key had been used (adopted) when the hold ended.',
      ),
      section('settings', 'Settings', settingsList(input.meta)),
      section(
        'users',
        'Per user',
        details,
        'What happened to each user, when and why (• engine action, ✉ notification, ⚙ workload, ! warning, ✖ blocked/error).',
      ),
    ],
  });
}

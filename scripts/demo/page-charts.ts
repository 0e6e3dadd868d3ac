/** The demo page's charts as Vega-Lite specs (rendered to SVG by scripts/report-page/chart-svg.ts). */
import type { ChartSpec } from '../report-page/chart-svg';
import type { KeySegment } from './key-ledger';
import type { MarkKind, RunRecord, TimelineMark } from './timeline';
import { shortId } from './timeline';

/** Keys older than this (days before day 0) start their bar at the left edge; the hover text has the real day. */
export const EARLIEST_DAY = -100;

const STATUS_COLOURS = { Active: '#16a34a', Inactive: '#f59e0b' } as const;

const MARK_STYLE: Readonly<Record<MarkKind, { label: string; shape: string; colour: string }>> = {
  created: { label: 'key created', shape: 'triangle-up', colour: '#2563eb' },
  warning: { label: 'warning', shape: 'diamond', colour: '#ea580c' },
  'still-in-use': { label: 'old key still in use', shape: 'square', colour: '#7c3aed' },
  held: { label: 'old key held (in use past grace)', shape: 'square', colour: '#be185d' },
  blocked: { label: 'blocked', shape: 'cross', colour: '#dc2626' },
  error: { label: 'error', shape: 'triangle-down', colour: '#991b1b' },
};

export function timelineSpec(input: {
  readonly users: readonly string[];
  readonly segments: readonly KeySegment[];
  readonly marks: readonly TimelineMark[];
  readonly lastDay: number;
}): ChartSpec {
  const lane = keyLanes(input.segments, input.lastDay);
  const bars = input.segments.map((s) => {
    const end = s.to ?? input.lastDay;
    const ending =
      s.to === undefined ? `still ${s.status} on day ${input.lastDay}` : `until day ${s.to}`;
    return {
      user: s.user,
      lane: lane.get(s.accessKeyId) ?? 0,
      status: s.status,
      from: Math.max(s.from, EARLIEST_DAY),
      to: Math.max(end, EARLIEST_DAY + 1),
      text: `${s.user}: key ${shortId(s.accessKeyId)} (created day ${s.createdDay}) ${s.status} from day ${s.from} ${ending}`,
    };
  });
  const kinds = Object.keys(MARK_STYLE) as MarkKind[];
  const marks = input.marks.map((m) => ({ ...m, label: MARK_STYLE[m.kind].label }));
  const y = {
    field: 'user',
    type: 'nominal' as const,
    sort: [...input.users],
    scale: { domain: [...input.users] },
    title: null,
    axis: { labelFontSize: 11, labelLimit: 160 },
  };
  const x = {
    type: 'quantitative' as const,
    scale: { domain: [EARLIEST_DAY, input.lastDay], nice: false },
    title: `simulated day (bars of keys older than ${-EARLIEST_DAY} days start at the left edge)`,
  };
  return {
    width: 980,
    height: input.users.length * 22,
    layer: [
      {
        data: { values: bars },
        mark: { type: 'bar', cornerRadius: 2 },
        encoding: {
          y,
          // Two keys alive at once (a rotation's overlap) sit one above the other.
          yOffset: {
            field: 'lane',
            type: 'nominal',
            scale: { domain: [0, 1] },
          },
          x: { ...x, field: 'from' },
          x2: { field: 'to' },
          color: {
            field: 'status',
            type: 'nominal',
            title: 'key status',
            scale: { domain: Object.keys(STATUS_COLOURS), range: Object.values(STATUS_COLOURS) },
          },
          description: { field: 'text' },
        },
      },
      {
        data: { values: marks },
        mark: {
          type: 'point',
          filled: true,
          size: 70,
          opacity: 0.95,
          stroke: 'white',
          strokeWidth: 0.6,
        },
        encoding: {
          y,
          x: { ...x, field: 'day' },
          shape: {
            field: 'label',
            type: 'nominal',
            title: 'marks',
            legend: { labelLimit: 200 },
            scale: {
              domain: kinds.map((k) => MARK_STYLE[k].label),
              range: kinds.map((k) => MARK_STYLE[k].shape),
            },
          },
          color: {
            field: 'label',
            type: 'nominal',
            title: 'marks',
            scale: {
              domain: kinds.map((k) => MARK_STYLE[k].label),
              range: kinds.map((k) => MARK_STYLE[k].colour),
            },
          },
          description: { field: 'text' },
        },
      },
    ],
    resolve: { scale: { color: 'independent', shape: 'independent' } },
  } as ChartSpec;
}

/**
 * IAM allows two keys per user: each key gets lane 0 or 1 so that keys alive at the same time never
 * share one. Keys are placed in creation order into the first lane free at their creation.
 */
export function keyLanes(segments: readonly KeySegment[], lastDay: number): Map<string, number> {
  const life = new Map<string, { user: string; from: number; to: number }>();
  for (const s of segments) {
    const k = life.get(s.accessKeyId);
    const to = s.to ?? lastDay;
    life.set(s.accessKeyId, {
      user: s.user,
      from: Math.min(k?.from ?? s.from, s.from),
      to: Math.max(k?.to ?? to, to),
    });
  }
  const lanes = new Map<string, number>();
  const busyUntil = new Map<string, number[]>();
  for (const [id, k] of [...life].sort((a, b) => a[1].from - b[1].from)) {
    const busy = busyUntil.get(k.user) ?? [-Infinity, -Infinity];
    const free = busy.findIndex((until) => until <= k.from);
    const chosen = free < 0 ? busy.indexOf(Math.min(...busy)) : free;
    busy[chosen] = k.to;
    busyUntil.set(k.user, busy);
    lanes.set(id, chosen);
  }
  return lanes;
}

/** The x axis of the per-run charts: one band per run, labelled by its simulated day. */
const RUN_AXIS = {
  field: 'day',
  type: 'ordinal',
  title: 'run (simulated day)',
  axis: { labelAngle: 0, labelOverlap: true },
} as const;

export function actionsByKindSpec(runs: readonly RunRecord[]): ChartSpec {
  const values = runs.flatMap((r) =>
    Object.entries(r.done)
      .filter(([, n]) => n > 0)
      .map(([kind, n]) => ({
        day: r.day,
        kind,
        n,
        text: `day ${r.day} (${r.date}): ${n} × ${kind}`,
      })),
  );
  return {
    title: 'Actions carried out per run, by kind',
    width: 460,
    height: 200,
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      x: RUN_AXIS,
      y: { field: 'n', type: 'quantitative', aggregate: 'sum', title: 'actions' },
      color: {
        field: 'kind',
        type: 'nominal',
        title: 'action',
        scale: {
          domain: ['warn', 'create', 'deactivate', 'delete'],
          range: ['#ea580c', '#2563eb', '#f59e0b', '#6b7280'],
        },
      },
      description: { field: 'text' },
    },
  } as ChartSpec;
}

export function apiCallsSpec(runs: readonly RunRecord[]): ChartSpec {
  return {
    title: 'AWS API calls per run',
    width: 460,
    height: 200,
    data: {
      values: runs.map((r) => ({
        day: r.day,
        apiCalls: r.apiCalls,
        text: `day ${r.day} (${r.date}): ${r.apiCalls} API calls, ${r.usersEvaluated} user(s) read in detail (${r.inventory})`,
      })),
    },
    mark: { type: 'bar', color: '#0e7490' },
    encoding: {
      x: RUN_AXIS,
      y: { field: 'apiCalls', type: 'quantitative', title: 'API calls' },
      description: { field: 'text' },
    },
  } as ChartSpec;
}

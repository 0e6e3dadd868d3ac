/**
 * The module's CloudWatch dashboard drawn as a page, for the README's picture: the dashboard body
 * (modules/access-key-lifecycle/dashboard.ts) laid out on its 24-column grid, each metric widget
 * charted from a demo run's metric values (the values the engine's EMF line would carry), with the
 * widget's annotations drawn. Metrics the demo cannot produce (AWS/Lambda errors, the DLQ) are empty.
 */
import {
  dashboardBody,
  type DashboardMetric,
  type DashboardWidget,
  type HorizontalAnnotation,
} from '../../modules/access-key-lifecycle/dashboard';
import { chartSvg, type ChartSpec } from './chart-svg';
import { esc, htmlPage } from './page';

/** One demo run's values, keyed `<namespace>/<metric>/<stat>` for AWS metrics or by EMF name. */
export interface DashboardRun {
  readonly day: number;
  readonly values: Readonly<Record<string, number>>;
}

const COLUMN_PX = 50;
/** The body names no colours; CloudWatch gives a widget's lines its palette's colours in order. */
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b'];
const ROW_PX = 30;

export async function dashboardPage(input: {
  readonly functionName: string;
  readonly runs: readonly DashboardRun[];
  readonly caption: string;
}): Promise<string> {
  const body = dashboardBody({
    region: 'us-east-1',
    functionName: input.functionName,
    dlqName: input.functionName.replace(/-engine$/, '-dlq'),
  });
  const cells = await Promise.all(body.widgets.map((w) => widgetHtml(w, input.runs)));
  const grid =
    `<div class="dashboard" style="display:grid;grid-template-columns:repeat(24,${COLUMN_PX}px);` +
    `grid-auto-rows:${ROW_PX}px;gap:0">${cells.join('\n')}</div>`;
  return htmlPage({
    title: `CloudWatch dashboard ${input.functionName} (layout)`,
    subtitle: input.caption,
    sections: [`<section id="dashboard">${grid}</section>`],
  });
}

async function widgetHtml(w: DashboardWidget, runs: readonly DashboardRun[]): Promise<string> {
  const place = `grid-column:${w.x + 1} / span ${w.width};grid-row:${w.y + 1} / span ${w.height};`;
  const box = `${place}border:1px solid #d1d5db;background:#fff;padding:6px 10px;margin:3px;overflow:hidden;border-radius:4px`;
  if (w.type === 'text') {
    const text = String(w.properties.markdown ?? '')
      .split('\n')
      .map((l) =>
        l.startsWith('## ')
          ? `<h3 style="margin:0">${esc(l.slice(3))}</h3>`
          : `<p style="margin:2px 0">${esc(l)}</p>`,
      )
      .join('');
    return `<div class="widget text" style="${box}">${text}</div>`;
  }
  const title = String(w.properties.title ?? '');
  const metrics = (w.properties.metrics ?? []) as DashboardMetric[];
  const annotations =
    (w.properties.annotations as { horizontal?: HorizontalAnnotation[] } | undefined)?.horizontal ??
    [];
  const svg = await chartSvg(
    widgetSpec(
      metrics,
      annotations,
      runs,
      w.width * COLUMN_PX - 110,
      w.height * ROW_PX - (metrics.length > 1 ? 104 : 82),
    ),
  );
  return (
    `<div class="widget metric" style="${box}"><div style="font-weight:600;font-size:13px">${esc(title)}</div>` +
    `<figure class="chart" data-chart="${esc(title)}" style="margin:0">${svg}</figure></div>`
  );
}

/** The key a demo run's value is stored under for this dashboard metric. */
export function metricKey(m: DashboardMetric): string {
  return m[0].startsWith('AWS/') ? `${m[0]}/${m[1]}/${m[4]?.stat ?? 'Sum'}` : m[1];
}

function widgetSpec(
  metrics: readonly DashboardMetric[],
  annotations: readonly HorizontalAnnotation[],
  runs: readonly DashboardRun[],
  width: number,
  height: number,
): ChartSpec {
  const labels = metrics.map((m) => m[4]?.label ?? m[1]);
  const points = metrics.flatMap((m) =>
    runs
      .filter((r) => r.values[metricKey(m)] !== undefined)
      .map((r) => ({
        day: r.day,
        value: r.values[metricKey(m)],
        label: m[4]?.label ?? m[1],
        text: `day ${r.day}: ${m[4]?.label ?? m[1]} ${r.values[metricKey(m)]}`,
      })),
  );
  const maxDay = Math.max(1, ...runs.map((r) => r.day));
  const layer: unknown[] = [
    {
      data: { values: points },
      mark: { type: 'line', point: { size: 18 }, strokeWidth: 1.5, interpolate: 'linear' },
      encoding: {
        x: {
          field: 'day',
          type: 'quantitative',
          title: 'demo day',
          scale: { domain: [0, maxDay] },
        },
        y: { field: 'value', type: 'quantitative', title: null },
        color: {
          field: 'label',
          type: 'nominal',
          title: null,
          scale: {
            domain: labels,
            range: metrics.map((m, i) => m[4]?.color ?? PALETTE[i % PALETTE.length]!),
          },
          legend:
            metrics.length < 2
              ? null
              : {
                  orient: 'top',
                  direction: 'horizontal',
                  labelLimit: 220,
                  symbolType: 'stroke',
                },
        },
        description: { field: 'text' },
      },
    },
  ];
  if (points.length === 0) {
    layer.push({
      data: { values: [{}] },
      mark: { type: 'text', color: '#6b7280', fontSize: 11 },
      encoding: {
        x: { value: width / 2 },
        y: { value: height / 4 },
        text: { value: 'no data in the demo (an AWS metric)' },
      },
    });
  }
  annotations.forEach((a, i) => {
    layer.push(
      // CloudWatch shades the side of the line where the alarm fires (`fill: above`).
      {
        data: { values: [{}] },
        mark: { type: 'rect', color: a.color, opacity: 0.07 },
        encoding: { y: { datum: a.value, type: 'quantitative' }, y2: { value: 0 } },
      },
      {
        data: { values: [{}] },
        mark: { type: 'rule', color: a.color, strokeDash: [4, 3], strokeWidth: 1.5 },
        encoding: { y: { datum: a.value, type: 'quantitative' } },
      },
      {
        data: { values: [{}] },
        mark: { type: 'text', color: a.color, align: 'right', dy: -6 - 12 * i, fontSize: 10 },
        encoding: {
          x: { value: width - 2 },
          y: { datum: a.value, type: 'quantitative' },
          text: { value: a.label },
        },
      },
    );
  });
  return { width, height, layer } as ChartSpec;
}

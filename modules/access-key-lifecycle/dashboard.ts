/**
 * The CloudWatch dashboard over the engine's metrics (README, "Dashboard"): actions by kind per run,
 * blocked rotations, circuit-breaker trips, errors, users deferred, API calls and duration, with the
 * alarms' thresholds drawn as horizontal annotations. Namespace, metric names and dimension come
 * from lambda/observability/metrics.ts, the source the engine's EMF lines and the alarms use.
 */
import { Construct } from 'constructs';
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import {
  METRIC_NAMES,
  METRICS_DIMENSION,
  METRICS_NAMESPACE,
} from '../../lambda/observability/metrics';

/** Every engine alarm fires above this value (alarms.ts: `GreaterThanThreshold`, threshold 0). */
export const ALARM_THRESHOLD = 0;

/** One metric line: [namespace, name, dimension name, dimension value, options]. */
export type DashboardMetric = [string, string, string, string, Record<string, string>];

export interface HorizontalAnnotation {
  readonly label: string;
  readonly value: number;
  readonly color: string;
  readonly fill: 'above';
}

export interface DashboardWidget {
  readonly type: 'metric' | 'text';
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: Record<string, unknown>;
}

export interface DashboardInput {
  readonly name: string;
  readonly region: string;
  readonly functionName: string;
  readonly dlqName: string;
  /** Set when the dashboard exists only under a condition (the HCL module's `create_dashboard`). */
  readonly count?: number;
}

const ALARM_RED = '#d62728';

/** The alarm annotation for an alarm named `id` (alarms.ts) on the widget of its metric. */
const alarmLine = (alarm: string): HorizontalAnnotation => ({
  label: `alarm ${alarm}: > ${ALARM_THRESHOLD}`,
  value: ALARM_THRESHOLD,
  color: ALARM_RED,
  fill: 'above',
});

/** The dashboard body: a 24-column grid of widgets (CloudWatch dashboard body structure). */
export function dashboardBody(input: Omit<DashboardInput, 'name' | 'count'>): {
  widgets: DashboardWidget[];
} {
  const engine = (name: string, label: string, color: string): DashboardMetric => [
    METRICS_NAMESPACE,
    name,
    METRICS_DIMENSION,
    input.functionName,
    { label, color },
  ];
  const lambda = (name: string, label: string, color: string, stat: string): DashboardMetric => [
    'AWS/Lambda',
    name,
    'FunctionName',
    input.functionName,
    { label, color, stat },
  ];
  const metric = (
    pos: Pick<DashboardWidget, 'x' | 'y' | 'width' | 'height'>,
    title: string,
    metrics: DashboardMetric[],
    annotations: HorizontalAnnotation[] = [],
    extra: Record<string, unknown> = {},
  ): DashboardWidget => ({
    type: 'metric',
    ...pos,
    properties: {
      title,
      region: input.region,
      view: 'timeSeries',
      stat: 'Sum',
      // Runs are minutes apart at most a few times a day: 5-minute sums show one point per run.
      period: 300,
      metrics,
      ...(annotations.length > 0 ? { annotations: { horizontal: annotations } } : {}),
      yAxis: { left: { min: 0, showUnits: false } },
      ...extra,
    },
  });
  return {
    widgets: [
      {
        type: 'text',
        x: 0,
        y: 0,
        width: 24,
        height: 2,
        properties: {
          markdown:
            `## Access key lifecycle: ${input.functionName}\n` +
            'One point per run (5-minute sums). Red shading: an alarm fires there and notifies the topic.',
        },
      },
      metric({ x: 0, y: 2, width: 12, height: 6 }, 'Actions by kind per run', [
        engine(METRIC_NAMES.keysCreated, 'keys created', '#1f77b4'),
        engine(METRIC_NAMES.keysDeactivated, 'keys deactivated', '#ff7f0e'),
        engine(METRIC_NAMES.keysDeleted, 'keys deleted', '#7f7f7f'),
      ]),
      metric(
        { x: 12, y: 2, width: 6, height: 6 },
        'Blocked rotations',
        [engine(METRIC_NAMES.rotationsBlocked, 'rotations blocked', '#9467bd')],
        [alarmLine('rotations-blocked')],
      ),
      metric(
        { x: 18, y: 2, width: 6, height: 6 },
        'Circuit-breaker trips',
        [engine(METRIC_NAMES.circuitBreakerTripped, 'breaker tripped', ALARM_RED)],
        [alarmLine('circuit-breaker')],
      ),
      metric(
        { x: 0, y: 8, width: 8, height: 6 },
        'Errors',
        [
          engine(METRIC_NAMES.errors, 'engine errors (per user)', '#8c564b'),
          lambda('Errors', 'function errors', '#e377c2', 'Sum'),
        ],
        [alarmLine('engine-errors'), alarmLine('function-errors')],
      ),
      metric({ x: 8, y: 8, width: 8, height: 6 }, 'Users deferred to the next run', [
        engine(METRIC_NAMES.usersDeferred, 'users deferred', '#bcbd22'),
      ]),
      metric(
        { x: 16, y: 8, width: 8, height: 6 },
        'Dead-letter queue',
        [
          [
            'AWS/SQS',
            'ApproximateNumberOfMessagesVisible',
            'QueueName',
            input.dlqName,
            { label: 'failed invocations waiting', color: '#17becf', stat: 'Maximum' },
          ],
        ],
        [alarmLine('dead-letters')],
      ),
      metric({ x: 0, y: 14, width: 12, height: 6 }, 'API calls and users scanned per run', [
        engine(METRIC_NAMES.apiCalls, 'AWS API calls', '#2ca02c'),
        engine(METRIC_NAMES.usersScanned, 'users scanned', '#98df8a'),
      ]),
      metric({ x: 12, y: 14, width: 12, height: 6 }, 'Run duration (ms)', [
        lambda('Duration', 'longest run', '#1f77b4', 'Maximum'),
        lambda('Duration', 'average run', '#aec7e8', 'Average'),
      ]),
    ],
  };
}

/** The dashboard's name: the engine function's name (one dashboard per engine). */
export function dashboardName(functionName: string): string {
  return functionName;
}

export function createDashboard(scope: Construct, input: DashboardInput): CloudwatchDashboard {
  const dashboard = new CloudwatchDashboard(scope, 'dashboard', {
    dashboardName: input.name,
    dashboardBody: JSON.stringify(dashboardBody(input)),
    count: input.count,
  });
  dashboard.overrideLogicalId('engine');
  return dashboard;
}

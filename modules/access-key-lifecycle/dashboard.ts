/**
 * The CloudWatch dashboard over the engine's metrics (README, "Dashboard"): actions by kind per run,
 * blocked rotations, circuit-breaker trips, errors, users deferred, API calls and duration, with the
 * alarms' threshold drawn as a horizontal annotation. Namespace, metric names and dimension come
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

/**
 * One metric line: [namespace, name, dimension name, dimension value, options?]. Options only where the
 * metric name would not say it (a label) or the widget's stat does not fit (a stat): every line of the
 * body is a line of `terraform plan` (docs/module.md, "Plan size").
 */
export type DashboardMetric =
  [string, string, string, string] | [string, string, string, string, Record<string, string>];

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

/** The alarms' threshold, drawn once on each widget whose metrics have an alarm (alarms.ts). */
const ALARMS_FIRE: HorizontalAnnotation = {
  label: `alarm fires above ${ALARM_THRESHOLD}`,
  value: ALARM_THRESHOLD,
  color: '#d62728',
  fill: 'above',
};

/**
 * The dashboard body: five metric widgets on a 24-column grid (CloudWatch dashboard body structure),
 * one point per run (5-minute sums). Kept compact, since `terraform plan` shows it line by line: no
 * colours, axis settings or text widget, which CloudWatch defaults well enough.
 */
export function dashboardBody(input: Omit<DashboardInput, 'name' | 'count'>): {
  widgets: DashboardWidget[];
} {
  const engine = (name: string, label?: string): DashboardMetric =>
    label === undefined
      ? [METRICS_NAMESPACE, name, METRICS_DIMENSION, input.functionName]
      : [METRICS_NAMESPACE, name, METRICS_DIMENSION, input.functionName, { label }];
  const lambda = (name: string, options: Record<string, string>): DashboardMetric => [
    'AWS/Lambda',
    name,
    'FunctionName',
    input.functionName,
    options,
  ];
  const metric = (
    pos: Pick<DashboardWidget, 'x' | 'y' | 'width'>,
    title: string,
    metrics: DashboardMetric[],
    alarmed = false,
  ): DashboardWidget => ({
    type: 'metric',
    ...pos,
    height: 6,
    properties: {
      title,
      region: input.region,
      stat: 'Sum',
      // Runs are minutes apart at most a few times a day: 5-minute sums show one point per run.
      period: 300,
      metrics,
      ...(alarmed ? { annotations: { horizontal: [ALARMS_FIRE] } } : {}),
    },
  });
  return {
    widgets: [
      metric({ x: 0, y: 0, width: 12 }, 'Actions per run', [
        engine(METRIC_NAMES.keysCreated),
        engine(METRIC_NAMES.keysDeactivated),
        engine(METRIC_NAMES.keysDeleted),
        engine(METRIC_NAMES.usersDeferred),
      ]),
      metric(
        { x: 12, y: 0, width: 12 },
        'Needs attention',
        [
          engine(METRIC_NAMES.rotationsBlocked),
          engine(METRIC_NAMES.circuitBreakerTripped),
          engine(METRIC_NAMES.errors, 'engine errors (per user)'),
          lambda('Errors', { label: 'function errors' }),
        ],
        true,
      ),
      metric(
        { x: 0, y: 6, width: 8 },
        'Dead-letter queue',
        [
          [
            'AWS/SQS',
            'ApproximateNumberOfMessagesVisible',
            'QueueName',
            input.dlqName,
            { stat: 'Maximum' },
          ],
        ],
        true,
      ),
      metric({ x: 8, y: 6, width: 8 }, 'API calls and users scanned', [
        engine(METRIC_NAMES.apiCalls),
        engine(METRIC_NAMES.usersScanned),
      ]),
      metric({ x: 16, y: 6, width: 8 }, 'Run duration (ms)', [
        lambda('Duration', { stat: 'Maximum', label: 'longest run' }),
        lambda('Duration', { stat: 'Average', label: 'average run' }),
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

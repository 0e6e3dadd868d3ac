import type { RunSummary } from '../engine/summary';

/** CloudWatch namespace and metric names: the Terraform module's alarms refer to these constants. */
export const METRICS_NAMESPACE = 'IamKeyLifecycle';
export const METRICS_DIMENSION = 'FunctionName';
export const METRIC_NAMES = {
  keysCreated: 'KeysCreated',
  keysDeactivated: 'KeysDeactivated',
  keysDeleted: 'KeysDeleted',
  rotationsBlocked: 'RotationsBlocked',
  errors: 'Errors',
  usersScanned: 'UsersScanned',
  apiCalls: 'ApiCalls',
  circuitBreakerTripped: 'CircuitBreakerTripped',
  warnings: 'Warnings',
  usersDeferred: 'UsersDeferred',
} as const;

export type MetricName = (typeof METRIC_NAMES)[keyof typeof METRIC_NAMES];

/**
 * One CloudWatch Embedded Metric Format line for a run. Only actions carried out (`done`) count: a
 * report-mode run plans changes but makes none, and its plan is in the summary line instead.
 */
export function emfLine(
  summary: RunSummary,
  opts: { readonly functionName: string; readonly timestamp: Date },
): string {
  const values = metricValues(summary);
  return JSON.stringify({
    _aws: {
      Timestamp: opts.timestamp.getTime(),
      CloudWatchMetrics: [
        {
          Namespace: METRICS_NAMESPACE,
          Dimensions: [[METRICS_DIMENSION]],
          Metrics: Object.keys(values).map((Name) => ({ Name, Unit: 'Count' })),
        },
      ],
    },
    [METRICS_DIMENSION]: opts.functionName,
    Mode: summary.mode,
    ...values,
  });
}

export function metricValues(summary: RunSummary): Readonly<Record<MetricName, number>> {
  const done = (action: string) =>
    summary.actions.filter((a) => a.action === action && a.outcome === 'done').length;
  return {
    [METRIC_NAMES.keysCreated]: done('create'),
    [METRIC_NAMES.keysDeactivated]: done('deactivate'),
    [METRIC_NAMES.keysDeleted]: done('delete'),
    [METRIC_NAMES.rotationsBlocked]: summary.blocked.filter((b) => b.action === 'create').length,
    [METRIC_NAMES.errors]: summary.errors.length,
    [METRIC_NAMES.usersScanned]: summary.usersScanned,
    [METRIC_NAMES.apiCalls]: summary.apiCalls,
    [METRIC_NAMES.circuitBreakerTripped]: summary.circuitBreakerTripped ? 1 : 0,
    [METRIC_NAMES.warnings]: summary.warnings.length,
    [METRIC_NAMES.usersDeferred]: summary.usersDeferred ?? 0,
  };
}

import { Construct } from 'constructs';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import {
  METRIC_NAMES,
  METRICS_DIMENSION,
  METRICS_NAMESPACE,
} from '../../lambda/observability/metrics';
import type { ResourceNames } from './names';

/** Namespace of the engine's Embedded Metric Format metrics: the engine's own constant, so they cannot drift. */
export const METRIC_NAMESPACE = METRICS_NAMESPACE;

interface AlarmSpec {
  readonly id: string;
  readonly description: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly statistic: 'Sum' | 'Maximum';
  readonly dimensions: Record<string, string>;
}

export interface AlarmsInput {
  readonly names: ResourceNames;
  readonly topicArn: string;
  readonly functionName: string;
  readonly dlqName: string;
  /** Set when the alarms exist only under a condition (the HCL module's `enable_alarms`). */
  readonly count?: number;
}

/** Each alarm fires on the first occurrence: any of these means a human should look. */
export function createAlarms(scope: Construct, input: AlarmsInput): void {
  const fn = { [METRICS_DIMENSION]: input.functionName };
  const lambdaFn = { FunctionName: input.functionName };
  const specs: readonly AlarmSpec[] = [
    {
      id: 'function_errors',
      description: 'The engine function failed (AWS/Lambda Errors)',
      namespace: 'AWS/Lambda',
      metricName: 'Errors',
      statistic: 'Sum',
      dimensions: lambdaFn,
    },
    {
      id: 'dead_letters',
      description: 'An invocation exhausted its retries and is in the dead-letter queue',
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      statistic: 'Maximum',
      dimensions: { QueueName: input.dlqName },
    },
    {
      id: 'rotations_blocked',
      description: 'A due rotation was blocked (two keys, recovery window not over)',
      namespace: METRIC_NAMESPACE,
      metricName: METRIC_NAMES.rotationsBlocked,
      statistic: 'Sum',
      dimensions: fn,
    },
    {
      id: 'circuit_breaker',
      description:
        'A run planned more destructive actions (deactivations and deletions) than its limit allows and performed none',
      namespace: METRIC_NAMESPACE,
      metricName: METRIC_NAMES.circuitBreakerTripped,
      statistic: 'Sum',
      dimensions: fn,
    },
    {
      id: 'engine_errors',
      description: 'The engine reported per-user errors',
      namespace: METRIC_NAMESPACE,
      metricName: METRIC_NAMES.errors,
      statistic: 'Sum',
      dimensions: fn,
    },
  ];
  for (const spec of specs) {
    const alarm = new CloudwatchMetricAlarm(scope, `alarm_${spec.id}`, {
      alarmName: input.names.alarmName(spec.id.replace(/_/g, '-')),
      alarmDescription: spec.description,
      namespace: spec.namespace,
      metricName: spec.metricName,
      dimensions: spec.dimensions,
      statistic: spec.statistic,
      period: 300,
      evaluationPeriods: 1,
      threshold: 0,
      comparisonOperator: 'GreaterThanThreshold',
      // Runs are daily: no data is the normal state, not a breach.
      treatMissingData: 'notBreaching',
      alarmActions: [input.topicArn],
      count: input.count,
    });
    alarm.overrideLogicalId(spec.id);
  }
}

import { emfLine, METRIC_NAMES, METRICS_NAMESPACE } from '../../../lambda/observability/metrics';
import { busySummary, quietSummary } from './fixtures';

const opts = { functionName: 'iam-key-lifecycle', timestamp: new Date('2025-03-01T06:00:12Z') };

describe('emfLine', () => {
  it('writes one Embedded Metric Format document with one FunctionName dimension set', () => {
    // Act
    const doc = JSON.parse(emfLine(busySummary, opts));

    // Assess
    expect(doc._aws).toEqual({
      Timestamp: Date.parse('2025-03-01T06:00:12Z'),
      CloudWatchMetrics: [
        {
          Namespace: 'IamKeyLifecycle',
          Dimensions: [['FunctionName']],
          Metrics: Object.values(METRIC_NAMES).map((Name) => ({ Name, Unit: 'Count' })),
        },
      ],
    });
    expect(doc.FunctionName).toBe('iam-key-lifecycle');
  });

  it('counts only actions carried out, and blocks of rotations only', () => {
    // Act
    const doc = JSON.parse(emfLine(busySummary, opts));

    // Assess
    expect(doc).toMatchObject({
      KeysCreated: 1,
      KeysDeactivated: 1,
      KeysDeleted: 2,
      RotationsBlocked: 1,
      Errors: 2,
      UsersScanned: 120,
      ApiCalls: 42,
      CircuitBreakerTripped: 1,
      Warnings: 1,
    });
  });

  it('reports zero changes for a report-mode run, whose actions are only planned', () => {
    // Act
    const doc = JSON.parse(emfLine(quietSummary, opts));

    // Assess
    expect(doc).toMatchObject({
      KeysCreated: 0,
      KeysDeactivated: 0,
      KeysDeleted: 0,
      RotationsBlocked: 0,
      Errors: 0,
      CircuitBreakerTripped: 0,
      Warnings: 0,
      Mode: 'report',
    });
  });

  it('gives every declared metric a numeric value on the line', () => {
    // Act
    const doc = JSON.parse(emfLine(busySummary, opts));

    // Assess
    for (const name of Object.values(METRIC_NAMES)) expect(typeof doc[name]).toBe('number');
    expect(METRICS_NAMESPACE).toBe('IamKeyLifecycle');
  });

  it('counts the users an incomplete run deferred to the next run', () => {
    const doc = JSON.parse(
      emfLine({ ...quietSummary, incomplete: true, usersDeferred: 1234 }, opts),
    );
    expect(doc.UsersDeferred).toBe(1234);
    expect(JSON.parse(emfLine(quietSummary, opts)).UsersDeferred).toBe(0);
  });

  it('is a single line, as CloudWatch Logs needs', () => {
    expect(emfLine(busySummary, opts)).not.toContain('\n');
  });
});

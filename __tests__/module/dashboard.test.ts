/**
 * The CloudWatch dashboard (README, "Dashboard"): it plots only metrics the engine emits (the EMF
 * emitter and the alarms share lambda/observability/metrics.ts), draws every alarm's threshold on the
 * widget of the alarm's metric, can be switched off, and comes along into the HCL export.
 */
import { METRICS_DIMENSION, METRICS_NAMESPACE, emfLine } from '../../lambda/observability/metrics';
import type { RunSummary } from '../../lambda/engine/summary';
import { configurations } from './support/configurations';
import { exportIntoTempTree, merged, readTf } from './support/hcl-module';
import { buildStack, placeholderZip, synthJson, type SynthJson } from './support/stacks';

const zip = placeholderZip();
const full = configurations(zip)['full enforce, tagged scope'].props;
const FUNCTION_NAME = '${aws_lambda_function.engine.function_name}';

type Metric = [string, string, ...unknown[]];
interface Widget {
  readonly type: string;
  readonly properties: {
    readonly metrics?: Metric[];
    readonly annotations?: { horizontal?: { value: number; fill?: string; label: string }[] };
  };
}

function dashboardOf(out: SynthJson): { name: unknown; widgets: Widget[] } {
  const d = out.resource.aws_cloudwatch_dashboard?.engine;
  if (!d) throw new Error('no aws_cloudwatch_dashboard.engine in the synthesized stack');
  const body = JSON.parse(String(d.dashboard_body)) as { widgets: Widget[] };
  return { name: d.dashboard_name, widgets: body.widgets };
}

/** What the engine writes for one run: its EMF line, parsed (the values do not matter). */
function emitted(): { namespace: string; dimensions: string[][]; names: string[] } {
  const summary = {
    mode: 'enforce',
    actions: [],
    blocked: [],
    warnings: [],
    errors: [],
    usersScanned: 0,
    apiCalls: 0,
    circuitBreakerTripped: false,
  } as unknown as RunSummary;
  const line = JSON.parse(emfLine(summary, { functionName: 'f', timestamp: new Date(0) })) as {
    _aws: {
      CloudWatchMetrics: {
        Namespace: string;
        Dimensions: string[][];
        Metrics: { Name: string }[];
      }[];
    };
  };
  const [m] = line._aws.CloudWatchMetrics;
  return {
    namespace: m!.Namespace,
    dimensions: m!.Dimensions,
    names: m!.Metrics.map((x) => x.Name),
  };
}

describe('the engine dashboard', () => {
  const out = synthJson(buildStack(full).stack);
  const { widgets } = dashboardOf(out);
  const metrics = widgets.flatMap((w) => w.properties.metrics ?? []);

  it('plots only metrics the engine emits, with its namespace and dimension', () => {
    // Prepare
    const engine = emitted();
    const ours = metrics.filter((m) => m[0] === METRICS_NAMESPACE);

    // Assess
    expect(engine.namespace).toBe(METRICS_NAMESPACE);
    expect(engine.dimensions).toEqual([[METRICS_DIMENSION]]);
    expect(ours.length).toBeGreaterThanOrEqual(8);
    for (const m of ours) {
      expect({ metric: m[1], known: engine.names.includes(m[1]) }).toEqual({
        metric: m[1],
        known: true,
      });
      expect(m.slice(2, 4)).toEqual([METRICS_DIMENSION, FUNCTION_NAME]);
    }
  });

  it('plots the AWS metrics of the engine function and its dead-letter queue only', () => {
    // Prepare
    const others = metrics.filter((m) => m[0] !== METRICS_NAMESPACE).map((m) => m.slice(0, 4));

    // Assess
    expect(others).toEqual(
      expect.arrayContaining([
        ['AWS/Lambda', 'Errors', 'FunctionName', FUNCTION_NAME],
        ['AWS/Lambda', 'Duration', 'FunctionName', FUNCTION_NAME],
        [
          'AWS/SQS',
          'ApproximateNumberOfMessagesVisible',
          'QueueName',
          '${aws_sqs_queue.dead_letters.name}',
        ],
      ]),
    );
    expect(new Set(others.map((m) => m[0]))).toEqual(new Set(['AWS/Lambda', 'AWS/SQS']));
  });

  it('plots actions by kind, blocked rotations, breaker trips, errors, deferrals, API calls and duration', () => {
    // Assess
    expect(metrics.map((m) => m[1])).toEqual(
      expect.arrayContaining([
        'KeysCreated',
        'KeysDeactivated',
        'KeysDeleted',
        'RotationsBlocked',
        'CircuitBreakerTripped',
        'Errors',
        'UsersDeferred',
        'ApiCalls',
        'Duration',
      ]),
    );
  });

  it("draws every alarm's threshold on the widget of the alarm's metric", () => {
    // Prepare
    const alarms = Object.values(out.resource.aws_cloudwatch_metric_alarm ?? {});

    // Assess
    expect(alarms).toHaveLength(5);
    for (const a of alarms) {
      const [[dimension, value]] = Object.entries(a.dimensions as Record<string, string>);
      const widget = widgets.find((w) =>
        (w.properties.metrics ?? []).some(
          (m) =>
            m[0] === a.namespace && m[1] === a.metric_name && m[2] === dimension && m[3] === value,
        ),
      );
      expect({ alarm: a.alarm_name, widget: widget !== undefined }).toEqual({
        alarm: a.alarm_name,
        widget: true,
      });
      expect(a.comparison_operator).toBe('GreaterThanThreshold');
      expect(widget!.properties.annotations?.horizontal).toEqual(
        expect.arrayContaining([expect.objectContaining({ value: a.threshold, fill: 'above' })]),
      );
    }
  });

  it('is named after the engine function and its name is the dashboard_name output', () => {
    // Assess
    expect(dashboardOf(out).name).toBe('iam-key-lifecycle-engine');
    expect(out.output.dashboard_name?.value).toBe(
      '${aws_cloudwatch_dashboard.engine.dashboard_name}',
    );
  });

  it('is not created, and has no output, when createDashboard is false', () => {
    // Act
    const off = synthJson(buildStack({ ...full, createDashboard: false }).stack);

    // Assess
    expect(off.resource.aws_cloudwatch_dashboard).toBeUndefined();
    expect(off.output.dashboard_name).toBeUndefined();
  });
});

describe('the dashboard in the HCL export', () => {
  const tree = exportIntoTempTree(zip);

  it('is switched by create_dashboard (default true) and named by the dashboard_name output', async () => {
    // Prepare
    const files = await readTf(tree.moduleDir);
    const variable = (merged(files, 'variable') as Record<string, Record<string, unknown>>)
      .create_dashboard;
    const resource = (merged(files, 'resource') as SynthJson['resource']).aws_cloudwatch_dashboard
      ?.engine;
    const output = (merged(files, 'output') as Record<string, { value: unknown }>).dashboard_name;

    // Assess
    expect(variable).toEqual(expect.objectContaining({ type: 'bool', default: true }));
    expect(resource?.count).toBe('${var.create_dashboard ? 1 : 0}');
    expect(String(resource?.dashboard_body)).toContain(METRICS_NAMESPACE);
    expect(output?.value).toBe('${one(aws_cloudwatch_dashboard.engine[*].dashboard_name)}');
  });
});

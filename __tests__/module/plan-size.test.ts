/**
 * How long a reviewer's plan is: `terraform plan -no-color` of examples/basic (one instance, defaults,
 * a fresh stack), against the figures docs/module.md states ("Plan size").
 */
import { PLAN_SIZE_LIMIT } from '../../scripts/hcl/plan-size-section';
import type { RunResult } from '../../scripts/terraform-env';
import { exportIntoTempTree, flat, init, plan } from './support/hcl-module';
import { placeholderZip } from './support/stacks';

jest.setTimeout(180_000);

const tree = exportIntoTempTree(placeholderZip());
let planned: Promise<RunResult>;

beforeAll(() => {
  const dir = tree.exampleDir('basic');
  planned = init(dir).then((i) =>
    i.status === 0 ? plan(dir, ['-var', 'account_id=123456789012']) : i,
  );
  planned.catch(() => undefined);
});

/** The lines of one resource's entry in the plan, by its address. */
function entry(text: string, address: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`  # ${address} will be created`));
  if (start < 0) throw new Error(`${address} is not in the plan`);
  const end = lines.findIndex((l, i) => i > start && l === '    }');
  return lines.slice(start, end + 1);
}

describe('terraform plan of examples/basic', () => {
  let text: string;

  beforeAll(async () => {
    const r = await planned;
    if (r.status !== 0) throw new Error(`plan failed: ${flat(r).slice(-3000)}`);
    text = r.stdout;
  });

  it(`stays within ${PLAN_SIZE_LIMIT.lines} lines and ${PLAN_SIZE_LIMIT.bytes} bytes`, () => {
    expect({
      lines: text.split('\n').length <= PLAN_SIZE_LIMIT.lines,
      bytes: Buffer.byteLength(text) <= PLAN_SIZE_LIMIT.bytes,
    }).toEqual({ lines: true, bytes: true });
  });

  it('shows the dashboard body in full, in at most 220 lines (it was 382)', () => {
    // Prepare
    const dashboard = entry(text, 'module.iam_key_lifecycle.aws_cloudwatch_dashboard.engine[0]');

    // Assess
    expect(dashboard.length).toBeLessThanOrEqual(220);
    const body = dashboard.join('\n');
    expect(body).toContain('+ dashboard_body = jsonencode(');
    for (const metric of ['KeysCreated', 'RotationsBlocked', 'CircuitBreakerTripped', 'Duration']) {
      expect(body).toContain(`"${metric}"`);
    }
  });

  it('hides no policy: role policies and key policy are shown, not "known after apply"', () => {
    for (const address of [
      'module.iam_key_lifecycle.aws_iam_role_policy.engine[0]',
      'module.iam_key_lifecycle.aws_iam_role_policy.engine_keys[0]',
      'module.iam_key_lifecycle.aws_kms_key.key[0]',
    ]) {
      expect(entry(text, address).join('\n')).toMatch(/\+ policy\s+= jsonencode\(/);
    }
  });
});

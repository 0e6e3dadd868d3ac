import { synthAccountStacksOffline } from './support/account-stacks';
import { configurations } from './support/configurations';
import { placeholderZip } from './support/stacks';
import { synthToDir } from './support/synth-dir';
import { addressKey } from '../../modules/access-key-lifecycle/subscription-keys';
import { describeFailure, initValidatePlan, terraform } from './support/terraform';

// terraform validate loads the provider schema (~10 s); the stacks run in parallel.
jest.setTimeout(240_000);

const cases = Object.entries(configurations(placeholderZip()));

describe('terraform init, validate and plan of every configuration', () => {
  beforeAll(() => {
    // Fails loudly (never skips) when terraform is absent.
    terraform();
  });

  const outcomes = new Map<string, ReturnType<typeof initValidatePlan>>();
  beforeAll(() => {
    for (const [name, { props, region }] of cases) {
      outcomes.set(name, initValidatePlan(synthToDir(props, region)));
    }
  });

  it.each(cases.map(([name]) => [name]))('plans "%s" with no error', async (name) => {
    // Act
    const outcome = await outcomes.get(name)!;

    // Assess
    const summary = describeFailure(outcome);
    expect({ status: outcome.plan?.status, summary }).toEqual({
      status: 0,
      summary: expect.any(String),
    });
    expect(outcome.plan!.stdout).toMatch(/Plan: \d+ to add, 0 to change, 0 to destroy/);
  });

  it('names resources readably in the plan', async () => {
    // Act
    const outcome = await outcomes.get('full enforce, tagged scope')!;

    // Assess
    const plan = outcome.plan?.stdout ?? '';
    for (const address of [
      'aws_lambda_function.engine',
      'aws_iam_role.engine',
      'aws_iam_role_policy.engine',
      'aws_sns_topic.notifications',
      'aws_kms_key.key',
      'aws_sqs_queue.dead_letters',
      'aws_cloudwatch_log_group.engine',
      'aws_cloudwatch_event_rule.schedule',
      'aws_cloudwatch_event_rule.key_events',
      'aws_secretsmanager_secret.secret["alice"]',
      `aws_sns_topic_subscription.owner_${addressKey('alice@example.com')}_part0`,
      'aws_cloudwatch_metric_alarm.circuit_breaker',
    ]) {
      expect(plan).toContain(`# ${address} will be created`);
    }
  });
});

describe('terraform plan of the stacks main.ts synthesizes from config/accounts.json', () => {
  const dirs = synthAccountStacksOffline(placeholderZip());

  it.each([...dirs.keys()].map((name) => [name]))('plans account stack "%s"', async (name) => {
    // Act
    const outcome = await initValidatePlan(dirs.get(name)!);

    // Assess
    if (outcome.plan?.status !== 0) throw new Error(describeFailure(outcome));
    expect(outcome.plan.stdout).toContain('# aws_lambda_function.engine will be created');
  });
});

import 'cdktf/lib/testing/adapters/jest';
import { Testing } from 'cdktf';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { createHash } from 'crypto';
import * as fs from 'fs';
import { configurations } from './support/configurations';
import { buildStack, placeholderZip, synthJson } from './support/stacks';
import { AccessKeyLifecycle } from '../../modules/access-key-lifecycle';
import { keyEventPattern } from '../../modules/access-key-lifecycle/triggers';

Testing.setupJest();

const zip = placeholderZip();
const full = configurations(zip)['full enforce, tagged scope'].props;

function synth(props = full): string {
  return Testing.synth(buildStack(props).stack);
}

describe('AccessKeyLifecycle', () => {
  it('runs the engine on nodejs22.x arm64 with the zip hash and the full environment contract', () => {
    // Act
    const out = synth();

    // Assess
    expect(out).toHaveResourceWithProperties(LambdaFunction, {
      runtime: 'nodejs22.x',
      architectures: ['arm64'],
      handler: 'index.handler',
      timeout: 900,
      memory_size: 512,
      reserved_concurrent_executions: 1,
      source_code_hash: createHash('sha256').update(fs.readFileSync(zip)).digest('base64'),
      kms_key_arn: '${aws_kms_key.key.arn}',
      dead_letter_config: { target_arn: '${aws_sqs_queue.dead_letters.arn}' },
      environment: {
        variables: {
          MODE: 'enforce',
          // Built from names, so known at plan time (issue 8).
          SNS_TOPIC_ARN:
            'arn:${data.aws_partition.current.partition}:sns:${local.region}:${local.account_id}:iam-key-lifecycle-notifications',
          SECRET_PREFIX: 'iam-access-key/',
          // The module key by its alias ARN: known at plan time, resolved by the engine (issue 8).
          SECRET_KMS_KEY_ID:
            'arn:${data.aws_partition.current.partition}:kms:${local.region}:${local.account_id}:alias/iam-key-lifecycle',
          SECRET_ADMIN_PRINCIPAL_ARNS:
            '${local.engine_role_arn},arn:aws:iam::123456789012:role/security-admin',
          ROTATION_DAYS: '90',
          WARN_DAYS: '7',
          GRACE_DAYS: '7',
          UNUSED_DAYS: '45',
          RECOVERY_DAYS: '10',
          USER_PATH_PREFIX: '/team/',
          SCOPE: 'tagged',
          INCLUDE_USERS: '',
          EXCLUDE_USERS: 'break-glass',
          EXEMPT_GROUP: 'key-lifecycle-exempt',
          TAG_PREFIX: 'key-lifecycle:',
          MAX_DESTRUCTIVE_ACTIONS: '20',
          MAX_EXEMPTION_DAYS: '365',
          IN_USE_HOLD_HOURS: '24',
          MAX_GRACE_EXTENSION_DAYS: '30',
          KEY_USAGE_LOOKUPS: '100',
          // The alias ARN: a key ARN holds the id AWS assigns at create.
          STATE_MAC_KEY_ID:
            'arn:${data.aws_partition.current.partition}:kms:${local.region}:${local.account_id}:alias/iam-key-lifecycle-state-mac',
          COORDINATION_TABLE: 'iam-key-lifecycle-coordination',
        },
      },
    });
  });

  it('leaves reserved concurrency off by default', () => {
    // Act
    const json = synthJson(buildStack({ mode: 'report', lambdaZipPath: zip }).stack);

    // Assess
    expect(json.resource.aws_lambda_function.engine).not.toHaveProperty(
      'reserved_concurrent_executions',
    );
  });

  it('encrypts topic, queue and logs with the rotating key and keeps logs 365 days', () => {
    // Act
    const out = synth();

    // Assess
    expect(out).toHaveResourceWithProperties(KmsKey, { enable_key_rotation: true });
    expect(out).toHaveResourceWithProperties(SnsTopic, {
      kms_master_key_id: '${aws_kms_key.key.arn}',
    });
    expect(out).toHaveResourceWithProperties(SqsQueue, {
      kms_master_key_id: '${aws_kms_key.key.arn}',
    });
    expect(out).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: '/aws/lambda/iam-key-lifecycle-engine',
      retention_in_days: 365,
      kms_key_id: '${aws_kms_key.key.arn}',
    });
  });

  it('uses a supplied key instead of creating one', () => {
    // Prepare
    const props = configurations(zip)['own key, x86, no alarms'].props;

    // Act
    const out = synth(props);

    // Assess
    const keys = Object.keys(JSON.parse(out).resource.aws_kms_key);
    expect(keys).toEqual(['state_mac']);
    expect(out).toHaveResourceWithProperties(SnsTopic, { kms_master_key_id: props.kmsKeyArn });
    expect(out).not.toHaveResource(CloudwatchMetricAlarm);
  });

  it('retries asynchronous invocations as configured before the dead-letter queue', () => {
    expect(synth()).toHaveResourceWithProperties(LambdaFunctionEventInvokeConfig, {
      maximum_retry_attempts: 2,
      maximum_event_age_in_seconds: 3600,
    });
  });

  it('subscribes owners with a filter policy on their own user', () => {
    expect(synth()).toHaveResourceWithProperties(SnsTopicSubscription, {
      protocol: 'email',
      endpoint: 'alice@example.com',
      filter_policy_scope: 'MessageAttributes',
      filter_policy: JSON.stringify({ user: ['alice'] }),
    });
  });

  it('creates listed secrets with the key and an owner-only policy, but never a secret value', () => {
    // Act
    const out = synth();
    const json = JSON.parse(out);
    const policy = json.resource.aws_secretsmanager_secret_policy.secret;

    // Assess: one for_each resource keyed by user name (issue 8 item 7)
    expect(out).toHaveResourceWithProperties(SecretsmanagerSecret, {
      for_each: {
        alice: { user_name: 'alice', path: '/team/' },
        'ci.deploy': { user_name: 'ci.deploy', path: '/team/' },
      },
      kms_key_id: '${aws_kms_key.key.arn}',
    });
    expect(out).not.toHaveResource(SecretsmanagerSecretVersion);
    expect(policy.block_public_policy).toBe(true);
    expect(policy.policy).toContain(':user%s%s');
    expect(policy.policy).toContain('StringNotEquals');
  });

  it('guards the secrets holding live keys with prevent_destroy', () => {
    // Act
    const secret = JSON.parse(synth()).resource.aws_secretsmanager_secret.secret;

    // Assess
    expect(secret.lifecycle).toEqual({ prevent_destroy: true });
  });

  it('triggers on CloudTrail key events and a daily schedule', () => {
    // Act
    const out = synth();

    // Assess
    expect(out).toHaveResourceWithProperties(CloudwatchEventRule, {
      schedule_expression: 'rate(1 day)',
    });
    const rule = JSON.parse(out).resource.aws_cloudwatch_event_rule.key_events;
    expect(rule.event_pattern).toContain('"eventName" = ["CreateAccessKey", "UpdateAccessKey"]');
    expect(rule.lifecycle.precondition[0].error_message).toContain('us-east-1');
  });

  it("keeps the engine's own key calls out of the CloudTrail trigger", () => {
    // Prepare
    const roleArn = 'arn:aws:iam::123456789012:role/iam-key-lifecycle-engine';

    // Act
    const detail = keyEventPattern(roleArn).detail;

    // Assess: the applied pattern is also evaluated by EventBridge in terraform-apply.test.ts
    expect(detail.$or).toEqual([
      {
        userIdentity: {
          sessionContext: { sessionIssuer: { arn: [{ 'anything-but': [roleArn] }] } },
        },
      },
      { userIdentity: { sessionContext: { sessionIssuer: { arn: [{ exists: false }] } } } },
    ]);
    expect(synth()).toContain('{\\"anything-but\\" = [aws_iam_role.engine.arn]}');
  });

  it.each([
    ['function_errors', 'AWS/Lambda', 'Errors'],
    ['dead_letters', 'AWS/SQS', 'ApproximateNumberOfMessagesVisible'],
    ['rotations_blocked', 'IamKeyLifecycle', 'RotationsBlocked'],
    ['circuit_breaker', 'IamKeyLifecycle', 'CircuitBreakerTripped'],
    ['engine_errors', 'IamKeyLifecycle', 'Errors'],
  ])('alarms %s (%s %s) to the topic', (id, namespace, metricName) => {
    // Act
    const alarm = synthJson(buildStack(full).stack).resource.aws_cloudwatch_metric_alarm[id];

    // Assess
    expect(alarm).toMatchObject({
      namespace,
      metric_name: metricName,
      threshold: 0,
      comparison_operator: 'GreaterThanThreshold',
      alarm_actions: ['${aws_sns_topic.notifications.arn}'],
    });
  });

  it('scopes IAM permissions to the path and the managed tag, and tag writes to the prefix', () => {
    // Act
    const doc = synthJson(buildStack(full).stack).data.aws_iam_policy_document.engine_permissions;
    const statements = doc.statement as {
      sid: string;
      resources: string[];
      condition?: object[];
    }[];
    const bySid = Object.fromEntries(statements.map((s) => [s.sid, s]));

    // Assess
    // CloudTrail allows LookupEvents on no narrower resource than "*" (who uses a key).
    expect(statements.filter((s) => s.resources.includes('*')).map((s) => s.sid)).toEqual([
      'ReadAccountLevelIamReports',
      'LookUpWhoUsesKeys',
      'FindSecretsByOwner',
    ]);
    expect(bySid.ManageKeysOfUsersInScope!.resources[0]).toMatch(/:user\/team\/\*$/);
    expect(bySid.ManageKeysOfUsersInScope!.condition).toEqual([
      { test: 'StringEquals', variable: 'iam:ResourceTag/key-lifecycle:managed', values: ['true'] },
    ]);
    expect(bySid.WriteLifecycleTagsOnly!.condition).toContainEqual({
      test: 'ForAllValues:StringLike',
      variable: 'aws:TagKeys',
      values: ['key-lifecycle:*'],
    });
  });

  it('refuses a second instance in the same stack', () => {
    // Prepare
    const { stack } = buildStack({ mode: 'report', lambdaZipPath: zip });

    // Act + Assess
    expect(
      () =>
        new AccessKeyLifecycle(stack, 'again', {
          mode: 'report',
          lambdaZipPath: zip,
        }),
    ).toThrow(/one stack per account/);
  });
});

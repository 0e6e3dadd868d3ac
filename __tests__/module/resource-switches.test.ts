/**
 * Issue 8 in the construct (cdktf) path: create_* switches with bring-your-own key and topic, tags on
 * every taggable resource, the role's path and boundary, and the checks of those props.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import { App, Testing, TerraformStack } from 'cdktf';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import {
  AccessKeyLifecycle,
  type AccessKeyLifecycleProps,
} from '../../modules/access-key-lifecycle';
import { AccountStack } from '../../modules/account-stack/account-stack';
import { parseAccounts } from '../../config/load-accounts';
import { awsSchema } from './support/crafted-state';
import {
  ACCOUNT_ID,
  buildStack,
  offlineProvider,
  placeholderZip,
  synthJson,
} from './support/stacks';
import { describeFailure, initValidatePlan, terraform } from './support/terraform';

jest.setTimeout(240_000);

const zip = placeholderZip();
const TAGS = { team: 'platform', 'cost-center': '4711' };
const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const TOPIC_ARN = `arn:aws:sns:us-east-1:${ACCOUNT_ID}:platform-alerts`;

function synth(props: Partial<AccessKeyLifecycleProps>) {
  return synthJson(buildStack({ mode: 'enforce', lambdaZipPath: zip, ...props }).stack);
}

describe('props of bring-your-own resources, tags, role path and boundary', () => {
  it.each<[string, Partial<AccessKeyLifecycleProps>, RegExp]>([
    [
      'no key while createKmsKey is false',
      { createKmsKey: false },
      /^kmsKeyArn must be set while createKmsKey is false, got null \(give your key's ARN, or set createKmsKey to true\)$/,
    ],
    [
      'a key while createKmsKey is true',
      { createKmsKey: true, kmsKeyArn: KEY_ARN },
      /^kmsKeyArn must not be set while createKmsKey is true, got ".*" \(set createKmsKey to false to use your key, or drop kmsKeyArn to create one\)$/,
    ],
    [
      'no topic while createSnsTopic is false',
      { createSnsTopic: false },
      /^snsTopicArn must be set while createSnsTopic is false/,
    ],
    [
      'a queue ARN as topic',
      { snsTopicArn: 'arn:aws:sqs:us-east-1:123456789012:q' },
      /^snsTopicArn must be a standard SNS topic ARN like arn:aws:sns:us-east-1:123456789012:alerts, got "arn:aws:sqs/,
    ],
    ['a role path without slashes', { rolePath: 'service' }, /^rolePath must be an IAM path/],
    [
      'a role ARN as boundary',
      { permissionsBoundaryArn: 'arn:aws:iam::123456789012:role/x' },
      /^permissionsBoundaryArn must be a managed policy ARN/,
    ],
    ['a short account id', { accountId: '1234' }, /^accountId must be a 12-digit AWS account id/],
    ['a reserved tag key', { tags: { 'aws:owner': 'x' } }, /^tags must have keys of 1-128/],
    ['a quota of 0', { snsFilterPolicyQuota: 0 }, /^snsFilterPolicyQuota must be an integer/],
  ])('rejects %s', (_name, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });

  it('uses a given key and topic when only their ARNs are given (the switches follow)', () => {
    // Act
    const json = synth({
      kmsKeyArn: KEY_ARN,
      snsTopicArn: TOPIC_ARN,
      opsEmails: ['a@example.com'],
    });

    // Assess
    expect(json.resource).not.toHaveProperty('aws_sns_topic');
    expect(Object.keys(json.resource.aws_kms_key!)).toEqual(['state_mac']);
    const sub = Object.values(json.resource.aws_sns_topic_subscription!)[0]!;
    expect(sub.topic_arn).toBe(TOPIC_ARN);
    const alarm = json.resource.aws_cloudwatch_metric_alarm!.function_errors!;
    expect(alarm.alarm_actions).toEqual([TOPIC_ARN]);
    const publish = (
      json.data.aws_iam_policy_document!.engine_permissions!.statement as {
        sid: string;
        resources: string[];
      }[]
    ).find((s) => s.sid === 'PublishNotifications');
    expect(publish!.resources).toEqual([TOPIC_ARN]);
  });

  it('puts the role under rolePath with the permissions boundary', () => {
    // Act
    const role = synth({
      rolePath: '/service/',
      permissionsBoundaryArn: `arn:aws:iam::${ACCOUNT_ID}:policy/boundary`,
    }).resource.aws_iam_role!.engine!;

    // Assess
    expect(role).toMatchObject({
      path: '/service/',
      permissions_boundary: `arn:aws:iam::${ACCOUNT_ID}:policy/boundary`,
    });
  });

  it('takes tags from config/accounts.json module options', () => {
    // Prepare
    const [account] = parseAccounts(
      {
        accounts: [
          {
            name: 'sandbox',
            accountId: ACCOUNT_ID,
            region: 'us-east-1',
            roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/deployer`,
            module: { mode: 'report', tags: TAGS },
          },
        ],
      },
      'accounts.json',
    );

    // Act
    const stack = new AccountStack(Testing.app(), { account: account!, lambdaZipPath: zip });
    const json = synthJson(stack);

    // Assess
    expect(json.resource.aws_lambda_function!.engine!.tags).toEqual(TAGS);
    expect(json.resource.aws_iam_role!.engine!.tags).toEqual(TAGS);
  });
});

describe('terraform plan of a stack with its own key and topic beside the construct', () => {
  const dir = (() => {
    const app = Testing.app();
    const stack = new TerraformStack(app as App, 'test');
    offlineProvider(stack);
    const key = new KmsKey(stack, 'platform_key', { description: 'platform' });
    const topic = new SnsTopic(stack, 'platform_topic', { name: 'platform-alerts' });
    new AccessKeyLifecycle(stack, 'lifecycle', {
      mode: 'enforce',
      lambdaZipPath: zip,
      accountId: ACCOUNT_ID,
      createKmsKey: false,
      kmsKeyArn: key.arn,
      createSnsTopic: false,
      snsTopicArn: topic.arn,
      tags: TAGS,
      rolePath: '/service/',
      opsEmails: ['ops@example.com'],
      owners: [{ userName: 'alice', email: 'alice@example.com' }],
      managedSecretUsers: [{ userName: 'alice' }],
    });
    return path.join(Testing.fullSynth(stack), 'stacks', 'test');
  })();
  let outcome: ReturnType<typeof initValidatePlan>;

  beforeAll(() => {
    terraform();
    outcome = initValidatePlan(dir);
  });

  it('plans although the key and topic ARNs are known only after apply', async () => {
    // Act
    const o = await outcome;

    // Assess
    if (o.plan?.status !== 0) throw new Error(describeFailure(o));
    expect(o.plan.stdout).not.toContain('# aws_kms_key.key');
    expect(o.plan.stdout).not.toContain('# aws_sns_topic.notifications');
    expect(o.plan.stdout).toContain('# aws_sns_topic_subscription.ops_email_');
  });

  it('tags every resource of the construct whose type has a tags argument in the provider schema', async () => {
    // Prepare
    await outcome;
    const schema = await awsSchema(dir);
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')) as {
      resource: Record<string, Record<string, { tags?: unknown }>>;
    };

    // Act
    const untagged = Object.entries(json.resource).flatMap(([type, byId]) =>
      schema.resource_schemas[type]?.block.attributes?.tags
        ? Object.entries(byId)
            .filter(([id]) => !id.startsWith('platform_'))
            .filter(([, r]) => !isDeepStrictEqual(r.tags, TAGS))
            .map(([id]) => `${type}.${id}`)
        : [],
    );

    // Assess
    expect(untagged).toEqual([]);
  });
});

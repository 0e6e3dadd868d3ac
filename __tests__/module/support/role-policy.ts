import { Testing } from 'cdktf';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { AccessKeyLifecycleProps } from '../../../modules/access-key-lifecycle';
import { buildStack, ACCOUNT_ID } from './stacks';

export const REGION = 'us-east-1';
export const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT_ID}:iam-key-lifecycle-notifications`;
export const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const TABLE_ARN = `arn:aws:dynamodb:${REGION}:${ACCOUNT_ID}:table/iam-key-lifecycle-coordination`;
export const MAC_KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/abcdef01-2345-6789-abcd-ef0123456789`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT_ID}:role/iam-key-lifecycle-engine`;
export const KEY_ALIAS = 'alias/iam-key-lifecycle';
export const MAC_KEY_ALIAS = 'alias/iam-key-lifecycle-state-mac';

/**
 * The aliases KMS puts into each request on a key (`kms:ResourceAliases`): the module's keys carry the
 * module's aliases. A call may give its own value (another key's alias, or none) instead.
 */
const KEY_ALIASES: Readonly<Record<string, readonly string[]>> = {
  [KEY_ARN]: [KEY_ALIAS],
  [MAC_KEY_ARN]: [MAC_KEY_ALIAS],
};

/** What Terraform would resolve each reference in the role policy to, in account 123456789012. */
const RESOLVED: Readonly<Record<string, string>> = {
  '${data.aws_partition.current.partition}': 'aws',
  '${local.account_id}': ACCOUNT_ID,
  '${data.aws_region.current.id}': REGION,
  '${local.region}': REGION,
  '${aws_sns_topic.notifications.arn}': TOPIC_ARN,
  '${aws_kms_key.key.arn}': KEY_ARN,
  '${aws_dynamodb_table.coordination.arn}': TABLE_ARN,
  '${aws_kms_key.state_mac.arn}': MAC_KEY_ARN,
  '${aws_sqs_queue.dead_letters.arn}': `arn:aws:sqs:${REGION}:${ACCOUNT_ID}:iam-key-lifecycle-dlq`,
  '${aws_cloudwatch_log_group.engine.arn}': `arn:aws:logs:${REGION}:${ACCOUNT_ID}:log-group:/aws/lambda/iam-key-lifecycle-engine`,
};

const KEY_POLICY_DELEGATION = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'AccountAdministersKeyThroughIam',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` },
      Action: 'kms:*',
      Resource: '*',
    },
  ],
};

interface DataStatement {
  sid: string;
  effect: string;
  actions: string[];
  resources: string[];
  condition?: { test: string; variable: string; values: string[] }[];
}

/**
 * The role policies exactly as synthesized (the aws_iam_policy_document data sources), with Terraform
 * references resolved, rendered as the IAM JSON Terraform would attach.
 */
export function synthesizedRolePolicy(props: AccessKeyLifecycleProps): object {
  const json = JSON.parse(Testing.synth(buildStack(props, { region: REGION }).stack));
  // Both role policies of the engine role: the main one and the one on the KMS keys.
  const documents = json.data.aws_iam_policy_document;
  const statements = [
    ...documents.engine_permissions.statement,
    ...documents.engine_key_use.statement,
  ] as DataStatement[];
  const resolve = (s: string) =>
    Object.entries(RESOLVED).reduce((acc, [ref, value]) => acc.split(ref).join(value), s);
  const policy = {
    Version: '2012-10-17',
    Statement: statements.map((s) => {
      const condition: Record<string, Record<string, string[]>> = {};
      for (const c of s.condition ?? []) {
        condition[c.test] = { ...(condition[c.test] ?? {}), [c.variable]: c.values.map(resolve) };
      }
      return {
        Sid: s.sid,
        Effect: s.effect,
        Action: s.actions,
        Resource: s.resources.map(resolve),
        ...(s.condition ? { Condition: condition } : {}),
      };
    }),
  };
  const text = JSON.stringify(policy);
  if (text.includes('${'))
    throw new Error(`unresolved Terraform reference in role policy: ${text}`);
  return policy;
}

export interface ApiCall {
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, string | string[]>>;
}

export async function decide(policy: object, call: ApiCall): Promise<string> {
  const result = await runSimulation(
    {
      request: {
        principal: ROLE_ARN,
        action: call.action,
        resource: { resource: call.resource, accountId: ACCOUNT_ID },
        contextVariables: {
          ...(KEY_ALIASES[call.resource]
            ? { 'kms:ResourceAliases': [...KEY_ALIASES[call.resource]!] }
            : {}),
          ...(call.context ?? {}),
        },
      },
      identityPolicies: [{ name: 'access-key-lifecycle', policy }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      // KMS needs the key policy to delegate to IAM; the module's key policy's first statement does.
      ...(call.action.startsWith('kms:') ? { resourcePolicy: KEY_POLICY_DELEGATION } : {}),
    },
    {},
  );
  if (result.resultType === 'error') {
    throw new Error(
      `simulation of ${call.action} on ${call.resource} failed: ${JSON.stringify(result.errors)}`,
    );
  }
  return result.overallResult;
}

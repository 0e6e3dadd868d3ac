/**
 * Environment configuration (lambda/config/env.ts): every invalid variable fails the invocation before any
 * AWS call, with a ConfigError naming the variable, the value received and what is allowed (README, "Configuration reference").
 * Each row runs the real handler on the standard account with the module's variables plus the row's.
 */
import { category, type BadInputCase } from './case';
import { rejectedBeforeAnyCall } from './checks';
import { probe } from './probe';

type Row = BadInputCase<Readonly<Record<string, string>>, { readonly mentions: readonly string[] }>;

const TOPIC = 'arn:aws:sns:us-east-1:123456789012';

export const ENVIRONMENT_CASES: readonly Row[] = [
  {
    name: 'MODE unset',
    input: { MODE: '' },
    expected: { mentions: ['MODE is unset', '"enforce" or "report"', 'no default'] },
  },
  {
    name: 'MODE in capitals',
    input: { MODE: 'ENFORCE' },
    expected: { mentions: ['MODE="ENFORCE"', '"enforce", "report"'] },
  },
  {
    name: 'MODE dry-run (not a mode)',
    input: { MODE: 'dry-run' },
    expected: { mentions: ['MODE="dry-run"', '"enforce", "report"'] },
  },
  {
    name: 'SNS_TOPIC_ARN unset',
    input: { SNS_TOPIC_ARN: '' },
    expected: { mentions: ['SNS_TOPIC_ARN is unset', 'standard SNS topic ARN'] },
  },
  {
    name: 'SNS_TOPIC_ARN of a FIFO topic',
    input: { SNS_TOPIC_ARN: `${TOPIC}:key-lifecycle.fifo` },
    expected: {
      mentions: [`SNS_TOPIC_ARN="${TOPIC}:key-lifecycle.fifo"`, 'standard SNS topic ARN'],
    },
  },
  {
    name: 'SNS_TOPIC_ARN naming an SQS queue',
    input: { SNS_TOPIC_ARN: 'arn:aws:sqs:us-east-1:123456789012:key-lifecycle' },
    expected: { mentions: ['SNS_TOPIC_ARN="arn:aws:sqs:', 'standard SNS topic ARN'] },
  },
  {
    name: 'WARN_DAYS equal to ROTATION_DAYS',
    input: { ROTATION_DAYS: '30', WARN_DAYS: '30' },
    expected: {
      mentions: [
        'WARN_DAYS="30"',
        'smaller than ROTATION_DAYS',
        'lower WARN_DAYS or raise ROTATION_DAYS',
      ],
    },
  },
  {
    name: 'GRACE_DAYS longer than ROTATION_DAYS',
    input: { GRACE_DAYS: '120' },
    expected: {
      mentions: [
        'GRACE_DAYS="120"',
        'ROTATION_DAYS is 90',
        'lower GRACE_DAYS or raise ROTATION_DAYS',
      ],
    },
  },
  {
    name: 'ROTATION_DAYS with a fraction',
    input: { ROTATION_DAYS: '90.5' },
    expected: { mentions: ['ROTATION_DAYS="90.5"', 'a whole number of days from 1 to 3650'] },
  },
  {
    name: 'UNUSED_DAYS zero',
    input: { UNUSED_DAYS: '0' },
    expected: { mentions: ['UNUSED_DAYS="0"', 'from 1 to 3650'] },
  },
  {
    name: 'RECOVERY_DAYS negative',
    input: { RECOVERY_DAYS: '-1' },
    expected: { mentions: ['RECOVERY_DAYS="-1"', 'from 1 to 3650'] },
  },
  {
    name: 'ROTATION_DAYS with a unit',
    input: { ROTATION_DAYS: '90d' },
    expected: { mentions: ['ROTATION_DAYS="90d"', 'whole number of days'] },
  },
  {
    name: 'MAX_DESTRUCTIVE_ACTIONS negative',
    input: { MAX_DESTRUCTIVE_ACTIONS: '-1' },
    expected: {
      mentions: [
        'MAX_DESTRUCTIVE_ACTIONS="-1"',
        'from 0 to 10000',
        '0 = never deactivate or delete',
      ],
    },
  },
  {
    name: 'MAX_DESTRUCTIVE_ACTIONS spelled out',
    input: { MAX_DESTRUCTIVE_ACTIONS: 'twenty' },
    expected: { mentions: ['MAX_DESTRUCTIVE_ACTIONS="twenty"', 'whole number of keys per run'] },
  },
  {
    name: 'MAX_EXEMPTION_DAYS past ten years',
    input: { MAX_EXEMPTION_DAYS: '99999' },
    expected: { mentions: ['MAX_EXEMPTION_DAYS="99999"', 'from 1 to 3650'] },
  },
  {
    name: 'TAG_PREFIX in the aws: namespace',
    input: { TAG_PREFIX: 'aws:key-lifecycle:' },
    expected: { mentions: ['TAG_PREFIX="aws:key-lifecycle:"', 'not starting with "aws:"'] },
  },
  {
    name: 'SECRET_PREFIX with a space',
    input: { SECRET_PREFIX: 'access keys/' },
    expected: { mentions: ['SECRET_PREFIX="access keys/"', 'Secrets Manager name prefix'] },
  },
  {
    name: 'SECRET_KMS_KEY_ID not a key id',
    input: { SECRET_KMS_KEY_ID: 'my-key' },
    expected: { mentions: ['SECRET_KMS_KEY_ID="my-key"', 'a KMS key id, "alias/<name>"'] },
  },
  {
    name: 'STATE_MAC_KEY_ID naming an SNS topic',
    input: { STATE_MAC_KEY_ID: `${TOPIC}:key-lifecycle` },
    expected: { mentions: ['STATE_MAC_KEY_ID="arn:aws:sns:', 'a KMS key id'] },
  },
  {
    name: 'COORDINATION_TABLE too short',
    input: { COORDINATION_TABLE: 'kl' },
    expected: { mentions: ['COORDINATION_TABLE="kl"', 'a DynamoDB table name (3-255'] },
  },
  {
    name: 'INCLUDE_USERS with a stray comma',
    input: { INCLUDE_USERS: 'due,,idle' },
    expected: { mentions: ['INCLUDE_USERS="due,,idle"', 'item 2 is empty'] },
  },
  {
    name: 'EXCLUDE_USERS with a space in a name',
    input: { EXCLUDE_USERS: 'calm,bob smith' },
    expected: {
      mentions: [
        'EXCLUDE_USERS="calm,bob smith"',
        'item 2 ("bob smith") is not valid',
        'an IAM user name',
      ],
    },
  },
  {
    name: 'a user both included and excluded',
    input: { INCLUDE_USERS: 'due,idle', EXCLUDE_USERS: 'idle' },
    expected: {
      mentions: [
        'EXCLUDE_USERS="idle"',
        'INCLUDE_USERS also names (idle)',
        'remove them from one list',
      ],
    },
  },
  {
    name: 'SCOPE neither all nor tagged',
    input: { SCOPE: 'managed' },
    expected: { mentions: ['SCOPE="managed"', '"all", "tagged"'] },
  },
  {
    name: 'USER_PATH_PREFIX without its trailing slash',
    input: { USER_PATH_PREFIX: '/engineering' },
    expected: { mentions: ['USER_PATH_PREFIX="/engineering"', 'starts and ends with "/"'] },
  },
  {
    name: 'EXEMPT_GROUP with a path',
    input: { EXEMPT_GROUP: 'ops/break-glass' },
    expected: { mentions: ['EXEMPT_GROUP="ops/break-glass"', 'an IAM group name'] },
  },
  {
    name: 'SECRET_ADMIN_PRINCIPAL_ARNS naming a bucket',
    input: { SECRET_ADMIN_PRINCIPAL_ARNS: 'arn:aws:s3:::audit' },
    expected: {
      mentions: ['SECRET_ADMIN_PRINCIPAL_ARNS="arn:aws:s3:::audit"', 'an IAM principal ARN'],
    },
  },
  {
    name: 'several bad variables: every one listed in one error',
    input: { MODE: 'on', ROTATION_DAYS: 'ninety', TAG_PREFIX: 'aws:x' },
    expected: {
      mentions: [
        '3 environment variables',
        'MODE="on"',
        'ROTATION_DAYS="ninety"',
        'TAG_PREFIX="aws:x"',
      ],
    },
  },
];

export const ENVIRONMENT = category<Row['input'], Row['expected']>({
  category: 'environment',
  tried:
    'engine variables with bad values, bad relations and bad list items (lambda/config/env.ts), run through the real handler',
  level: 'emulator',
  cases: ENVIRONMENT_CASES,
  async evaluate(row, emulator) {
    const r = await probe(emulator, { env: row.input });
    return rejectedBeforeAnyCall(r, 'ConfigError', row.expected.mentions);
  },
});

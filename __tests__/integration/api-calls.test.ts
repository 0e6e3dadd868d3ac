/**
 * Every AWS call the engine makes across a varied account and several runs (enforce, report, the
 * fallback path, a manual event) must be one the module's IAM policy is tested to allow: each
 * (action, resource) appears in __tests__/fixtures/engine-api-calls.json, the input of the policy
 * simulation in the module suite. The observed set is also written to reports/engine-api-calls.json.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fixture from '../fixtures/engine-api-calls.json';
import { recordCalls, type RecordedCall } from '../../scripts/emulator/call-recorder';
import { useEmulator } from './support/fixture';
import { MIXED_ACCOUNT, MIXED_ENV } from '../../scripts/emulator/mixed-account';
import { seedUsers } from '../../scripts/emulator/seed';
import { createWorld } from '../../scripts/emulator/world';

const fx = useEmulator({ resetBeforeEach: false });
const FIXTURE_USER = 'arn:aws:iam::123456789012:user/alice';
const FIXTURE_SECRET =
  'arn:aws:secretsmanager:us-east-1:123456789012:secret:iam-access-key/alice-AbCdEf';
/** Needs no IAM permission: every principal may call it (it also cannot be denied). */
const NO_PERMISSION_NEEDED = new Set(['sts:GetCallerIdentity']);

interface FixtureCall {
  readonly action: string;
  readonly resource: string;
}

let calls: RecordedCall[] = [];
let topicArn = '';

beforeAll(async () => {
  const recorded: RecordedCall[] = [];
  const prepareClients = (clients: Parameters<typeof recordCalls>[0]) =>
    recordCalls(clients, recorded);
  const enforce = await createWorld(fx.emulator, {
    env: MIXED_ENV,
    prepareClients,
    coordination: true,
    stateMac: true,
  });
  topicArn = enforce.topicArn;
  await seedUsers(fx.emulator, MIXED_ACCOUNT, enforce.at(0));
  for (const day of [0, 3, 10, 17, 30, 100, 130]) fx.seen(await enforce.runOn(day));
  fx.seen(await enforce.runOn(131, { users: ['due', 'unused'] }));
  const fallback = await createWorld(fx.emulator, {
    env: MIXED_ENV,
    prepareClients,
    failCredentialReport: true,
  });
  fx.seen(await fallback.runOn(140));
  const report = await createWorld(fx.emulator, { mode: 'report', env: MIXED_ENV, prepareClients });
  fx.seen(await report.runOn(200));
  calls = recorded;
  writeObserved(recorded);
}, 120_000);

/** Users and secrets differ per test account; the fixture speaks for one representative of each. */
function normalise(call: RecordedCall, topic: string): FixtureCall {
  const resource = call.resource
    .replace(/^arn:aws:iam::123456789012:user\/.+$/, FIXTURE_USER)
    .replace(
      /^arn:aws:secretsmanager:us-east-1:123456789012:secret:iam-access-key\/.+$/,
      FIXTURE_SECRET,
    )
    .replace(topic, 'arn:aws:sns:us-east-1:123456789012:iam-key-lifecycle-notifications')
    .replace(
      /^arn:aws:dynamodb:us-east-1:123456789012:table\/.+$/,
      'arn:aws:dynamodb:us-east-1:123456789012:table/iam-key-lifecycle-coordination',
    )
    .replace(
      /^arn:aws:kms:us-east-1:123456789012:key\/.+$/,
      'arn:aws:kms:us-east-1:123456789012:key/abcdef01-2345-6789-abcd-ef0123456789',
    );
  return { action: call.action, resource };
}

function writeObserved(recorded: readonly RecordedCall[]): void {
  const unique = new Map(
    recorded.map((c) => [`${c.action} ${c.resource}`, { action: c.action, resource: c.resource }]),
  );
  const out = path.resolve(__dirname, '..', '..', 'reports', 'engine-api-calls.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(
    out,
    `${JSON.stringify(
      [...unique.values()].sort((a, b) => a.action.localeCompare(b.action)),
      null,
      2,
    )}\n`,
  );
}

describe('the AWS calls the engine makes', () => {
  it('exercised reads, writes, secrets and notifications', () => {
    const actions = new Set(calls.map((c) => c.action));
    for (const a of [
      'iam:CreateAccessKey',
      'iam:UpdateAccessKey',
      'iam:DeleteAccessKey',
      'iam:TagUser',
      'secretsmanager:PutSecretValue',
      'sns:Publish',
      'dynamodb:Query',
      'dynamodb:PutItem',
      'kms:GenerateMac',
      'cloudtrail:LookupEvents',
    ]) {
      expect(actions).toContain(a);
    }
  });

  it('are all covered by the fixture the module policy is evaluated against', () => {
    const allowed = new Set((fixture as FixtureCall[]).map((c) => `${c.action} ${c.resource}`));
    const missing = [
      ...new Set(
        calls
          .filter((c) => !NO_PERMISSION_NEEDED.has(c.action))
          .map((c) => normalise(c, topicArn))
          .map((c) => `${c.action} ${c.resource}`)
          .filter((k) => !allowed.has(k)),
      ),
    ];
    expect(missing).toEqual([]);
  });

  it('touch only secrets under the configured prefix and only the configured topic', () => {
    const secrets = calls.filter((c) => c.action.startsWith('secretsmanager:'));
    expect(secrets.length).toBeGreaterThan(0);
    // ListSecrets (resource `*`) is filtered to the prefix by the engine itself (secret-locate.ts).
    for (const c of secrets.filter((x) => x.action !== 'secretsmanager:ListSecrets'))
      expect(c.resource).toMatch(/:secret:iam-access-key\//);
    for (const c of calls.filter((c) => c.action === 'sns:Publish'))
      expect(c.resource).toBe(topicArn);
  });

  it('write user tags only under the engine tag prefix', () => {
    const tagWrites = calls.filter(
      (c) => c.action === 'iam:TagUser' || c.action === 'iam:UntagUser',
    );
    expect(tagWrites.length).toBeGreaterThan(0);
    for (const c of tagWrites)
      for (const k of c.tagKeys ?? []) expect(k).toMatch(/^key-lifecycle:/);
  });
});

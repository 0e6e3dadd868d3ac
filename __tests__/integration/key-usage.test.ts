/**
 * Who uses a key, against the emulator's CloudTrail event history (scripts/emulator/cloudtrail_events.py):
 * the history records the calls simulated workloads sign with their keys and answers LookupEvents in the
 * real API's shape (paging, MaxResults <= 50, the 2-per-second throttle); the engine fingerprints each key
 * it warns about, rotates, holds or retires, within its per-run bound, and a refused or throttled lookup
 * is a warning that changes no decision.
 */
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { usageEvent } from '../../lambda/aws/cloudtrail-events';
import { summariseKeyUsage, type KeyUsageSummary } from '../../lambda/core/key-usage/summary';
import { planPage } from '../../scripts/plan/page';
import { renderPlan } from '../../scripts/plan/render-plan';
import { runPlan } from '../../scripts/plan/run-plan';
import { usageRowsFromLog, usageSection } from '../../scripts/report-page/usage-section';
import { useEmulator } from './support/fixture';
import {
  callerArn,
  type Credentials,
  type WorkloadIdentity,
} from '../../scripts/emulator/workload';
import { createWorld, type World } from '../../scripts/emulator/world';
import { daysBefore } from '../../scripts/emulator/seed';

const fx = useEmulator();
const CLI =
  'aws-cli/2.15.30 Python/3.11.8 Linux/5.10.210 exe/x86_64.amzn.2 prompt/off command/sts.get-caller-identity';
const GITHUB_BOTO3 =
  'Boto3/1.34.51 md/Botocore#1.34.51 ua/2.0 os/linux#6.5.0 md/arch#x86_64 lang/python#3.12.2 md/GitHubActions Botocore/1.34.51';
const ECS_SDK =
  'aws-sdk-js/3.540.0 ua/2.0 os/linux#5.10 lang/js md/nodejs#20.11.1 exec-env/AWS_ECS_FARGATE api/sts#3.540.0';
/** Warned about (ROTATION_UPCOMING) at the run: 85 days old with ROTATION_DAYS 90 and WARN_DAYS 7. */
const WARNED_AGE_DAYS = 85;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function userWithKey(name: string): Promise<Credentials> {
  const iam = new IAMClient({});
  await iam.send(new CreateUserCommand({ UserName: name }));
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  return { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
}

async function use(key: Credentials, identity: WorkloadIdentity, times = 1): Promise<void> {
  for (let i = 0; i < times; i++) await callerArn(key, identity);
}

/** A key warned about at `day`: created WARNED_AGE_DAYS before the run, used by `uses` on the way. */
async function warnedKey(
  world: World,
  user: string,
  day: number,
  uses: readonly [WorkloadIdentity, number][],
): Promise<string> {
  const key = await userWithKey(user);
  await world.goTo(day - 1);
  for (const [identity, times] of uses) await use(key, identity, times);
  await fx.emulator.backdateKey(user, key.accessKeyId, {
    createDate: daysBefore(world.at(day), WARNED_AGE_DAYS),
  });
  return key.accessKeyId;
}

function lookup(input: Partial<ConstructorParameters<typeof LookupEventsCommand>[0]> = {}) {
  return new CloudTrailClient({ maxAttempts: 1 }).send(new LookupEventsCommand({ ...input }));
}

const byKey = (accessKeyId: string) => ({
  LookupAttributes: [{ AttributeKey: 'AccessKeyId' as const, AttributeValue: accessKeyId }],
});

describe('the emulator answers CloudTrail LookupEvents from the calls workloads sign', () => {
  it('records user agent, source address, event, source and region per call, as a JSON CloudTrailEvent', async () => {
    // Prepare
    const key = await userWithKey('ci-bot');
    await use(key, { userAgent: CLI, sourceAddress: '203.0.113.17' });

    // Act
    const out = await lookup(byKey(key.accessKeyId));

    // Assess
    expect(out.Events).toHaveLength(1);
    const event = out.Events![0]!;
    expect(event).toMatchObject({
      EventName: 'GetCallerIdentity',
      EventSource: 'sts.amazonaws.com',
      AccessKeyId: key.accessKeyId,
    });
    expect(typeof event.CloudTrailEvent).toBe('string');
    expect(JSON.parse(event.CloudTrailEvent!)).toMatchObject({
      eventName: 'GetCallerIdentity',
      userAgent: CLI,
      sourceIPAddress: '203.0.113.17',
      awsRegion: 'us-east-1',
      userIdentity: { accessKeyId: key.accessKeyId },
    });
    expect(usageEvent(event)).toMatchObject({ userAgent: CLI, sourceAddress: '203.0.113.17' });
  });

  it('pages a key with more than 50 events: newest first, NextToken until the last page', async () => {
    // Prepare
    const key = await userWithKey('busy');
    await use(key, { userAgent: CLI }, 53);

    // Act
    const first = await lookup({ ...byKey(key.accessKeyId), MaxResults: 50 });
    await sleep(600);
    const second = await lookup({ ...byKey(key.accessKeyId), NextToken: first.NextToken });

    // Assess
    expect(first.Events).toHaveLength(50);
    expect(first.NextToken).toEqual(expect.any(String));
    expect(second.Events).toHaveLength(3);
    expect(second.NextToken).toBeUndefined();
    const ids = [...first.Events!, ...second.Events!].map((e) => e.EventId);
    expect(new Set(ids).size).toBe(53);
    const times = first.Events!.map((e) => e.EventTime!.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('refuses MaxResults above 50 as the API does', async () => {
    const err = await lookup({ MaxResults: 51 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'InvalidMaxResultsException' });
  });

  it('throttles a third request within one second (2 per second per account and region)', async () => {
    // Act
    const answers = await Promise.allSettled([lookup(), lookup(), lookup()]);

    // Assess
    const refused = answers.filter((a) => a.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({
      name: 'ThrottlingException',
    });
    expect(await fx.emulator.lookupCounts()).toMatchObject({ answered: 2, throttled: 1 });
  });

  it('denies LookupEvents with AccessDeniedException when told to', async () => {
    await fx.emulator.setLookupFaults({ deny: true });
    const err = await lookup().catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'AccessDeniedException' });
  });

  it('does not record S3 object calls (data events), as CloudTrail event history does not', async () => {
    // Prepare: a bucket creation and an object write signed with the key (moto checks no signature)
    const key = await userWithKey('reader');
    const authorization =
      `AWS4-HMAC-SHA256 Credential=${key.accessKeyId}/20300107/us-east-1/s3/aws4_request, ` +
      'SignedHeaders=host, Signature=0000';
    for (const [path, body] of [
      ['/data', ''],
      ['/data/report.csv', 'x'],
    ]) {
      const res = await fetch(`${fx.emulator.endpoint}${path}`, {
        method: 'PUT',
        headers: { authorization, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
        body,
      });
      expect(res.status).toBe(200);
    }

    // Act
    const out = await lookup(byKey(key.accessKeyId));

    // Assess: the bucket creation is a management event, the object write a data event
    expect(out.Events!.map((e) => e.EventName)).toEqual(['CreateBucket']);
  });
});

describe('the engine says who uses each key it acts on', () => {
  const ENV = { ROTATION_DAYS: '90', WARN_DAYS: '7' };

  it('fingerprints a warned key used from two places by two programs, in the notice and the audit line', async () => {
    // Prepare
    const world = await createWorld(fx.emulator, { env: ENV });
    const keyId = await warnedKey(world, 'shared', 10, [
      [{ userAgent: CLI, sourceAddress: '203.0.113.17' }, 2],
      [{ userAgent: GITHUB_BOTO3, sourceAddress: '198.51.100.40' }, 1],
    ]);

    // Act
    const summary = fx.seen(await world.runOn(10));

    // Assess
    expect(summary.actions).toContainEqual(
      expect.objectContaining({ accessKeyId: keyId, action: 'warn', outcome: 'done' }),
    );
    expect(summary.warnings.filter((w) => w.code.startsWith('key-usage'))).toEqual([]);
    const notice = (await world.inbox.drain()).find((n) => n.event === 'ROTATION_UPCOMING')!;
    const usage = (notice.body as { usage: KeyUsageSummary }).usage;
    expect(usage).toMatchObject({
      events: 3,
      complete: true,
      userAgents: ['aws-cli/2', 'Boto3/1'],
      sourceAddresses: ['203.0.113.0/24', '198.51.100.0/24'],
      services: ['sts'],
      regions: ['us-east-1'],
      platforms: ['github-actions'],
      keyless: ['oidc-federation'],
    });
    expect(usage.iamLastUsed?.date).toEqual(expect.any(String));
    const decision = world.engine.logs
      .map((l) => JSON.parse(l) as { type?: string; accessKeyId?: string; usage?: unknown })
      .find((l) => l.type === 'decision' && l.accessKeyId === keyId);
    expect(decision?.usage).toEqual(usage);
  });

  it('names the task role for a key an ECS task uses, and says so when CloudTrail has no event', async () => {
    // Prepare
    const world = await createWorld(fx.emulator, { env: ENV });
    const ecs = await warnedKey(world, 'service', 10, [
      [{ userAgent: ECS_SDK, sourceAddress: 'ecs-tasks.amazonaws.com' }, 1],
    ]);
    const quiet = await warnedKey(world, 'quiet', 10, []);

    // Act
    fx.seen(await world.runOn(10));

    // Assess
    const notices = await world.inbox.drain();
    const usageOf = (id: string) =>
      (
        notices.find((n) => (n.body as { accessKeyId?: string }).accessKeyId === id)?.body as {
          usage?: KeyUsageSummary;
        }
      ).usage;
    expect(usageOf(ecs)).toMatchObject({
      userAgents: ['aws-sdk-js/3'],
      sourceAddresses: ['AWS service (ecs-tasks.amazonaws.com)'],
      keyless: ['instance-profile-or-task-role'],
    });
    expect(usageOf(quiet)).toMatchObject({ events: 0, keyless: [] });
  });

  it('reads more than one page of a busy key', async () => {
    // Prepare
    const world = await createWorld(fx.emulator, { env: ENV });
    const keyId = await warnedKey(world, 'busy', 10, [[{ userAgent: CLI }, 60]]);

    // Act
    fx.seen(await world.runOn(10));

    // Assess
    const notice = (await world.inbox.drain()).find((n) => n.event === 'ROTATION_UPCOMING')!;
    expect((notice.body as { accessKeyId: string; usage: KeyUsageSummary }).accessKeyId).toBe(
      keyId,
    );
    expect((notice.body as { usage: KeyUsageSummary }).usage).toMatchObject({
      events: 60,
      complete: true,
    });
    expect(await fx.emulator.lookupCounts()).toMatchObject({ answered: 2, throttled: 0 });
  });

  it('stops at KEY_USAGE_LOOKUPS requests a run, and sends the rest of the notices without the fingerprint', async () => {
    // Prepare
    const world = await createWorld(fx.emulator, { env: { ...ENV, KEY_USAGE_LOOKUPS: '1' } });
    await warnedKey(world, 'one', 10, [[{ userAgent: CLI }, 1]]);
    await warnedKey(world, 'two', 10, [[{ userAgent: CLI }, 1]]);

    // Act
    const summary = fx.seen(await world.runOn(10));

    // Assess
    const notices = (await world.inbox.drain()).filter((n) => n.event === 'ROTATION_UPCOMING');
    expect(notices).toHaveLength(2);
    expect(notices.filter((n) => (n.body as { usage?: unknown }).usage)).toHaveLength(1);
    expect(summary.warnings).toContainEqual(
      expect.objectContaining({ code: 'key-usage-bound-reached' }),
    );
    expect(await fx.emulator.lookupCounts()).toMatchObject({ answered: 1 });
  });

  it('makes no lookup with KEY_USAGE_LOOKUPS=0', async () => {
    const world = await createWorld(fx.emulator, { env: { ...ENV, KEY_USAGE_LOOKUPS: '0' } });
    await warnedKey(world, 'one', 10, [[{ userAgent: CLI }, 1]]);
    const summary = fx.seen(await world.runOn(10));
    expect(summary.actions).toHaveLength(1);
    expect(await fx.emulator.lookupCounts()).toMatchObject({ answered: 0, throttled: 0 });
  });

  it.each([
    ['denied', { deny: true }, 'key-usage-denied'],
    ['throttled', { throttle: true }, 'key-usage-throttled'],
  ] as const)(
    'a %s LookupEvents is a warning: the run succeeds with the same decisions and plain notices',
    async (_kind, faults, code) => {
      // Prepare
      const world = await createWorld(fx.emulator, { env: ENV });
      const keyId = await warnedKey(world, 'one', 10, [[{ userAgent: CLI }, 1]]);
      await warnedKey(world, 'two', 10, [[{ userAgent: CLI }, 1]]);
      await fx.emulator.setLookupFaults(faults);

      // Act
      const summary = fx.seen(await world.runOn(10));

      // Assess
      expect(summary.errors).toEqual([]);
      expect(summary.actions.map((a) => [a.action, a.outcome])).toEqual([
        ['warn', 'done'],
        ['warn', 'done'],
      ]);
      expect(summary.actions.map((a) => a.accessKeyId)).toContain(keyId);
      expect(summary.warnings).toContainEqual(
        expect.objectContaining({ code, message: expect.stringContaining('2 key(s)') }),
      );
      const notices = (await world.inbox.drain()).filter((n) => n.event === 'ROTATION_UPCOMING');
      expect(notices).toHaveLength(2);
      expect(notices.every((n) => (n.body as { usage?: unknown }).usage === undefined)).toBe(true);
      // A refusal ends the lookups for the run (a throttled request after one paced retry).
      const counts = await fx.emulator.lookupCounts();
      expect(counts.answered + counts.throttled).toBe(code === 'key-usage-throttled' ? 2 : 0);
    },
  );
});

describe('who uses each key, on the plan and the demo page', () => {
  it('npm run plan lists the fingerprint of each key it would act on, as text and as a page section', async () => {
    // Prepare: IAM's clock and the plan's are both real time here
    const key = await userWithKey('planned');
    await use(key, { userAgent: CLI, sourceAddress: '203.0.113.17' });
    await fx.emulator.backdateKey('planned', key.accessKeyId, {
      createDate: daysBefore(new Date(), WARNED_AGE_DAYS),
    });

    // Act
    const result = fx.seen(await runPlan({ env: { ...process.env, ROTATION_DAYS: '90' } }));

    // Assess
    expect(result.usage).toEqual([
      expect.objectContaining({
        user: 'planned',
        accessKeyId: key.accessKeyId,
        usage: expect.objectContaining({ userAgents: ['aws-cli/2'] }),
      }),
    ]);
    expect(renderPlan(result)).toContain(
      `Who uses each key (CloudTrail, last 90 days):\n  planned ${key.accessKeyId}: aws-cli/2 from 203.0.113.0/24`,
    );
    const page = await planPage(result);
    expect(page).toContain('<section id="used-by">');
    expect(page).toContain('<td>aws-cli/2</td><td>203.0.113.0/24</td>');
  });

  it('the demo page shows "used by" per key from the engine decision lines', () => {
    // Prepare
    const usage = summariseKeyUsage(
      [
        {
          time: new Date('2030-01-07T09:00:00Z'),
          eventName: 'GetCallerIdentity',
          eventSource: 'sts.amazonaws.com',
          region: 'us-east-1',
          userAgent: GITHUB_BOTO3,
          sourceAddress: '198.51.100.40',
        },
      ],
      true,
    );
    const line = JSON.stringify({
      type: 'decision',
      user: 'ci',
      accessKeyId: 'AKIAEXAMPLE1',
      usage,
    });

    // Act
    const html = usageSection(usageRowsFromLog(['{"type":"summary"}', line]));

    // Assess
    expect(html).toContain(
      '<td>ci</td><td>AKIAEXAMPLE1</td><td>Boto3/1</td><td>198.51.100.0/24</td>',
    );
  });
});

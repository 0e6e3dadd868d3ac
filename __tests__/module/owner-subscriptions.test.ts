/**
 * Issue 8 item 4: owner and ops subscriptions scale within SNS limits, and their addresses hold no
 * e-mail address and never depend on list order; upgrades move the old list-position addresses.
 */
import { buildStack, placeholderZip, synthJson } from './support/stacks';
import { synthToDir } from './support/synth-dir';
import { describeFailure, initValidatePlan, terraform } from './support/terraform';
import { plan } from './support/hcl-module';
import {
  addressKey,
  ownerSubscriptions,
} from '../../modules/access-key-lifecycle/subscription-keys';
import type { AccessKeyLifecycleProps, KeyOwner } from '../../modules/access-key-lifecycle';

const zip = placeholderZip();

// One terraform init and plan (the 2,000-owner stack).
jest.setTimeout(180_000);

type Subscription = { endpoint: string; filter_policy?: string };

function synth(props: Partial<AccessKeyLifecycleProps>) {
  const json = synthJson(
    buildStack({ mode: 'report', lambdaZipPath: zip, ...props }).stack,
  ) as ReturnType<typeof synthJson> & { moved?: { from: string; to: string }[] };
  const subs = (json.resource.aws_sns_topic_subscription ?? {}) as Record<string, Subscription>;
  return { json, subs };
}

/** `count` addresses with `perAddress` users each. */
function owners(count: number, perAddress: number): KeyOwner[] {
  return Array.from({ length: count * perAddress }, (_, i) => ({
    userName: `user-${String(i).padStart(5, '0')}`,
    email: `owner-${Math.floor(i / perAddress)}@example.com`,
  }));
}

describe('owner subscriptions', () => {
  it('subscribes each distinct address once, its filter policy listing its users (case-insensitive)', () => {
    // Act
    const { subs } = synth({
      owners: [
        { userName: 'bob', email: 'Alice@Example.com' },
        { userName: 'alice', email: 'alice@example.com' },
        { userName: 'carol', email: 'carol@example.com' },
      ],
    });

    // Assess
    expect(subs[`owner_${addressKey('alice@example.com')}_part0`]).toMatchObject({
      endpoint: 'Alice@Example.com',
      filter_policy: JSON.stringify({ user: ['alice', 'bob'] }),
    });
    expect(Object.keys(subs)).toHaveLength(2);
  });

  it('splits an address owning 320 users into filter policies of at most 150 values', () => {
    // Act
    const { subs } = synth({ owners: owners(1, 320) });

    // Assess
    const sizes = Object.values(subs).map(
      (s) => (JSON.parse(s.filter_policy!) as { user: string[] }).user.length,
    );
    expect(sizes).toEqual([150, 150, 20]);
  });

  it('names no e-mail address and the same resources whatever the list order', () => {
    // Prepare
    const listed = owners(5, 3);

    // Act
    const forward = synth({ owners: listed, opsEmails: ['a@example.com', 'b@example.com'] });
    const reversed = synth({
      owners: [...listed].reverse(),
      opsEmails: ['b@example.com', 'a@example.com'],
    });

    // Assess
    expect(Object.keys(forward.subs).join(' ')).not.toMatch(/example|@/);
    expect(reversed.subs).toEqual(forward.subs);
  });

  it('keeps the other ops subscription untouched when the first address is removed', () => {
    // Act
    const both = synth({ opsEmails: ['a@example.com', 'b@example.com'] }).subs;
    const second = synth({ opsEmails: ['b@example.com'] }).subs;

    // Assess
    expect(second).toEqual({ [`ops_email_${addressKey('b@example.com')}`]: expect.anything() });
    expect(Object.entries(second)).toEqual(
      Object.entries(both).filter(([id]) => id.endsWith(addressKey('b@example.com'))),
    );
  });

  it('moves the list-position addresses of earlier versions to the hashed ones', () => {
    // Act
    const { json } = synth({
      opsEmails: ['a@example.com', 'b@example.com'],
      owners: [
        { userName: 'alice', email: 'alice@example.com' },
        { userName: 'bob', email: 'alice@example.com' },
      ],
    });

    // Assess: bob's old subscription went to the same address; it is the one not moved
    const sub = (id: string) => `aws_sns_topic_subscription.${id}`;
    expect(json.moved).toEqual(
      expect.arrayContaining([
        { from: sub('ops_email_0'), to: sub(`ops_email_${addressKey('a@example.com')}`) },
        { from: sub('ops_email_1'), to: sub(`ops_email_${addressKey('b@example.com')}`) },
        { from: sub('owner_alice_0'), to: sub(`owner_${addressKey('alice@example.com')}_part0`) },
      ]),
    );
    expect(json.moved!.map((m) => m.from)).not.toContain(sub('owner_bob_1'));
  });

  it('plans 2,000 owners on 100 addresses as 100 subscriptions, in under 60 s', async () => {
    // Prepare
    terraform();
    const dir = synthToDir(
      { mode: 'report', lambdaZipPath: zip, owners: owners(100, 20) },
      'us-east-1',
    );

    const outcome = await initValidatePlan(dir);
    if (outcome.plan?.status !== 0) throw new Error(describeFailure(outcome));

    // Act: the plan alone, timed (init and validate ran above)
    const started = Date.now();
    const planned = await plan(dir);
    const seconds = (Date.now() - started) / 1000;

    // Assess
    expect(planned.status).toBe(0);
    expect(seconds).toBeLessThan(60);
    expect(
      planned.stdout.match(/# aws_sns_topic_subscription\.owner_\w+ will be created/g),
    ).toHaveLength(100);
    expect(ownerSubscriptions(owners(100, 20)).every((s) => s.users.length === 20)).toBe(true);
  });
});

describe('the filter policy quota', () => {
  it('rejects more owner subscriptions than snsFilterPolicyQuota, naming the input and the quota', () => {
    expect(() => synth({ owners: owners(201, 1) })).toThrow(
      /^snsFilterPolicyQuota must be at least the 201 subscriptions with a filter policy that owners need .*, got 200 \(raise the topic's SNS quota .* through Service Quotas and set snsFilterPolicyQuota to it/,
    );
  });

  it('accepts them once snsFilterPolicyQuota says the quota was raised', () => {
    expect(
      Object.keys(synth({ owners: owners(201, 1), snsFilterPolicyQuota: 300 }).subs),
    ).toHaveLength(201);
  });
});

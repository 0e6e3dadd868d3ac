/**
 * Issue 7 item 11: state tags are tamper-evident. The engine's signing edge (engine/state-trust.ts) over
 * the KMS adapter (aws/state-mac.ts): the KMS client is mocked by aws-sdk-client-mock with a real
 * HMAC-SHA-256 behind it, answering a wrong MAC the way KMS does (KMSInvalidMacException).
 */
import { createHmac } from 'node:crypto';
import {
  GenerateMacCommand,
  KMSClient,
  KMSInvalidMacException,
  VerifyMacCommand,
} from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import {
  pendingCreateTag,
  planUser,
  renderKeyState,
  stateTagKey,
  type AccessKeyFacts,
} from '../../../lambda/core';
import { MAX_TAG_VALUE_CHARS } from '../../../lambda/core/state-signature';
import { kmsStateMac } from '../../../lambda/aws/state-mac';
import type { RunContext } from '../../../lambda/engine/context';
import type { EngineDeps } from '../../../lambda/engine/deps';
import {
  signStateTags,
  stateIntegrityWarnings,
  trustedTags,
} from '../../../lambda/engine/state-trust';
import { A, B, NOW, PREFIX, ago, key, lines, user } from '../core/builders';
import { testConfig } from '../engine/support/engine';

const KEY_ID = 'alias/key-lifecycle-state';
const HMAC_KEY = Buffer.from('test-only hmac key, stands in for the one inside KMS');
const kms = mockClient(KMSClient);

function hmac(message: Uint8Array | undefined): Uint8Array {
  return createHmac('sha256', HMAC_KEY)
    .update(message ?? new Uint8Array())
    .digest();
}

beforeEach(() => {
  kms.reset();
  kms.on(GenerateMacCommand).callsFake((input: { Message?: Uint8Array }) => ({
    Mac: hmac(input.Message),
  }));
  kms.on(VerifyMacCommand).callsFake((input: { Message?: Uint8Array; Mac?: Uint8Array }) => {
    if (Buffer.compare(hmac(input.Message), Buffer.from(input.Mac ?? [])) !== 0) {
      throw new KMSInvalidMacException({ message: 'invalid MAC', $metadata: {} });
    }
    return { MacValid: true, KeyId: KEY_ID };
  });
});

/** A fresh run: caches are per RunContext. */
function runCtx(withMacKey = true): RunContext {
  const client = new KMSClient({});
  const deps = { stateMac: (keyId: string) => kmsStateMac(client, keyId) } as unknown as EngineDeps;
  const config = testConfig(withMacKey ? { stateMacKeyId: KEY_ID } : {});
  return { deps, config, mode: 'enforce', now: NOW };
}

const calls = (command: 'GenerateMac' | 'VerifyMac') =>
  command === 'GenerateMac'
    ? kms.commandCalls(GenerateMacCommand).length
    : kms.commandCalls(VerifyMacCommand).length;
const inactiveA = key(A, { status: 'Inactive', created: ago(200), lastUsed: ago(100) });
const tagA = stateTagKey(PREFIX, A);
const longAgo = renderKeyState({ inactiveSince: ago(90), deactivatedAt: ago(90) });

async function signed(userName: string, tags: Record<string, string>) {
  return signStateTags(runCtx(), userName, tags);
}

describe('state tag MAC (item 11)', () => {
  it('round trip: a value the engine signed verifies in a later run and reads as written', async () => {
    // Prepare
    const tags = await signed('alice', { [tagA]: longAgo, team: 'payments' });

    // Act
    const read = await trustedTags(runCtx(), 'alice', tags, [inactiveA]);

    // Assess
    expect(tags[tagA]).toMatch(
      /^inactive-since=\S+ deactivated=\S+ mac=[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{43}$/,
    );
    expect(tags.team).toBe('payments');
    expect(read).toEqual({ tags: { [tagA]: longAgo, team: 'payments' }, warnings: [] });
    expect(lines(planUser(user([inactiveA], read.tags), testConfig().policy, NOW))).toEqual([
      `${A} delete recovery-window-ended`,
    ]);
  });

  it.each([
    [
      'a forged value keeping a valid MAC',
      'alice',
      tagA,
      (v: string) => v.replace(/=\S+/, '=2020-01-01T00:00:00Z'),
    ],
    ['the tag copied to another user', 'bob', tagA, (v: string) => v],
    [
      'the value copied to another key of the user',
      'alice',
      stateTagKey(PREFIX, B),
      (v: string) => v,
    ],
  ])(
    '%s does not verify: the Inactive key restarts its recovery window, nothing is deleted',
    async (_label, reader, readKey, edit) => {
      // Prepare
      const original = (await signed('alice', { [tagA]: longAgo }))[tagA]!;
      const inactiveB = key(B, { status: 'Inactive', created: ago(200), lastUsed: ago(100) });
      const keys: AccessKeyFacts[] = [readKey === tagA ? inactiveA : inactiveB];

      // Act
      const read = await trustedTags(runCtx(), reader, { [readKey]: edit(original) }, keys);
      const plan = planUser(user(keys, read.tags, { userName: reader }), testConfig().policy, NOW);

      // Assess
      expect(read.warnings).toEqual([
        expect.objectContaining({ userName: reader, code: 'state-tag-unverified', tag: readKey }),
      ]);
      expect(lines(plan)).toEqual([`${keys[0]!.accessKeyId} none recovery-window-started`]);
      expect(plan.stateChanges.set).toEqual({
        [readKey]: renderKeyState({ inactiveSince: NOW }),
      });
    },
  );

  it('treats an unsigned value written before signing as absent, without asking KMS', async () => {
    // Act
    const read = await trustedTags(runCtx(), 'alice', { [tagA]: longAgo }, [inactiveA]);

    // Assess
    expect(read.tags[tagA]).toBe('unverified=1');
    expect(read.warnings.map((w) => w.code)).toEqual(['state-tag-unverified']);
    expect(calls('VerifyMac')).toBe(0);
  });

  it('keeps from an unverified tag only what delays: a reactivation is still noticed', async () => {
    // Prepare: the engine had deactivated A; a person switched it back on; the tag is unsigned.
    const activeA = key(A, { created: ago(200), lastUsed: ago(100) });
    const tags = { [tagA]: longAgo };

    // Act
    const read = await trustedTags(runCtx(), 'alice', tags, [activeA]);
    const plan = planUser(user([activeA], read.tags), testConfig().policy, NOW);

    // Assess: reactivation grace, not an immediate deactivation as unused.
    expect(lines(plan)).toEqual([`${A} warn reactivated`]);
    expect(plan.stateChanges.set).toEqual({ [tagA]: renderKeyState({ reactivatedAt: NOW }) });
  });

  it('drops a reactivation time in the future from an unverified tag', async () => {
    // Prepare
    const activeA = key(A, { created: ago(200), lastUsed: ago(100) });
    const future = renderKeyState({ reactivatedAt: new Date(NOW.getTime() + 86_400_000 * 300) });

    // Act
    const read = await trustedTags(runCtx(), 'alice', { [tagA]: future }, [activeA]);

    // Assess
    expect(lines(planUser(user([activeA], read.tags), testConfig().policy, NOW))).toEqual([
      `${A} deactivate unused`,
    ]);
  });

  it("drops a forged pending-create marker, so a person's new key is not taken for an orphan", async () => {
    // Prepare: an old marker nobody signed, and a never-used key the owner has just created.
    const [markerKey, markerValue] = pendingCreateTag(PREFIX, A, ago(2));
    const keys = [key(A, { created: ago(60) }), key(B, { created: ago(0, 600), lastUsed: null })];

    // Act
    const read = await trustedTags(runCtx(), 'alice', { [markerKey]: markerValue }, keys);
    const plan = planUser(user(keys, read.tags), testConfig().policy, NOW);

    // Assess
    // Flagged unverified, it names no orphan; no key lies in its window, so the plan removes it.
    expect(read.tags).toEqual({ [markerKey]: `${markerValue} unverified=1` });
    expect(plan.stateChanges.remove).toEqual([markerKey]);
    expect(read.warnings.map((w) => w.tag)).toEqual([markerKey]);
    expect(plan.decisions.filter((d) => d.action === 'deactivate')).toEqual([]);
  });

  it('lets an unverified marker young enough for a run in flight only hold the user', async () => {
    // Prepare: a rotation due, and an unsigned marker written 5 minutes ago (e.g. at the switch-over).
    const [markerKey, markerValue] = pendingCreateTag(PREFIX, A, ago(0, 300));
    const keys = [key(A, { created: ago(100) })];

    // Act
    const read = await trustedTags(runCtx(), 'alice', { [markerKey]: markerValue }, keys);
    const plan = planUser(user(keys, read.tags), testConfig().policy, NOW);

    // Assess
    expect(read.warnings.map((w) => w.code)).toEqual(['state-tag-unverified']);
    expect(lines(plan)).toEqual([`${A} none rotation-in-progress,rotation-due`]);
  });

  it('asks KMS once per run key: one derivation to sign, one per earlier run met when verifying', async () => {
    // Prepare
    const tags = await signed('alice', { [tagA]: longAgo });
    const ctx = runCtx();

    // Act
    await trustedTags(ctx, 'alice', tags, [inactiveA]);
    await trustedTags(ctx, 'alice', tags, [inactiveA]);
    await signStateTags(ctx, 'alice', { [tagA]: 'inactive-since=2026-06-01T12:00:00Z' });
    const again = await signStateTags(ctx, 'alice', {
      [tagA]: 'inactive-since=2026-06-01T12:00:00Z',
    });
    await trustedTags(ctx, 'alice', again, [inactiveA]);

    // Assess: `signed` derived its run's key once; this run derived that run's key once to verify, and
    // its own key once to sign; everything else is local HMAC.
    expect(calls('VerifyMac')).toBe(0);
    expect(calls('GenerateMac')).toBe(3);
  });

  it('skips the user with an error naming it when KMS cannot be asked (never guesses)', async () => {
    // Prepare
    const tags = await signed('alice', { [tagA]: longAgo });
    kms
      .on(GenerateMacCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));

    // Act / Assess
    await expect(trustedTags(runCtx(), 'alice', tags, [inactiveA])).rejects.toThrow(
      /state tags of user alice with KMS key alias\/key-lifecycle-state failed.*ThrottlingException/,
    );
  });

  it('without STATE_MAC_KEY_ID trusts unsigned values, signs nothing and warns every run', async () => {
    // Act
    const ctx = runCtx(false);
    const read = await trustedTags(ctx, 'alice', { [tagA]: longAgo }, [inactiveA]);
    const written = await signStateTags(ctx, 'alice', { [tagA]: longAgo });

    // Assess
    expect(read).toEqual({ tags: { [tagA]: longAgo }, warnings: [] });
    expect(written).toEqual({ [tagA]: longAgo });
    expect(kms.calls()).toHaveLength(0);
    expect(stateIntegrityWarnings(ctx).map((w) => w.code)).toEqual(['state-not-tamper-evident']);
    expect(stateIntegrityWarnings(runCtx())).toEqual([]);
  });

  it.each([
    [
      'the longest state the engine keeps on an older Active key',
      {
        reactivatedAt: NOW,
        warnedDue: NOW,
        createdAt: NOW,
        inUseNotifiedAt: NOW,
        secondKeySeenAt: NOW,
      },
    ],
    [
      'the longest state the engine keeps on the newest Active key',
      {
        reactivatedAt: NOW,
        warnedDue: NOW,
        createdAt: NOW,
        blockedNotifiedAt: NOW,
        blockedReason: 'two-key-limit-second-active-key' as const,
      },
    ],
  ])("signs %s within IAM's 256-character tag value", async (_label, state) => {
    // Act
    const value = (await signed('alice', { [tagA]: renderKeyState(state) }))[tagA]!;

    // Assess
    expect(value.length).toBeLessThanOrEqual(MAX_TAG_VALUE_CHARS);
    expect(
      (await trustedTags(runCtx(), 'alice', { [tagA]: value }, [key(A, { created: ago(1) })]))
        .warnings,
    ).toEqual([]);
  });

  it('signs the longest pending-create marker (a 128-character AccessKeyId) within 256 characters', async () => {
    // Prepare
    const [markerKey, markerValue] = pendingCreateTag(PREFIX, 'A'.repeat(128), NOW);

    // Act
    const value = (await signed('alice', { [markerKey]: markerValue }))[markerKey]!;

    // Assess
    expect(value.length).toBeLessThanOrEqual(MAX_TAG_VALUE_CHARS);
  });

  it('refuses to sign a value that would not fit, naming the tag, instead of truncating it', async () => {
    // Act / Assess
    await expect(signed('alice', { [tagA]: `warned-due=${'x'.repeat(220)}` })).rejects.toThrow(
      /state tag key-lifecycle:key:\S+ of user alice would be 231 characters before its MAC; at most 191/,
    );
  });
});

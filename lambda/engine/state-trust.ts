/**
 * The edge that makes state tags tamper-evident (docs/lifecycle.md, "State kept in IAM user tags";
 * docs/threat-model.md). Every state tag the engine writes goes through signStateTags; every user the
 * engine plans is planned on trustedFacts, where a state tag whose MAC does not verify is treated as
 * absent (core/model/tags.ts untrustedPayload keeps only what makes actions later) and a pending-create
 * marker that does not verify is dropped unless it is young enough to hold the user (only a delay). Without STATE_MAC_KEY_ID nothing is signed, every value is
 * trusted as before, and each run warns `state-not-tamper-evident`.
 *
 * KMS calls: one VerifyMac per distinct signed state value of a user read in detail (a value is never
 * verified twice in a run, and a value without a well-formed MAC costs nothing), one GenerateMac per
 * distinct state value written.
 */
import { planUser, type Scope } from '../core';
import { mayHoldUnverified } from '../core/model/pending-create';
import {
  exemptSeenTagKey,
  findTag,
  isMarkerKey,
  isStateTagKey,
  keyIdOfStateTag,
  readPendingCreates,
  sameName,
  UNVERIFIED_PAIR,
  untrustedPayload,
} from '../core/model/tags';
import {
  appendSignature,
  macMessage,
  MAX_SIGNED_PAYLOAD_CHARS,
  splitSignature,
} from '../core/state-signature';
import type { AccessKeyFacts, PolicyWarning, UserFacts, UserPlan } from '../core/model/types';
import { engineFaultText } from '../notify/fault-words';
import { runWarningRecord } from '../notify/run-words';
import type { RunContext } from './context';
import { describeError } from './errors';
import type { InventoryUser, StateMac } from './ports';
import type { WarningRecord } from './summary';
import { factsOf, withSecretCurrent } from './user-facts';

interface RunMacs {
  readonly mac: StateMac;
  readonly keyId: string;
  /** message + MAC → verdict; seeded by every value this run signs. */
  readonly verified: Map<string, Promise<boolean>>;
  /** message → MAC. */
  readonly signed: Map<string, Promise<string>>;
}

/** One cache per run: a RunContext lives exactly one run. */
const perRun = new WeakMap<RunContext, RunMacs>();

function macsOf(ctx: RunContext): RunMacs | undefined {
  const keyId = ctx.config.stateMacKeyId;
  if (keyId === undefined) return undefined;
  let macs = perRun.get(ctx);
  if (macs === undefined) {
    if (ctx.deps.stateMac === undefined) {
      throw new Error(
        engineFaultText({
          kind: 'port-not-wired',
          variable: 'STATE_MAC_KEY_ID',
          value: keyId,
          port: 'state MAC signer',
          client: 'kms',
        }),
      );
    }
    macs = { mac: ctx.deps.stateMac(keyId), keyId, verified: new Map(), signed: new Map() };
    perRun.set(ctx, macs);
  }
  return macs;
}

/** The run's warning when state tags are not tamper-evident (no STATE_MAC_KEY_ID). */
export function stateIntegrityWarnings(ctx: RunContext): WarningRecord[] {
  if (ctx.config.stateMacKeyId !== undefined) return [];
  return [runWarningRecord({ code: 'state-not-tamper-evident' })];
}

/**
 * Plans a user on the state tags that verify, and reports those that do not. `scope`: the user's scope
 * when already evaluated on these tags and groups (scope reads no state tag); without it, evaluated here.
 */
export async function planTrusted(
  ctx: RunContext,
  user: InventoryUser,
  keys: readonly AccessKeyFacts[],
  scope?: Scope,
): Promise<{ readonly facts: UserFacts; readonly plan: UserPlan }> {
  const { tags, warnings } = await trustedTags(ctx, user.userName, user.tags, keys);
  const facts = await withSecretCurrent(ctx, factsOf({ ...user, tags }, keys));
  const plan = planUser(facts, ctx.config.policy, ctx.now, scope);
  return { facts, plan: { ...plan, warnings: [...warnings, ...plan.warnings] } };
}

/**
 * The user's tags as the core may read them: state tags without their MAC field when it verifies,
 * reduced to what only delays actions when it does not; an unverified marker only ever holds.
 * `keys` must be the keys the plan is made on: what an unverified tag may still say depends on status.
 */
export async function trustedTags(
  ctx: RunContext,
  userName: string,
  tags: Readonly<Record<string, string>>,
  keys: readonly AccessKeyFacts[],
): Promise<{ readonly tags: Record<string, string>; readonly warnings: PolicyWarning[] }> {
  const macs = macsOf(ctx);
  const prefix = ctx.config.policy.tagPrefix;
  const entries = Object.entries(tags);
  let verdicts: boolean[];
  try {
    verdicts = await Promise.all(
      entries.map(([key, value]) =>
        isStateTagKey(prefix, key) ? verifies(macs, userName, key, value) : true,
      ),
    );
  } catch (err) {
    const fault = {
      kind: 'state-tags-unverifiable',
      user: userName,
      keyId: macs?.keyId,
      cause: describeError(err),
    } as const;
    throw new Error(engineFaultText(fault), { cause: err });
  }
  const out: Record<string, string> = {};
  const warnings: PolicyWarning[] = [];
  entries.forEach(([key, value], i) => {
    if (!isStateTagKey(prefix, key)) {
      out[key] = value;
      return;
    }
    const { payload } = splitSignature(value);
    if (verdicts[i]) {
      out[key] = payload;
      return;
    }
    warnings.push(unverified(userName, key, value));
    if (isMarkerKey(prefix, key)) {
      // Young, it may only hold the user (a delay); older, it names no orphan: flagged unverified, it
      // holds a key it would have named (whose key that is is unknown) or is removed by retention.
      const young = mayHoldUnverified(readPendingCreates({ [key]: payload }, prefix)[0], ctx.now);
      out[key] = young ? payload : `${payload} ${UNVERIFIED_PAIR}`;
      return;
    }
    const id = keyIdOfStateTag(prefix, key) ?? '';
    const status = keys.find((k) => sameName(k.accessKeyId, id))?.status ?? 'Inactive';
    out[key] = untrustedPayload(payload, status, ctx.now);
  });
  return { tags: out, warnings };
}

async function verifies(
  macs: RunMacs | undefined,
  userName: string,
  tagKey: string,
  value: string,
): Promise<boolean> {
  if (macs === undefined) return true;
  const { payload, mac } = splitSignature(value);
  if (mac === undefined) return false;
  const message = macMessage(userName, tagKey, payload);
  const cacheKey = `${message}\n${mac}`;
  let verdict = macs.verified.get(cacheKey);
  if (verdict === undefined) {
    verdict = macs.mac.verify(message, mac);
    macs.verified.set(cacheKey, verdict);
    // A failed call is not a verdict: the next reader asks again.
    verdict.catch(() => macs.verified.delete(cacheKey));
  }
  return verdict;
}

/**
 * The tags with every state tag's value signed (other tags unchanged). Without STATE_MAC_KEY_ID the
 * values are returned as they are. One GenerateMac per distinct value per run.
 */
export async function signStateTags(
  ctx: RunContext,
  userName: string,
  tags: Readonly<Record<string, string>>,
): Promise<Record<string, string>> {
  const macs = macsOf(ctx);
  if (macs === undefined) return { ...tags };
  const prefix = ctx.config.policy.tagPrefix;
  const signed = await Promise.all(
    Object.entries(tags).map(async ([key, value]): Promise<[string, string]> => {
      if (!isStateTagKey(prefix, key)) return [key, value];
      if (value.length > MAX_SIGNED_PAYLOAD_CHARS) {
        const fault = {
          kind: 'state-tag-too-long',
          user: userName,
          tag: key,
          length: value.length,
          max: MAX_SIGNED_PAYLOAD_CHARS,
        } as const;
        throw new Error(engineFaultText(fault));
      }
      const message = macMessage(userName, key, value);
      let mac = macs.signed.get(message);
      if (mac === undefined) {
        mac = macs.mac.sign(message);
        macs.signed.set(message, mac);
        mac.catch(() => macs.signed.delete(message));
      }
      const result = await mac;
      macs.verified.set(`${message}\n${result}`, Promise.resolve(true));
      return [key, appendSignature(value, result)];
    }),
  );
  return Object.fromEntries(signed);
}

/**
 * The user with its exemption record (`<prefix>exempt-seen`, the one state tag scope reads) as the core
 * may read it: its payload when the MAC verifies, unreadable when not. When VerifyMac itself fails the
 * payload is read as it is for this run: an exemption may then last one run longer, never end early.
 */
export async function withTrustedExemptionRecord<U extends InventoryUser>(
  ctx: RunContext,
  user: U,
): Promise<U> {
  const found = findTag(user.tags, exemptSeenTagKey(ctx.config.policy.tagPrefix));
  if (found === undefined) return user;
  const record = { [found.key]: found.value };
  const trusted = await trustedTags(ctx, user.userName, record, []).then(
    (r) => r.tags,
    () => ({ [found.key]: splitSignature(found.value).payload }),
  );
  return { ...user, tags: { ...user.tags, ...trusted } };
}

/** TagUser with the state tags signed: the one way the engine writes its state. */
export async function tagUserSigned(
  ctx: RunContext,
  userName: string,
  tags: Readonly<Record<string, string>>,
): Promise<void> {
  await ctx.deps.keys.tagUser(userName, await signStateTags(ctx, userName, tags));
}

function unverified(userName: string, tagKey: string, value: string): PolicyWarning {
  return { userName, code: 'state-tag-unverified', tag: tagKey, value };
}

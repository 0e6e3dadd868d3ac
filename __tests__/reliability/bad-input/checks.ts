/**
 * Expectations a bad-input case can hold a probed run to. Each returns the sentences it found broken (none
 * when it holds) instead of throwing, so one case reports every broken expectation and the CLI can count.
 * The "no write it should not make" half is always two-sided: the recorded calls (what the engine asked
 * for) and the account before and after (what actually changed: keys, statuses, tags, secrets, versions).
 */
import type { RecordedCall } from '../../../scripts/emulator/call-recorder';
import type { AccountSnapshot } from '../../../scripts/emulator/aws-state';
import type { RunWarningCode } from '../../../lambda/engine/summary';
import type { ProbeResult } from './probe';

/** Calls that change IAM or Secrets Manager: what a bad input must never cause outside its documented effect. */
const WRITE =
  /^(iam|secretsmanager):(Create|Update|Delete|Put|Tag|Untag|Restore|Attach|Detach|Add|Remove|Rotate|Cancel)/;
const SECRET_PREFIX = 'iam-access-key/';

export function writes(calls: readonly RecordedCall[]): RecordedCall[] {
  return calls.filter((c) => !c.sameCall && WRITE.test(c.action));
}

/** The IAM user a recorded call touches: the user of an IAM ARN, or the owner named by a secret's name. */
function userOf(call: RecordedCall): string | undefined {
  const iam = /:user\/(.+)$/.exec(call.resource);
  if (iam) return iam[1];
  const secret = /:secret:(.+)$/.exec(call.resource);
  if (secret?.[1]!.startsWith(SECRET_PREFIX)) return secret[1]!.slice(SECRET_PREFIX.length);
  return undefined;
}

/** Rejected at the edge: the named error whose message names each `mention`, no AWS call, nothing changed. */
export function rejectedBeforeAnyCall(
  r: ProbeResult,
  error: 'ConfigError' | 'EventError',
  mentions: readonly string[],
): string[] {
  const broken: string[] = [];
  if (!r.error) broken.push(`the invocation was not rejected (it ran: ${describeRun(r)})`);
  else if (r.error.name !== error)
    broken.push(`rejected with ${r.error.name}, not ${error}: ${r.error.message}`);
  else broken.push(...missing(r.error.message, mentions, `the ${error} message`));
  if (r.calls.length > 0)
    broken.push(`${r.calls.length} AWS call(s) before the rejection: ${actions(r.calls)}`);
  broken.push(...changedOutside(r, []));
  return broken;
}

/** IAM and Secrets Manager writes and changes only on these users (and their secrets). */
export function writesOnlyTo(r: ProbeResult, users: readonly string[]): string[] {
  const broken: string[] = [];
  if (r.error) broken.push(`the run failed: ${r.error.name}: ${r.error.message}`);
  const stray = writes(r.calls).filter((c) => !users.includes(userOf(c) ?? ''));
  if (stray.length > 0)
    broken.push(`write call(s) outside ${users.join(', ') || 'no user'}: ${describeCalls(stray)}`);
  broken.push(...changedOutside(r, users));
  return broken;
}

/** What changed in the account, per user and per secret, outside the allowed users. */
export function changedOutside(r: ProbeResult, users: readonly string[]): string[] {
  const allowedSecrets = users.map((u) => `${SECRET_PREFIX}${u}`);
  return [
    ...diff(r.before, r.after, 'users', (u) => u.userName, users),
    ...diff(r.before, r.after, 'secrets', (s) => s.name, allowedSecrets),
  ];
}

function diff<K extends 'users' | 'secrets'>(
  before: AccountSnapshot,
  after: AccountSnapshot,
  kind: K,
  id: (item: AccountSnapshot[K][number]) => string,
  allowed: readonly string[],
): string[] {
  const index = (s: AccountSnapshot) =>
    new Map(
      (s[kind] as readonly AccountSnapshot[K][number][]).map((x) => [id(x), JSON.stringify(x)]),
    );
  const [b, a] = [index(before), index(after)];
  const names = [...new Set([...b.keys(), ...a.keys()])].filter((n) => !allowed.includes(n));
  return names
    .filter((n) => b.get(n) !== a.get(n))
    .map(
      (n) => `${kind === 'users' ? 'user' : 'secret'} ${n} changed (${change(b.get(n), a.get(n))})`,
    );
}

function change(before: string | undefined, after: string | undefined): string {
  if (before === undefined) return 'created';
  if (after === undefined) return 'deleted';
  return `before ${before.slice(0, 300)} after ${after.slice(0, 300)}`;
}

/** The run's actions, as `user action outcome`, are exactly these (order ignored). */
export function actionsAre(r: ProbeResult, expected: readonly string[]): string[] {
  if (!r.summary) return [];
  const seen = r.summary.actions.map((a) => `${a.user} ${a.action} ${a.outcome}`).sort();
  const want = [...expected].sort();
  return JSON.stringify(seen) === JSON.stringify(want)
    ? []
    : [`actions were [${seen.join('; ')}], expected [${want.join('; ')}]`];
}

export interface ExpectedWarning {
  readonly code: RunWarningCode;
  readonly user?: string;
  /** Text the message must contain: the tag or column, the value, the fix. */
  readonly mentions?: readonly string[];
}

export function hasWarning(r: ProbeResult, w: ExpectedWarning): string[] {
  if (!r.summary) return [];
  const found = r.summary.warnings.find(
    (x) => x.code === w.code && (w.user === undefined || x.user === w.user),
  );
  if (!found) {
    const codes = r.summary.warnings.map((x) => `${x.code}${x.user ? `(${x.user})` : ''}`);
    return [
      `no ${w.code} warning${w.user ? ` for ${w.user}` : ''} (warnings: ${codes.join(', ') || 'none'})`,
    ];
  }
  return missing(found.message, w.mentions ?? [], `the ${w.code} warning`);
}

export function hasBlock(
  r: ProbeResult,
  user: string,
  reason: string,
  mentions: readonly string[] = [],
): string[] {
  if (!r.summary) return [];
  const found = r.summary.blocked.find((b) => b.user === user && b.reason === reason);
  if (!found) {
    const seen = r.summary.blocked.map((b) => `${b.user}:${b.reason}`);
    return [`no ${reason} block for ${user} (blocked: ${seen.join(', ') || 'none'})`];
  }
  return missing(found.message, mentions, `the ${reason} block`);
}

export function noRunErrors(r: ProbeResult): string[] {
  if (!r.summary) return [];
  return r.summary.errors.map(
    (e) => `run error at ${e.step}${e.user ? ` for ${e.user}` : ''}: ${e.message}`,
  );
}

/** Nothing lost: every secret version that existed before is still there with the same value. */
export function versionsKept(r: ProbeResult): string[] {
  const after = new Map(r.after.secrets.map((s) => [s.name, s]));
  return r.before.secrets.flatMap((s) =>
    s.versions
      .filter((v) => !after.get(s.name)?.versions.some((w) => w.valueDigest === v.valueDigest))
      .map(
        (v) =>
          `secret ${s.name} lost version ${v.versionId} (labels ${v.stages.join(',') || 'none'})`,
      ),
  );
}

function missing(text: string, mentions: readonly string[], what: string): string[] {
  return mentions
    .filter((m) => !text.includes(m))
    .map((m) => `${what} does not mention ${JSON.stringify(m)}: ${text.slice(0, 400)}`);
}

function actions(calls: readonly RecordedCall[]): string {
  return [...new Set(calls.map((c) => c.action))].join(', ');
}

function describeCalls(calls: readonly RecordedCall[]): string {
  return calls.map((c) => `${c.action} ${c.resource}`).join(', ');
}

function describeRun(r: ProbeResult): string {
  if (!r.summary) return 'no summary';
  const acts = r.summary.actions.map((a) => `${a.user} ${a.action} ${a.outcome}`);
  return `${acts.length} action(s)${acts.length ? `: ${acts.join('; ')}` : ''}`;
}

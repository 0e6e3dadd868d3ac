/**
 * The demo's workloads that call AWS with their own keys (cast kind `callers`): each caller signs a real
 * request every simulated day from its own place (signed-caller.ts), so IAM records the key's last use —
 * the evidence the engine retires on — and the emulator sees each caller's user agent and address. A
 * caller picks up a replacement from the user's secret `adoptAfterDays` after it first sees one, or never;
 * one whose key stops working is re-pointed by a person (an outage on the timeline).
 */
import { IAMClient, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { callFrom } from '../emulator/signed-caller';
import { readCurrentKey, type Credentials } from '../emulator/workload';
import type { Caller, CastMember } from './cast';
import { shortId, type Timeline } from './timeline';

interface CallerState {
  readonly caller: Caller;
  key: Credentials;
  replacementSeenOn?: number;
}

export class Callers {
  private readonly state = new Map<string, CallerState[]>();
  private readonly iam = new IAMClient({});

  constructor(
    private readonly timeline: Timeline,
    private readonly secretPrefix: string,
  ) {}

  /** Every caller of the user starts with the key it was given when the user was seeded. */
  start(member: CastMember, key: Credentials): void {
    if (member.workload.kind !== 'callers') return;
    this.state.set(
      member.name,
      member.workload.callers.map((caller) => ({ caller, key })),
    );
  }

  async day(user: string, day: number): Promise<void> {
    const callers = this.state.get(user) ?? [];
    if (callers.length === 0) return;
    const current = await readCurrentKey(this.secretPrefix + user);
    const statuses = await this.statuses(user);
    for (const s of callers) {
      this.maybeAdopt(user, s, day, current);
      if (statuses.get(s.key.accessKeyId) !== 'Active') this.outage(user, s, day, current);
      await callFrom(s.key, s.caller);
    }
  }

  private maybeAdopt(user: string, s: CallerState, day: number, current?: Credentials): void {
    if (!current || current.accessKeyId === s.key.accessKeyId) return;
    s.replacementSeenOn ??= day;
    const after = s.caller.adoptAfterDays;
    if (after === undefined || day - s.replacementSeenOn < after) return;
    this.timeline.add(
      day,
      user,
      'workload',
      `${s.caller.name} switched to the new key ${shortId(current.accessKeyId)} from its secret`,
    );
    s.key = current;
    s.replacementSeenOn = undefined;
  }

  /** Real IAM rejects a disabled key: a person re-points the caller at the key in the secret. */
  private outage(user: string, s: CallerState, day: number, current?: Credentials): void {
    const to = current ?? s.key;
    this.timeline.add(
      day,
      user,
      'workload',
      `OUTAGE: ${s.caller.name}'s key ${shortId(s.key.accessKeyId)} is disabled; a person re-points it at ${shortId(to.accessKeyId)} from the secret`,
    );
    s.key = to;
    s.replacementSeenOn = undefined;
  }

  private async statuses(user: string): Promise<Map<string, string>> {
    const { AccessKeyMetadata = [] } = await this.iam.send(
      new ListAccessKeysCommand({ UserName: user }),
    );
    return new Map(AccessKeyMetadata.map((k) => [k.AccessKeyId!, k.Status!]));
  }
}

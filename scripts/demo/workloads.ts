/**
 * The programs behind the demo's keys. Each simulated day a workload may use its key (moto records
 * last-used at the simulated instant), notice a replacement in its secret and switch to it, or find
 * its key disabled and be fixed by a person.
 */
import { IAMClient, ListAccessKeysCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { callerArn, readCurrentKey } from '../emulator/workload';
import { workloadIdentity } from './workload-identities';
import { type Emulator } from '../emulator/emulator';
import type { CastMember } from './cast';
import { shortId, type Timeline } from './timeline';

interface WorkloadState {
  inUse: string;
  replacementSeenOn?: number;
  reactivated: boolean;
}

export class Workloads {
  private readonly state = new Map<string, WorkloadState>();
  private readonly iam = new IAMClient({});

  constructor(
    private readonly emulator: Emulator,
    private readonly timeline: Timeline,
    private readonly secretPrefix: string,
  ) {}

  /** The key each workload starts with: the user's last seeded Active key. */
  start(member: CastMember, keyIds: readonly string[]): void {
    const active = keyIds.filter((_, i) => member.keys[i]?.status !== 'Inactive');
    this.state.set(member.name, { inUse: active[active.length - 1] ?? '', reactivated: false });
  }

  async day(member: CastMember, day: number, now: Date): Promise<void> {
    const s = this.state.get(member.name);
    if (!s?.inUse) return;
    await this.maybeReactivate(member, s, day);
    const w = member.workload;
    if (w.kind === 'idle' || w.kind === 'callers' || (w.kind === 'stops' && day >= w.stopsOnDay))
      return;
    if (w.kind === 'daily') await this.maybeAdopt(member.name, s, day, w.adoptAfterDays);
    const status = await this.status(member.name, s.inUse);
    if (status !== 'Active') {
      await this.outage(member.name, s, day, status);
      return;
    }
    await this.sign(member.name, s.inUse);
    await this.emulator.backdateKey(member.name, s.inUse, { lastUsed: now, service: 's3' });
  }

  private async maybeAdopt(
    user: string,
    s: WorkloadState,
    day: number,
    after: number,
  ): Promise<void> {
    const current = await readCurrentKey(this.secretPrefix + user);
    if (!current || current.accessKeyId === s.inUse) return;
    s.replacementSeenOn ??= day;
    if (day - s.replacementSeenOn < after) return;
    this.timeline.add(
      day,
      user,
      'workload',
      `workload switched to the new key ${shortId(current.accessKeyId)} from its secret`,
    );
    s.inUse = current.accessKeyId;
    s.replacementSeenOn = undefined;
  }

  /** Real IAM rejects a disabled key: the program fails until a person points it at the secret. */
  private async outage(user: string, s: WorkloadState, day: number, status: string): Promise<void> {
    const current = await readCurrentKey(this.secretPrefix + user);
    const fix =
      current && current.accessKeyId !== s.inUse
        ? `; a person re-points it at ${shortId(current.accessKeyId)} from the secret`
        : '';
    this.timeline.add(
      day,
      user,
      'workload',
      `OUTAGE: workload's key ${shortId(s.inUse)} is ${status}${fix}`,
    );
    s.inUse = fix ? current!.accessKeyId : '';
  }

  private async maybeReactivate(member: CastMember, s: WorkloadState, day: number): Promise<void> {
    if (member.reactivateOnDay === undefined || s.reactivated || day < member.reactivateOnDay)
      return;
    if ((await this.status(member.name, s.inUse)) !== 'Inactive') return;
    await this.iam.send(
      new UpdateAccessKeyCommand({ UserName: member.name, AccessKeyId: s.inUse, Status: 'Active' }),
    );
    s.reactivated = true;
    this.timeline.add(
      day,
      member.name,
      'workload',
      `a person re-activated ${shortId(s.inUse)} by hand`,
    );
  }

  /**
   * One management call signed with the key, as the workload's program (workload-identities.ts), for
   * CloudTrail's event history. The demo does not keep seeded keys' secrets, and moto answers
   * GetCallerIdentity for any existing AccessKeyId whatever the secret (TESTING.md), so none is used.
   */
  private async sign(user: string, accessKeyId: string): Promise<void> {
    await callerArn(
      { accessKeyId, secretAccessKey: 'not-used-by-the-emulator' },
      workloadIdentity(user),
    );
  }

  private async status(user: string, accessKeyId: string): Promise<string> {
    const { AccessKeyMetadata = [] } = await this.iam.send(
      new ListAccessKeysCommand({ UserName: user }),
    );
    return AccessKeyMetadata.find((k) => k.AccessKeyId === accessKeyId)?.Status ?? 'deleted';
  }
}

/**
 * Each key's life during the demo, read back from IAM after every run: when it was created, when its
 * status changed, when it disappeared. The page's timeline draws one bar segment per status period.
 */
import { IAMClient, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { DAY_MS } from '../emulator/seed';

export type KeyStatus = 'Active' | 'Inactive';

/** One stretch of a key's life in one status; `to` is undefined while the key still exists. */
export interface KeySegment {
  readonly user: string;
  readonly accessKeyId: string;
  readonly status: KeyStatus;
  /** Simulated day (negative: before the demo's day 0). */
  readonly from: number;
  to?: number;
  /** The key's CreateDate as a simulated day: where its first segment starts. */
  readonly createdDay: number;
}

export class KeyLedger {
  readonly segments: KeySegment[] = [];
  private readonly open = new Map<string, KeySegment>();
  private readonly iam = new IAMClient({});

  constructor(private readonly start: Date) {}

  /** Reads every user's keys (ListAccessKeys: ids, status and CreateDate only) at simulated `day`. */
  async observe(users: readonly string[], day: number): Promise<void> {
    const seen = new Set<string>();
    for (const user of users) {
      const { AccessKeyMetadata = [] } = await this.iam.send(
        new ListAccessKeysCommand({ UserName: user }),
      );
      for (const k of AccessKeyMetadata) {
        const id = k.AccessKeyId!;
        const status = k.Status as KeyStatus;
        seen.add(id);
        const current = this.open.get(id);
        if (current?.status === status) continue;
        if (current) current.to = day;
        const createdDay = k.CreateDate
          ? Math.round((k.CreateDate.getTime() - this.start.getTime()) / DAY_MS)
          : day;
        const segment: KeySegment = {
          user,
          accessKeyId: id,
          status,
          from: current ? day : Math.min(createdDay, day),
          createdDay: current?.createdDay ?? createdDay,
        };
        this.segments.push(segment);
        this.open.set(id, segment);
      }
    }
    for (const [id, segment] of this.open) {
      if (seen.has(id)) continue;
      segment.to = day;
      this.open.delete(id);
    }
  }

  /** Day each key disappeared (deleted), by key id. */
  deletedOn(): ReadonlyMap<string, number> {
    const last = new Map<string, KeySegment>();
    for (const s of this.segments) last.set(s.accessKeyId, s);
    return new Map([...last].filter(([, s]) => s.to !== undefined).map(([id, s]) => [id, s.to!]));
  }
}

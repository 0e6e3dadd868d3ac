/**
 * Notices-once (docs/lifecycle.md, "Coordination table"): every notice with an identity
 * (notice-identity.ts) is claimed with a conditional write before it is published, so any number of
 * overlapping runs publish it once. Notices an action implies (KEY_DEACTIVATED, KEY_DELETED,
 * KEY_CREATED) are claimed BEFORE the action or the state that implies them is committed, with their
 * body and a 20-minute lease: the claim is their outbox entry. A run that dies after the action leaves
 * the entry pending; the first run after the lease has run out checks IAM that the action happened and
 * delivers it. Published notices are recorded as sent in one batch at the end of the run.
 *
 * The one window left: a run killed after Publish and before that batch; each notice it published
 * then goes out once more, from the next run after the lease.
 *
 * A pending entry is published only as pending-notice-trust.ts allows: the engine's own (signed), or,
 * without a MAC key, an action notice IAM confirms rebuilt from identifiers; anything else is withdrawn.
 */
import { runFailureRecord } from '../notify/run-words';
import { PENDING_CREATE_HORIZON_MINUTES } from '../core';
import { noticeSubject, type Notice } from '../notify/notice';
import type { EngineConfig } from '../config/types';
import type { EngineDeps } from './deps';
import { describeError } from './errors';
import {
  identityOf,
  plannedIdentities,
  type NoticeIdentity,
  type PlannedUser,
} from './notice-identity';
import { NotFoundError, type CoordinationStore, type NoticeKind, type SentNotice } from './ports';
import { deliverable } from './pending-notice-trust';
import type { ErrorRecord } from './summary';

/** What error records name when a pending entry was not a notice the engine can read. */
const FOREIGN_SUBJECT: Notice = {
  event: 'RUN_FAILED',
  mode: 'enforce',
  details: { message: 'a pending coordination entry that is not an engine notice' },
};

/** The same horizon as the pending-create marker: longer than a Lambda invocation can live. */
export const NOTICE_LEASE_MS = PENDING_CREATE_HORIZON_MINUTES * 60 * 1000;

type OnError = (record: ErrorRecord) => void;

/** A notice recorded before its action. `owned`: this run delivers it; else another run does. */
export interface StagedNotice {
  readonly notice: Notice;
  readonly identity?: NoticeIdentity;
  readonly owned: boolean;
}

/** What the ledger needs of the run (a RunContext is one). */
export interface LedgerRun {
  readonly deps: Pick<EngineDeps, 'notifier' | 'keys'>;
  readonly config: Pick<EngineConfig, 'snsTopicArn' | 'policy'>;
  readonly now: Date;
}

export class NoticeLedger {
  private planned = new Map<string, string>();
  private readonly sent: SentNotice[] = [];

  constructor(
    private readonly ctx: LedgerRun,
    private readonly table: CoordinationStore,
    private readonly owner: string,
  ) {}

  /** Learns the identities of the notices the run's plans may send. */
  plan(users: readonly PlannedUser[]): void {
    this.planned = plannedIdentities(users, this.ctx.config.policy.tagPrefix, this.ctx.now);
  }

  /**
   * Claim → publish. True when published, or when another run has sent or is sending it (the state
   * that records it may then be written). False when this run's publish failed: the claim's lease is
   * ended at once, so the next run delivers it.
   */
  async send(notice: Notice, onError: OnError): Promise<boolean> {
    const staged = await this.stage(notice, onError, 'notice');
    return staged.owned ? this.deliver(staged, onError) : true;
  }

  /** Records the notice (pending, with its body and lease) before the action that implies it. */
  async stage(
    notice: Notice,
    onError: OnError,
    kind: NoticeKind = 'outbox',
  ): Promise<StagedNotice> {
    const identity = identityOf(notice, this.planned, this.ctx.now);
    if (!identity) return { notice, owned: true };
    try {
      const owned = await this.table.claimNotice({
        identity: identity.identity,
        kind,
        body: JSON.stringify(notice),
        owner: this.owner,
        now: this.ctx.now,
        leaseMs: NOTICE_LEASE_MS,
        keepMs: identity.keepMs,
      });
      return { notice, identity, owned };
    } catch (err) {
      // The table is unreachable: publish anyway (a possible repeat beats a lost notice).
      onError(coordinationError(notice, err));
      return { notice, owned: true };
    }
  }

  /** After the action: publish a notice this run staged, and remember it for the sent batch. */
  async deliver(staged: StagedNotice, onError: OnError): Promise<boolean> {
    if (!staged.owned) return true;
    try {
      await this.ctx.deps.notifier.publish(staged.notice);
    } catch (err) {
      onError(publishError(this.ctx.config.snsTopicArn, staged.notice, err));
      if (staged.identity) {
        await this.table
          .expireNoticeLease(staged.identity.identity, this.owner)
          .catch((e: unknown) => onError(coordinationError(staged.notice, e)));
      }
      return false;
    }
    if (staged.identity) {
      this.sent.push({
        identity: staged.identity.identity,
        at: this.ctx.now,
        keepMs: staged.identity.keepMs,
      });
    }
    return true;
  }

  /** The action did not happen: withdraw the entry so nobody announces it. */
  async withdraw(staged: StagedNotice, onError: OnError): Promise<void> {
    if (!staged.owned || !staged.identity) return;
    await this.table
      .dropNotice(staged.identity.identity, this.owner)
      .catch((e: unknown) => onError(coordinationError(staged.notice, e)));
  }

  /**
   * Delivers pending notices whose lease ran out (their run died or failed to publish). An outbox
   * entry is delivered only if IAM shows its action happened; otherwise it is withdrawn.
   */
  async deliverDue(): Promise<ErrorRecord[]> {
    const errors: ErrorRecord[] = [];
    const onError = (e: ErrorRecord) => errors.push(e);
    let due;
    try {
      due = await this.table.duePendingNotices(this.ctx.now);
    } catch (err) {
      return [runFailureRecord({ kind: 'pending-notices-unread', cause: describeError(err) })];
    }
    for (const entry of due) {
      const take = deliverable(entry);
      const subject = take?.notice ?? FOREIGN_SUBJECT;
      try {
        if (
          !(await this.table.takeOverNotice(
            entry.identity,
            this.owner,
            this.ctx.now,
            NOTICE_LEASE_MS,
          ))
        )
          continue;
        const staged: StagedNotice = {
          notice: subject,
          identity: { identity: entry.identity, keepMs: entry.keepMs },
          owned: true,
        };
        // Not the engine's (or not provably): withdrawn, never published as it stands.
        if (take === undefined || (take.checkIam && !(await this.happened(take.notice)))) {
          await this.withdraw(staged, onError);
          continue;
        }
        await this.deliver(staged, onError);
      } catch (err) {
        onError(coordinationError(subject, err));
      }
    }
    return errors;
  }

  /** Does IAM show the action an outbox notice announces? */
  private async happened(notice: Notice): Promise<boolean> {
    const { user, accessKeyId, newAccessKeyId } = noticeSubject(notice);
    if (!user) return false;
    let keys: { accessKeyId: string; status: string }[];
    try {
      keys = await this.ctx.deps.keys.listKeys(user);
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
      keys = [];
    }
    const find = (id: string | undefined) => keys.find((k) => k.accessKeyId === id);
    switch (notice.event) {
      case 'KEY_DEACTIVATED':
        return find(accessKeyId)?.status === 'Inactive';
      case 'KEY_DELETED':
        return find(accessKeyId) === undefined;
      case 'KEY_CREATED':
        return find(newAccessKeyId) !== undefined;
      default:
        return true;
    }
  }

  /** Records this run's published notices as sent (one batch write per 25). */
  async flush(): Promise<ErrorRecord[]> {
    if (this.sent.length === 0) return [];
    try {
      await this.table.markNoticesSent(this.sent.splice(0));
      return [];
    } catch (err) {
      return [runFailureRecord({ kind: 'notices-unrecorded', cause: describeError(err) })];
    }
  }
}

function coordinationError(notice: Notice, err: unknown): ErrorRecord {
  return runFailureRecord({
    kind: 'notice-once-failed',
    ...noticeSubject(notice),
    event: notice.event,
    cause: describeError(err),
  });
}

export function publishError(topicArn: string, notice: Notice, err: unknown): ErrorRecord {
  return runFailureRecord({
    kind: 'publish-failed',
    ...noticeSubject(notice),
    event: notice.event,
    topicArn,
    cause: describeError(err),
  });
}

/**
 * The engine's ports: what it needs from the outside world, said in its own terms. lambda/aws
 * implements them over the SDK clients (aws/adapters.ts wires them for the handler); the engine's unit
 * tests implement them in memory. No AWS error crosses a port: an adapter answers with a named outcome
 * (a result value, NotFoundError, SecretStoreError), or with an error the engine only describes.
 */
import type { KeyUsageSummary, UsageEvent } from '../core/key-usage/summary';
import type { AccessKeyFacts, Applicability, KeyDecision, KeyStatus } from '../core/model/types';
import { engineFaultText } from '../notify/fault-words';
import type { Notice } from '../notify/notice';
import type {
  ActionRecord,
  BlockedRecord,
  ErrorRecord,
  ExemptRecord,
  WarningRecord,
} from './summary';

// ---- users and the credential report (IAM) ----

export interface InventoryUser {
  readonly userName: string;
  readonly path: string;
  readonly arn: string;
  /** IAM's immutable UserId (`AIDA…`), when the read returned it. */
  readonly userId?: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly groups: readonly string[];
}

export interface NamedUsers {
  readonly found: readonly InventoryUser[];
  readonly notFound: readonly string[];
}

export interface ReportKeySlot {
  readonly slot: 1 | 2;
  readonly status: KeyStatus;
  /** `access_key_N_last_rotated`: the key's CreateDate. */
  readonly createDate: Date;
  readonly lastUsedDate?: Date;
}

export interface ReportRow {
  readonly user: string;
  readonly arn: string;
  readonly keys: readonly ReportKeySlot[];
}

export interface MalformedRow {
  readonly user: string;
  readonly column: string;
  readonly value: string;
}

export interface ParsedReport {
  readonly rows: ReadonlyMap<string, ReportRow>;
  readonly malformed: readonly MalformedRow[];
}

export type CredentialReport =
  | { readonly available: true; readonly report: ParsedReport }
  | { readonly available: false; readonly reason: string };

export interface UserDirectory {
  /** Every user, with path, tags and groups. */
  listUsers(): Promise<InventoryUser[]>;
  /** The named users; a name that does not exist is reported in `notFound`, not thrown. */
  readUsers(names: readonly string[]): Promise<NamedUsers>;
  /** Never throws: a report that cannot be had is `available: false`, with the reason. */
  credentialReport(): Promise<CredentialReport>;
}

// ---- access keys and state tags (IAM) ----

/** A freshly created key. The secret lives only here and in the secret store; never log this object. */
export interface NewAccessKey {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly createDate: Date;
}

export type CreateKeyResult =
  | { readonly kind: 'created'; readonly key: NewAccessKey }
  /** The service answered no (4xx): nothing was created. `limitExceeded`: the two-key limit said so. */
  | { readonly kind: 'refused'; readonly limitExceeded: boolean; readonly reason: string }
  /** No answer, or a 5xx: a key may have been created. */
  | { readonly kind: 'unanswered'; readonly reason: string };

/** The key (or its user) was not there: someone else got there first. */
export type GoneOr<T extends string> = T | 'not-found';

export interface KeyStore {
  /** Status and CreateDate, without last use. Throws NotFoundError when the user does not exist. */
  listKeys(userName: string): Promise<AccessKeyFacts[]>;
  /** The same keys with their last use; a key deleted since the listing is left out. */
  withLastUsed(keys: readonly AccessKeyFacts[]): Promise<AccessKeyFacts[]>;
  /** Never retried blindly: an ambiguous failure is `unanswered` (create-attempt.ts settles it). */
  createKey(userName: string, now: Date): Promise<CreateKeyResult>;
  setKeyStatus(userName: string, accessKeyId: string, status: KeyStatus): Promise<GoneOr<'done'>>;
  deleteKey(userName: string, accessKeyId: string): Promise<GoneOr<'done'>>;
  tagUser(userName: string, tags: Readonly<Record<string, string>>): Promise<void>;
  untagUser(userName: string, tagKeys: readonly string[]): Promise<void>;
}

/** A read found nothing under the name it was given (a user, a key, a secret). */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
  constructor(message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
  }
}

// ---- the secret store (Secrets Manager) ----

export interface SecretTarget {
  readonly secretName: string;
  readonly userName: string;
  readonly userArn: string;
  /** The owner's immutable IAM UserId: engine secrets carry it, so a renamed user's secret is found. */
  readonly userId?: string;
}

export type SecretTrust =
  /** `exists`: false when there is no secret yet (the store may create it without describing it again). */
  | {
      readonly trusted: true;
      readonly exists: boolean;
      /**
       * The secret to write: the user's by name, by the older name or by its UserId tag.
       * @default - the target's secretName
       */
      readonly secretName?: string;
    }
  | { readonly trusted: false; readonly why: string };

/** Thrown when a key could not be stored; says whether a version may have been written (undo needed). */
export class SecretStoreError extends Error {
  override readonly name = 'SecretStoreError';
  constructor(
    readonly secretName: string,
    readonly accessKeyId: string,
    readonly step: string,
    /** True once the value write was attempted: a version may exist and may be AWSCURRENT. */
    readonly valueMayBeWritten: boolean,
    /** The AWSCURRENT version before this store, to restore on undo. */
    readonly previousVersionId: string | undefined,
    /** The version this store writes (or would have written). */
    readonly writtenVersionId: string,
    cause: unknown,
  ) {
    super(
      engineFaultText({
        kind: 'secret-store-failed',
        accessKeyId,
        secretName,
        step,
        cause: cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause),
      }),
      { cause },
    );
  }
}

export type UndoResult = 'nothing-written' | 'restored' | 'no-previous-version';

export interface SecretStore {
  /** The user's secret (docs/lifecycle.md, "Secret names"). */
  nameFor(userName: string): string;
  /**
   * Which secret is the target user's, and whether the engine may write a new key into it
   * (docs/lifecycle.md, "Secrets"). `mayWrite` (enforce runs): an engine secret under a switched KMS
   * key is moved to the configured one first.
   */
  trust(target: SecretTarget, mayWrite?: boolean): Promise<SecretTrust>;
  /**
   * Stores the key as AWSCURRENT and reads it back; throws SecretStoreError. `knownAbsent`: the trust
   * check of this run found no secret, so it is created at once.
   */
  store(target: SecretTarget, key: NewAccessKey, knownAbsent: boolean): Promise<void>;
  /** Moves AWSCURRENT back off a version a failed store wrote. */
  undoStore(failure: SecretStoreError): Promise<UndoResult>;
  /** A new AWSCURRENT version recording that the key it held was deleted. */
  recordDeletion(
    target: Pick<SecretTarget, 'secretName' | 'userName'>,
    accessKeyId: string,
    deletedAt: Date,
  ): Promise<'recorded' | 'no-secret' | 'not-current'>;
  /** Which of `accessKeyIds` the engine stored as the secret's AWSCURRENT version (no value read). */
  currentStoredKeyId(
    secretName: string,
    accessKeyIds: readonly string[],
  ): Promise<string | undefined>;
}

// ---- notifications (SNS) ----

export interface Notifier {
  publish(notice: Notice): Promise<void>;
}

// ---- the state tags' MAC (KMS) ----

/** One per run: it holds the run's key material. */
export interface StateMac {
  /** The MAC token of `message` under this run's key. */
  sign(message: string): Promise<string>;
  /** True when `token` is a MAC of `message`; false if malformed or wrong. */
  verify(message: string, token: string): Promise<boolean>;
}

// ---- the coordination table (DynamoDB) ----

/** At most this many budget slots are claimed in one all-or-nothing call. */
export const MAX_SLOTS_PER_CLAIM = 100;

export interface BudgetClaim {
  readonly slot: number;
  /** Epoch ms of the claim (the claiming run's clock). */
  readonly at: number;
  readonly owner: string;
}

/** `outbox`: implied by an action already taken (deliver after checking IAM); `notice`: plain. */
export type NoticeKind = 'outbox' | 'notice';

export interface NoticeClaim {
  readonly identity: string;
  readonly kind: NoticeKind;
  /** The notice as JSON: AccessKeyIds only, never key material (it is stored in the table). */
  readonly body: string;
  readonly owner: string;
  readonly now: Date;
  /** How long the claim keeps other runs off (then a later run may deliver it). */
  readonly leaseMs: number;
  /** How long the identity stays taken after it was sent. */
  readonly keepMs: number;
}

export interface PendingNotice {
  readonly identity: string;
  readonly kind: NoticeKind;
  readonly body: string;
  /** How long the identity stays taken once sent (as the claim said). */
  readonly keepMs: number;
  /**
   * `signed`: its MAC verifies (an engine run wrote it); `unsigned`: no STATE_MAC_KEY_ID, nothing could
   * be verified; `forged`: a MAC was expected and is missing or wrong (someone else wrote it).
   */
  readonly trust: 'signed' | 'unsigned' | 'forged';
}

/** An item of the coordination table the engine did not trust, and what it did instead. */
export interface UntrustedItem {
  readonly item: 'budget-slot' | 'pending-notice' | 'sent-record';
  /** The slot number or the notice identity. */
  readonly key: string;
  /** missing: a slot item gone; forged: MAC missing or wrong; implausible: lease/ttl beyond any run's. */
  readonly problem: 'missing' | 'forged' | 'implausible';
  readonly treatment: 'counted-spent' | 'not-published' | 'overridden';
}

export interface SentNotice {
  readonly identity: string;
  readonly at: Date;
  readonly keepMs: number;
}

/**
 * The rolling budget and notices-once (docs/lifecycle.md, "Coordination table"). Conditional writes
 * answer `false` when refused; any other failure throws.
 */
export interface CoordinationStore {
  /**
   * Claims counted in the 24 hours before `now` for slots 0..max-1. A slot whose item is missing while
   * others exist (deleted) counts as claimed at `now` (docs/lifecycle.md, "Coordination table").
   */
  liveBudgetClaims(now: Date, max: number): Promise<BudgetClaim[]>;
  /**
   * Enforce mode, after liveBudgetClaims: writes a new table's slots free and deleted slots claimed at
   * `now`, so that they count as spent for 24 hours and are free again after.
   */
  settleSlots(now: Date, owner: string): Promise<void>;
  claimSlot(slot: number, now: Date, owner: string): Promise<boolean>;
  /** All of them or none (at most MAX_SLOTS_PER_CLAIM). */
  claimSlots(slots: readonly number[], now: Date, owner: string): Promise<boolean>;
  releaseSlots(slots: readonly number[]): Promise<void>;
  claimNotice(claim: NoticeClaim): Promise<boolean>;
  markNoticesSent(sent: readonly SentNotice[]): Promise<void>;
  expireNoticeLease(identity: string, owner: string): Promise<boolean>;
  dropNotice(identity: string, owner: string): Promise<boolean>;
  duePendingNotices(now: Date): Promise<PendingNotice[]>;
  takeOverNotice(identity: string, owner: string, now: Date, leaseMs: number): Promise<boolean>;
  /** Items this run met and did not trust, so far (the run reports them as warnings). */
  untrustedItems(): readonly UntrustedItem[];
}

// ---- the audit trail and the call counter ----

/** Where the engine writes its audit lines (observability/audit-log.ts). */
export interface AuditTrail {
  decision(
    userName: string,
    applicability: Applicability['kind'],
    d: KeyDecision,
    usage?: KeyUsageSummary,
  ): void;
  action(r: ActionRecord, detail?: Readonly<Record<string, unknown>>): void;
  exempt(e: ExemptRecord): void;
  blocked(b: BlockedRecord): void;
  warning(w: WarningRecord): void;
  error(e: ErrorRecord): void;
}

/** The run's API call count (RunSummary.apiCalls); the adapters' SDK middleware counts. */
export interface CallCounter {
  reset(): void;
  readonly count: number;
}

// ---- who uses a key (CloudTrail LookupEvents; engine/key-usage.ts) ----

/** One LookupEvents answer, refusals mapped to typed outcomes (aws/cloudtrail-events.ts). */
export type UsagePage =
  | { readonly kind: 'page'; readonly events: UsageEvent[]; readonly nextToken?: string }
  /** No cloudtrail:LookupEvents permission (AccessDeniedException). */
  | { readonly kind: 'denied'; readonly reason: string }
  /** Over the 2 requests per second per account and region (ThrottlingException). */
  | { readonly kind: 'throttled'; readonly reason: string }
  | { readonly kind: 'failed'; readonly reason: string };

export interface KeyUsageSource {
  /** One page (at most 50, newest first) of the key's management events between `since` and `until`. */
  lookupPage(accessKeyId: string, since: Date, until: Date, nextToken?: string): Promise<UsagePage>;
}

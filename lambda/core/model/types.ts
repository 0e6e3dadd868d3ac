/**
 * The vocabulary of the decision core. Everything here is plain data: the core turns
 * (user facts + policy + now) into decisions with reasons, and never performs I/O.
 * IAM's own words are used where they exist: access key, AccessKeyId, Active/Inactive,
 * CreateDate, LastUsedDate.
 */

export type KeyStatus = 'Active' | 'Inactive';

/** One access key as IAM reports it. */
export interface AccessKeyFacts {
  readonly accessKeyId: string;
  readonly status: KeyStatus;
  readonly createDate: Date;
  /** Undefined when IAM has no record of the key ever being used. */
  readonly lastUsedDate?: Date;
  /** IAM's last-used service and region (GetAccessKeyLastUsed), when read: "who uses a key". */
  readonly lastUsedService?: string;
  readonly lastUsedRegion?: string;
}

/** One IAM user with everything the core needs to decide. */
export interface UserFacts {
  readonly userName: string;
  /** IAM path, e.g. `/` or `/engineering/`. */
  readonly path: string;
  /** All of the user's IAM tags (key → value), including the engine's own state tags. */
  readonly tags: Readonly<Record<string, string>>;
  /** Names of the IAM groups the user belongs to. */
  readonly groups: readonly string[];
  readonly keys: readonly AccessKeyFacts[];
  /**
   * The AccessKeyId the user's secret holds as AWSCURRENT, read only when a pending-create marker is
   * found (a key stored and verified before its run died is the engine's, never an orphan).
   */
  readonly secretCurrentKeyId?: string;
  /**
   * Why the user's secret may not receive a new key, when the engine checked it (only for users it is
   * about to rotate) and found it untrusted; undefined when trusted or not checked.
   */
  readonly secretUntrusted?: string;
}

/** The five lifecycle thresholds, in days (docs/lifecycle.md). */
export interface LifecycleDays {
  readonly rotationDays: number;
  readonly warnDays: number;
  readonly graceDays: number;
  readonly unusedDays: number;
  readonly recoveryDays: number;
}

export type ScopeMode = 'all' | 'tagged';

/** The account-wide policy, already validated at the edge (env config). */
export interface Policy {
  readonly days: LifecycleDays;
  readonly userPathPrefix: string;
  readonly scope: ScopeMode;
  /** When non-empty, only these users are in scope. */
  readonly includeUsers: readonly string[];
  readonly excludeUsers: readonly string[];
  readonly exemptGroup?: string;
  /** Prefix of override, exemption and state tags, e.g. `key-lifecycle:`. */
  readonly tagPrefix: string;
  readonly maxDestructiveActions: number;
  /**
   * An `exempt-until` further ahead than this many days is capped to it, with a warning.
   * @default DEFAULT_MAX_EXEMPTION_DAYS (365)
   */
  readonly maxExemptionDays?: number;
  /**
   * The optional rules' settings, by prop name (model/rule-settings.ts; each rule declares its own and
   * reads them with settingValues, which fills in the declared default for a setting not given here).
   * @default - every optional rule at its declared defaults
   */
  readonly ruleSettings?: Readonly<Record<string, number>>;
}

export const DEFAULT_MAX_EXEMPTION_DAYS = 365;

/** What the engine remembers about one key, kept in one user tag per key (see model/tags.ts). */
export interface KeyState {
  /** When the engine first saw (or made) the key Inactive: the recovery window starts here. */
  readonly inactiveSince?: Date;
  /** When the engine itself deactivated the key. */
  readonly deactivatedAt?: Date;
  /** When the engine observed that a key it had recorded as Inactive was Active again. */
  readonly reactivatedAt?: Date;
  /** The rotation due date the owner was last warned about (one warning per threshold crossing). */
  readonly warnedDue?: Date;
  /** When the engine created this key as a replacement. */
  readonly createdAt?: Date;
  /** When OLD_KEY_STILL_IN_USE was last sent for this key (at most once per UTC day). */
  readonly inUseNotifiedAt?: Date;
  /** When ROTATION_BLOCKED was last sent for this key (once per reason, then a weekly reminder). */
  readonly blockedNotifiedAt?: Date;
  /** The block reason that notification was about: a new reason notifies again. */
  readonly blockedReason?: RotationBlockReason;
  /**
   * On the older of two Active keys whose newer key the engine did not create: when the engine first
   * saw the pair. Rule 3's grace period starts no earlier than this.
   */
  readonly secondKeySeenAt?: Date;
}

export type Action = 'warn' | 'create' | 'deactivate' | 'delete' | 'none';

/**
 * Reasons an optional rule adds to the vocabulary, as keys: the rule's file declares them by augmenting
 * this interface (`declare module '../model/types' { interface RuleReasons { 'my-reason': true } }`),
 * so Reason stays a closed union without the rule touching this file (docs/lifecycle.md, "Adding a rule").
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the rules' files
export interface RuleReasons {}

/** Machine-readable reasons. A decision carries one or more. */
export type Reason =
  | keyof RuleReasons
  | 'healthy'
  | 'never-used'
  | 'unused'
  | 'rotation-upcoming'
  | 'rotation-due'
  | 'rotated'
  | 'second-active-key'
  | 'within-grace'
  | 'old-key-still-in-use'
  | 'reactivated'
  | 'reactivation-grace'
  | 'recovery-window-started'
  | 'in-recovery'
  | 'recovery-window-ended'
  | 'make-room-for-rotation'
  | 'already-warned'
  | 'interrupted-rotation'
  | 'rotation-in-progress'
  | 'rotation-completed'
  | 'second-key-unclaimed';

export type NotificationEvent =
  | 'ROTATION_UPCOMING'
  | 'KEY_CREATED'
  | 'OLD_KEY_STILL_IN_USE'
  | 'KEY_DEACTIVATED'
  | 'KEY_DELETED'
  | 'KEY_REACTIVATED'
  | 'ROTATION_BLOCKED'
  | 'CIRCUIT_BREAKER_TRIPPED'
  | 'RUN_FAILED'
  | 'RUN_SUMMARY';

/** Numbers behind a decision, for humans and audit logs. Days are whole days, rounded down. */
export interface DecisionFacts {
  readonly ageDays?: number;
  readonly idleDays?: number;
  readonly dueInDays?: number;
  readonly inactiveDays?: number;
  readonly graceLeftDays?: number;
  readonly recoveryLeftDays?: number;
  /**
   * Retirement evidence (rule 3, docs/lifecycle.md "Retire on evidence"), on the older key of a pair:
   * whether the replacement has been used yet, and both keys' last use (ISO seconds, or `never`).
   */
  readonly replacement?: 'adopted' | 'not-adopted';
  readonly replacementKeyId?: string;
  readonly lastUsed?: string;
  readonly replacementLastUsed?: string;
  /** The in-use hold's escalation step (1–3) and the instant the hold ends (ISO seconds). */
  readonly holdStep?: number;
  readonly holdEndsAt?: string;
}

/** One decision about one key. `create` names the key being replaced. */
export interface KeyDecision {
  readonly userName: string;
  readonly accessKeyId: string;
  readonly action: Action;
  readonly reasons: readonly Reason[];
  /** The notification this decision produces when carried out, if any. */
  readonly event?: NotificationEvent;
  /** Destructive = deactivate or delete: counted by the circuit breaker, re-verified before acting. */
  readonly destructive: boolean;
  /** Its notice goes to ops as critical, whatever the event's usual severity (notify/notice.ts). */
  readonly escalate?: true;
  /** For `create`: the Inactive key that must be deleted first to stay within IAM's two-key limit. */
  readonly requiresDeletionOf?: string;
  readonly facts: DecisionFacts;
  /**
   * For the KEY_CREATED of a rotation completed after its run died (rules/interrupted-rotation.ts): the
   * key that run created and stored. The decision's own accessKeyId is the key it replaced.
   */
  readonly newAccessKeyId?: string;
  /** State tags (tag key → value) the executor writes only if this decision's action succeeded. */
  readonly tagsOnSuccess?: Readonly<Record<string, string>>;
  /** State tag keys the executor removes only if this decision's action succeeded. */
  readonly untagOnSuccess?: readonly string[];
}

/** Why a rotation waits on IAM's two-key limit: the blocks the owner is told about (ROTATION_BLOCKED). */
export type RotationBlockReason =
  | 'two-key-limit-second-active-key'
  | 'two-key-limit-key-in-recovery'
  /** The user's secret exists but is not one the engine may write a key into (aws/secret-trust.ts). */
  | 'secret-not-trusted'
  /** The user has too few of IAM's 50 tags free for the state a rotation writes. */
  | 'no-tag-room';

export type BlockReason = RotationBlockReason | 'circuit-breaker' | 'depends-on-blocked-deletion';

/**
 * Why an action waits, as data: the numbers and keys a reader needs (lambda/notify words them). One case
 * per reason.
 */
export type BlockDetail =
  | {
      readonly reason: 'two-key-limit-second-active-key';
      /** The other Active key, retired first. */
      readonly otherKeyId: string;
      /** When the other key is deactivated at the earliest. */
      readonly retireAt: Date;
      /** When the rotation can proceed at the earliest: retireAt + recoveryDays. */
      readonly earliest: Date;
      readonly recoveryDays: number;
    }
  | {
      readonly reason: 'two-key-limit-key-in-recovery';
      /** The Inactive key inside its recovery window. */
      readonly otherKeyId: string;
      /** The start of its recovery window. */
      readonly inactiveSince: Date;
      /** When it is deleted and the rotation proceeds. */
      readonly earliest: Date;
      readonly recoveryDays: number;
    }
  | {
      readonly reason: 'secret-not-trusted';
      /** Why the secret may not receive a key (UserFacts.secretUntrusted). */
      readonly because: string;
    }
  | {
      readonly reason: 'no-tag-room';
      readonly tagCount: number;
      readonly tagLimit: number;
      /** Tags a rotation needs free. */
      readonly needed: number;
      /** Tags free, counting those this run removes. */
      readonly free: number;
    }
  | {
      readonly reason: 'circuit-breaker';
      /** The withheld decision's reasons. */
      readonly reasons: readonly Reason[];
      /** Destructive actions the run planned. */
      readonly planned: number;
      readonly maxDestructiveActions: number;
      /** Used by runs in the last 24 hours (coordination table); 0 without it. */
      readonly usedInWindow: number;
    }
  | {
      readonly reason: 'depends-on-blocked-deletion';
      /** The Inactive key whose withheld deletion the create needed. */
      readonly requiresDeletionOf: string;
    };

/** The blocks a rotation meets on its own (the rest come from the circuit breaker). */
export type RotationBlockDetail = Extract<BlockDetail, { readonly reason: RotationBlockReason }>;

export type BlockedAction = {
  readonly userName: string;
  readonly accessKeyId: string;
  /** The action that would have been taken. */
  readonly action: Exclude<Action, 'none' | 'warn'>;
  /**
   * Whether the executor publishes ROTATION_BLOCKED for this block this run: once per key and reason,
   * again every 7 days while it persists. Always false for circuit-breaker blocks (ops get one
   * CIRCUIT_BREAKER_TRIPPED per run instead). The entry is in the summary and audit log either way.
   */
  readonly notify: boolean;
} & BlockDetail;

export type WarningCode = PolicyWarning['code'];

/**
 * A warning about a user's tags, as data: the tag, its value and what was made of it (lambda/notify
 * words it). One case per code.
 */
export type PolicyWarning = {
  readonly userName: string;
  /** The tag (key) the warning is about, as found on the user. */
  readonly tag: string;
  readonly value: string;
} & (
  | {
      readonly code: 'override-malformed' | 'override-loosening-ignored';
      readonly setting: keyof LifecycleDays;
      /** The account value that applies instead. */
      readonly accountValue: number;
    }
  | { readonly code: 'exemption-malformed' }
  | { readonly code: 'exemption-expired'; readonly until: Date }
  | {
      readonly code: 'exemption-capped';
      readonly maxDays: number;
      readonly cap: Date;
      /** When the engine first saw this value (the cap runs from then). */
      readonly seen?: Date;
    }
  /** A capped exemption whose cap has passed; without `cap`, its record (`record`) was unreadable. */
  | {
      readonly code: 'exemption-cap-ended';
      readonly maxDays: number;
      readonly cap?: Date;
      readonly seen?: Date;
      readonly record?: string;
    }
  | {
      readonly code: 'state-tag-malformed';
      /** Key-state tag: the unreadable `field=value` pairs (ignored). */
      readonly unreadable?: readonly string[];
      /** Pending-create marker: it is removed; its time as far as it could be read. */
      readonly marker?: { readonly at?: Date };
    }
  // A state tag whose MAC did not verify (docs/threat-model.md); treated as absent.
  | { readonly code: 'state-tag-unverified' }
  // Keys an unverified pending-create marker would name as orphans: whose they are is unknown.
  | { readonly code: 'second-key-unclaimed'; readonly keyIds: readonly string[] }
);

export type Applicability =
  | { readonly kind: 'in-scope' }
  | {
      readonly kind: 'out-of-scope';
      readonly why: 'path' | 'not-included' | 'excluded' | 'not-tagged';
    }
  | {
      readonly kind: 'exempt';
      readonly why: 'group' | 'tag';
      readonly until?: Date;
      /** The tag's date lay further ahead than Policy.maxExemptionDays: `until` is the cap. */
      readonly capped?: boolean;
    };

/** Tag writes the executor performs for this user after (or with) its actions. */
export interface StateChanges {
  /** Tag key → new value (full value, replaces the old one). */
  readonly set: Readonly<Record<string, string>>;
  /** Tag keys to remove (e.g. state of keys that no longer exist). */
  readonly remove: readonly string[];
}

/**
 * What the rules decided for a user's keys: the combination of their outcomes (plan-user.ts) and, after
 * the circuit breaker, the user's plan.
 */
export interface PlannedActions {
  /** Ordered: deletions first, then deactivations, then creations, then warnings, then `none` lines. */
  readonly decisions: readonly KeyDecision[];
  readonly blocked: readonly BlockedAction[];
}

/** Everything the core decided for one user. */
export interface UserPlan extends PlannedActions {
  readonly userName: string;
  /** Whether the user is in scope, and why not (scope, path, lists, exemption). */
  readonly applicability: Applicability;
  /** The policy's days after this user's override tags (overrides.ts). */
  readonly effectiveDays: LifecycleDays;
  readonly warnings: readonly PolicyWarning[];
  readonly stateChanges: StateChanges;
}

/** The whole run's plan after the circuit breaker has been applied. */
export interface RunPlan {
  readonly users: readonly UserPlan[];
  readonly circuitBreakerTripped: boolean;
  /** Number of destructive actions the run would have taken before the breaker. */
  readonly destructiveCount: number;
}

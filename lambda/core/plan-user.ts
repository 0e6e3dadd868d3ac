/**
 * planUser: one user's facts + the policy + now → the decisions, with reasons, for every key
 * (docs/lifecycle.md, "Rules, per user in scope"). Scope and exemptions first (out-of-scope and exempt
 * users are never acted on), then every rule of RULES on every key, and one combination of their outcomes.
 */
import { evaluateApplicability, type Scope } from './applicability';
import { buildContext, baseFacts, idleReasons, type PlanContext } from './model/key-view';
import type { Combined, Rule, SoFar } from './model/outcome';
import type { RuleSetting, RuleSettings } from './model/rule-settings';
import { KEY_USAGE_SETTINGS } from './key-usage/settings';
import type {
  BlockedAction,
  DecisionFacts,
  KeyDecision,
  KeyState,
  Policy,
  Reason,
  UserFacts,
  UserPlan,
} from './model/types';
import { effectiveDays } from './overrides';
import { inUseHold, IN_USE_HOLD_SETTINGS } from './rules/in-use-hold';
import { interruptedRotation } from './rules/interrupted-rotation';
import { reactivation } from './rules/reactivation';
import { recovery } from './rules/recovery';
import { retire } from './rules/retire';
import { rotationInProgress } from './rules/rotation-in-progress';
import { rotation } from './rules/rotation';
import { unused } from './rules/unused';
import { warn } from './rules/warn';
import { stateChanges } from './state-retention';

/**
 * Every lifecycle rule, in the order their outcomes combine (docs/lifecycle.md has the rule → file
 * table). How outcomes combine:
 * 1. A key's first deactivation or deletion (held or not) wins; later rules' outcomes for it are dropped
 *    (an orphan is deactivated as `interrupted-rotation` alone; unused beats retire and rotation).
 * 2. An outcome that `holds` a key turns later rules' deactivations, deletions and creations of it into
 *    notes, and drops their blocks (a rotation in flight; an old key still in use).
 * 3. A rule reads, never edits, what the rules above it decided (SoFar: the keys they deactivate or
 *    delete, held or not, so a hold changes no other rule's view); a create that needs a deletion marks
 *    that deletion `make-room-for-rotation`.
 * 4. A key without a decision gets one `none` line: the holding reasons first, then the notes' reasons
 *    (or `healthy`), with the notes' facts merged in table order.
 * 5. Remembered state is merged in table order; a dropped outcome remembers nothing.
 */
export const RULES = [
  ['rotation-in-progress', rotationInProgress],
  ['reactivation', reactivation],
  ['interrupted-rotation', interruptedRotation],
  ['unused', unused],
  ['in-use-hold', inUseHold, IN_USE_HOLD_SETTINGS],
  ['retire', retire],
  ['recovery', recovery],
  ['rotation', rotation],
  ['warn', warn],
] as const satisfies readonly RuleRow[];

/** A row of RULES: the rule's name, the rule, and the settings of an optional rule. */
export type RuleRow = readonly [name: string, rule: Rule, settings?: RuleSettings];

/** The prop names of every optional rule's settings, and of the key-usage lookups' (key-usage/settings.ts). */
export type RuleSettingName =
  | ((typeof RULES)[number] extends infer Row
      ? Row extends readonly [string, Rule, infer S]
        ? keyof S & string
        : never
      : never)
  | keyof typeof KEY_USAGE_SETTINGS;

/**
 * Every optional rule's settings by prop name, in table order: config/settings.ts adds them to SETTINGS,
 * from which the engine's environment, the construct's props and the HCL module's variables derive.
 */
export const RULE_SETTINGS: {
  readonly [K in RuleSettingName]: RuleSetting & { readonly prop: K };
} = Object.assign({}, ...RULES.map((row: RuleRow) => row[2] ?? {}), KEY_USAGE_SETTINGS);

/** RULE_SETTINGS as a list, typed also when the table lists no optional rule. */
export const RULE_SETTING_LIST = Object.values(RULE_SETTINGS) as readonly (RuleSetting & {
  readonly prop: RuleSettingName;
})[];

/**
 * `scope`: the user's scope as the caller already evaluated it (the engine does once per user, in its
 * inventory); evaluated here only when not given.
 */
export function planUser(
  user: UserFacts,
  policy: Policy,
  now: Date,
  scope: Scope = evaluateApplicability(user, policy, now),
): UserPlan {
  const { applicability, warnings } = scope;
  if (applicability.kind !== 'in-scope') {
    return {
      userName: user.userName,
      applicability,
      effectiveDays: policy.days,
      decisions: [],
      blocked: [],
      warnings: [...warnings],
      stateChanges: { set: {}, remove: [] },
    };
  }
  const days = effectiveDays(user.userName, user.tags, policy);
  const ctx = buildContext(user, policy, days.days, now);
  const combined = combine(ctx, RULES);
  return {
    userName: user.userName,
    applicability,
    effectiveDays: days.days,
    decisions: combined.decisions,
    blocked: combined.blocked,
    warnings: [...warnings, ...days.warnings, ...ctx.stateWarnings],
    stateChanges: stateChanges(ctx, combined),
  };
}

interface KeyTally {
  leaving?: 'deactivate' | 'delete';
  held: boolean;
  readonly holdReasons: Reason[];
  readonly reasons: Reason[];
  facts?: DecisionFacts;
  state?: KeyState;
}

const GROUPS = ['delete', 'deactivate', 'create', 'warn'] as const;

export function combine(ctx: PlanContext, rules: readonly RuleRow[]): Combined {
  const tally = new Map(
    ctx.keys.map((v) => [v.id, { held: false, holdReasons: [], reasons: [] } as KeyTally]),
  );
  const acts: KeyDecision[] = [];
  const blocked: BlockedAction[] = [];
  const soFar: SoFar = {
    deactivating: (id) => tally.get(id)?.leaving === 'deactivate',
    deleting: (id) => tally.get(id)?.leaving === 'delete',
  };
  for (const [, rule] of rules) {
    const outcomes = ctx.keys.map((view) => [view, rule(view, ctx, soFar)] as const);
    for (const [view, outcome] of outcomes) {
      const t = tally.get(view.id) as KeyTally;
      if (outcome.kind === 'not-applicable' || t.leaving !== undefined) continue;
      const held = t.held;
      const heldBlock = held && outcome.kind === 'note' && outcome.blocked !== undefined;
      if (outcome.remember && !heldBlock)
        t.state = { ...(t.state ?? view.state), ...outcome.remember };
      const action = outcome.kind === 'act' ? outcome.decision.action : 'none';
      if (action === 'deactivate' || action === 'delete') t.leaving = action;
      if (outcome.kind === 'act' && (action === 'warn' || !held)) {
        acts.push(outcome.decision);
      } else {
        const reasons = outcome.kind === 'act' ? outcome.decision.reasons : outcome.reasons;
        const facts = outcome.kind === 'act' ? outcome.decision.facts : outcome.facts;
        merge(outcome.holds ? t.holdReasons : t.reasons, reasons);
        t.facts = { ...t.facts, ...facts };
        if (outcome.kind === 'note' && outcome.blocked && !held) blocked.push(outcome.blocked);
      }
      if (outcome.holds) t.held = true;
    }
  }
  const decisions = GROUPS.flatMap((g) => acts.filter((d) => d.action === g)).map((d) =>
    makesRoom(d, acts),
  );
  const decided = new Set(acts.map((d) => d.accessKeyId));
  const noneLines = ctx.keys
    .filter((v) => !decided.has(v.id))
    .map((view): KeyDecision => {
      const t = tally.get(view.id) as KeyTally;
      return {
        userName: ctx.userName,
        accessKeyId: view.id,
        action: 'none',
        reasons: [...t.holdReasons, ...(t.reasons.length > 0 ? t.reasons : idleReasons(view))],
        destructive: false,
        facts: t.facts ?? baseFacts(view, ctx),
      };
    });
  const remembered = new Map(
    [...tally].flatMap(([id, t]) => (t.state === undefined ? [] : [[id, t.state] as const])),
  );
  return { decisions: [...decisions, ...noneLines], blocked, remembered };
}

/** A deletion a create needs to stay within IAM's two-key limit says so. */
function makesRoom(d: KeyDecision, acts: readonly KeyDecision[]): KeyDecision {
  if (d.action !== 'delete') return d;
  const needed = acts.some((c) => c.action === 'create' && c.requiresDeletionOf === d.accessKeyId);
  return needed ? { ...d, reasons: [...d.reasons, 'make-room-for-rotation'] } : d;
}

function merge(into: Reason[], reasons: readonly Reason[]): void {
  for (const r of reasons) if (!into.includes(r)) into.push(r);
}

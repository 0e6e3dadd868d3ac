/**
 * Step 1: who is in scope, and who might need action. A scheduled run screens every in-scope user
 * against the credential report, so only candidates cost per-user API calls; a run that names users
 * reads exactly those. Without the report every in-scope user is a candidate, screened in two stages
 * as it is read (staged-read.ts), in a daily rotating order (fallback-order.ts). Out-of-scope and
 * exempt users are never read further.
 */
import { effectiveDays, evaluateApplicability, screenUser, type Scope } from '../core';
import type { Applicability, PolicyWarning } from '../core/model/types';
import { warningText } from '../notify/plan-words';
import { runWarningRecord } from '../notify/run-words';
import type { RunContext } from './context';
import { inRotatingOrder } from './fallback-order';
import { withTrustedExemptionRecord } from './state-trust';
import type { InventoryUser, ParsedReport, ReportRow } from './ports';
import type { ExemptRecord, RunSummary, WarningRecord } from './summary';

export interface Inventory {
  readonly kind: RunSummary['inventory'];
  readonly usersScanned: number;
  readonly usersInScope: number;
  /** In-scope users to read in detail: inventory order, or the fallback's rotating order. */
  readonly candidates: readonly InventoryUser[];
  /**
   * `full`: read each candidate's keys with last use (the report or the event already chose them).
   * `staged`: fallback; screen each candidate on its key listing first (staged-read.ts).
   */
  readonly read: 'full' | 'staged';
  /** Warnings about the inventory and about users settled without a detailed read. */
  readonly warnings: readonly WarningRecord[];
  /** Users in scope but exempt: reported, never read further or acted on. */
  readonly exempt: readonly ExemptRecord[];
  /** Each candidate's scope (evaluated here, once per user; screening and planning are given it). */
  readonly scopes: ReadonlyMap<string, Scope>;
  /** Capped exemptions seen for the first time: user → the record tag to write (enforce mode). */
  readonly exemptionRecords: ReadonlyMap<string, Readonly<Record<string, string>>>;
  /** Records of exemption tags since removed: user → the record's tag key (enforce mode). */
  readonly staleExemptionRecords: Map<string, string>;
}

/**
 * The user's scope, on a verified exemption record; notes a first-seen record to write. The user itself
 * goes on with its tags as read (planning verifies every state tag again).
 */
async function scopeOf(
  ctx: RunContext,
  user: InventoryUser,
  records: Map<string, Readonly<Record<string, string>>>,
  stale: Map<string, string>,
): Promise<Scope> {
  const trusted = await withTrustedExemptionRecord(ctx, user);
  const scope = evaluateApplicability(trusted, ctx.config.policy, ctx.now);
  const record = scope.exemptionRecord;
  if (record) records.set(user.userName, { [record.tag]: record.value });
  if (scope.staleExemptionRecord) stale.set(user.userName, scope.staleExemptionRecord);
  return scope;
}

export async function takeInventory(
  ctx: RunContext,
  names: readonly string[] | undefined,
): Promise<Inventory> {
  return names ? targetedInventory(ctx, names) : screenedInventory(ctx);
}

async function targetedInventory(ctx: RunContext, names: readonly string[]): Promise<Inventory> {
  const { found, notFound } = await ctx.deps.users.readUsers(names);
  const warnings: WarningRecord[] = notFound.map((user) =>
    runWarningRecord({ code: 'user-name-not-found', user }),
  );
  const candidates: InventoryUser[] = [];
  const exempt: ExemptRecord[] = [];
  const scopes = new Map<string, Scope>();
  const exemptionRecords = new Map<string, Readonly<Record<string, string>>>();
  const staleExemptionRecords = new Map<string, string>();
  for (const user of found) {
    const scope = await scopeOf(ctx, user, exemptionRecords, staleExemptionRecords);
    const { applicability } = scope;
    if (applicability.kind === 'in-scope') {
      candidates.push(user);
      scopes.set(user.userName, scope);
    } else warnings.push(...scope.warnings.map(toWarning));
    if (applicability.kind === 'exempt') exempt.push(exemptRecord(user.userName, applicability));
  }
  return {
    kind: 'targeted',
    usersScanned: found.length,
    usersInScope: candidates.length,
    candidates,
    read: 'full',
    warnings,
    exempt,
    scopes,
    exemptionRecords,
    staleExemptionRecords,
  };
}

async function screenedInventory(ctx: RunContext): Promise<Inventory> {
  const users = await ctx.deps.users.listUsers();
  const report = await ctx.deps.users.credentialReport();
  const warnings: WarningRecord[] = [];
  let parsed: ParsedReport | undefined;
  if (report.available) {
    parsed = report.report;
    warnings.push(
      ...parsed.malformed.map((m) =>
        runWarningRecord({ code: 'credential-report-row-malformed', ...m }),
      ),
    );
  } else {
    warnings.push(
      runWarningRecord({ code: 'credential-report-unavailable', reason: report.reason }),
    );
  }
  const candidates: InventoryUser[] = [];
  const exempt: ExemptRecord[] = [];
  const scopes = new Map<string, Scope>();
  let usersInScope = 0;
  const exemptionRecords = new Map<string, Readonly<Record<string, string>>>();
  const staleExemptionRecords = new Map<string, string>();
  for (const user of users) {
    const scope = await scopeOf(ctx, user, exemptionRecords, staleExemptionRecords);
    const { applicability } = scope;
    if (applicability.kind === 'exempt') exempt.push(exemptRecord(user.userName, applicability));
    if (applicability.kind !== 'in-scope') {
      warnings.push(...scope.warnings.map(toWarning));
      continue;
    }
    usersInScope++;
    const row = parsed?.rows.get(user.userName);
    if (!row || screenUser(screenFacts(user, row), applicability, ctx.config.policy, ctx.now)) {
      candidates.push(user); // planUser (or, if settled on reading, settledWarnings) reports its warnings
      scopes.set(user.userName, scope);
      continue;
    }
    warnings.push(...settledWarnings(ctx, user, scope.warnings));
  }
  return {
    kind: parsed ? 'credential-report' : 'fallback',
    usersScanned: users.length,
    usersInScope,
    candidates: parsed ? candidates : inRotatingOrder(candidates, ctx.now),
    read: parsed ? 'full' : 'staged',
    warnings,
    exempt,
    scopes,
    exemptionRecords,
    staleExemptionRecords,
  };
}

/**
 * What planUser would have warned about for an in-scope user settled without a plan (exemption and
 * override tags): such a user has no engine state, so there are no state-tag warnings to add.
 * `scopeWarnings`: what the inventory's scope evaluation of the user said.
 */
export function settledWarnings(
  ctx: RunContext,
  user: InventoryUser,
  scopeWarnings: readonly PolicyWarning[],
): WarningRecord[] {
  const days = effectiveDays(user.userName, user.tags, ctx.config.policy);
  return [...scopeWarnings, ...days.warnings].map(toWarning);
}

function screenFacts(user: InventoryUser, row: ReportRow) {
  return {
    userName: user.userName,
    path: user.path,
    tags: user.tags,
    groups: user.groups,
    keys: row.keys.map((k) => ({
      status: k.status,
      createDate: k.createDate,
      lastUsedDate: k.lastUsedDate,
    })),
  };
}

function exemptRecord(user: string, a: Extract<Applicability, { kind: 'exempt' }>): ExemptRecord {
  return {
    user,
    why: a.why,
    ...(a.until ? { until: a.until.toISOString() } : {}),
    ...(a.capped ? { capped: true } : {}),
  };
}

export function toWarning(w: PolicyWarning): WarningRecord {
  return { user: w.userName, code: w.code, message: warningText(w) };
}

/**
 * The credential-report path and the fallback path (per-user reads when IAM will not produce a
 * report) must reach identical decisions on the same account, and evaluate the same users: the
 * fallback settles a user on its key listing alone, or on its last use, exactly when the report
 * would have screened it out. The fallback is forced by failing GenerateCredentialReport with
 * LimitExceeded before it is sent (scripts/emulator/engine.ts).
 */
import { useEmulator } from './support/fixture';
import { MIXED_ACCOUNT, MIXED_ENV } from '../../scripts/emulator/mixed-account';
import { seedUsers, type SeedUser } from '../../scripts/emulator/seed';
import { createWorld, type World } from '../../scripts/emulator/world';
import type { RunSummary } from '../../lambda/engine/summary';

const fx = useEmulator();

/**
 * The mixed account plus a user the key listing cannot settle (its key is old enough to be unused)
 * but its last use can (used yesterday), so the fallback needs the second stage of its read.
 */
const ACCOUNT: readonly SeedUser[] = [
  ...MIXED_ACCOUNT,
  { name: 'steady', keys: [{ ageDays: 60, lastUsedDaysAgo: 1 }] },
];

function decisions(summary: RunSummary) {
  return {
    actions: summary.actions
      .map((a) => `${a.user}:${a.accessKeyId}:${a.action}:${a.reasons.join('+')}`)
      .sort(),
    blocked: summary.blocked
      .map((b) => `${b.user}:${b.accessKeyId}:${b.action}:${b.reason}`)
      .sort(),
    warnings: summary.warnings
      .filter((w) => w.code !== 'credential-report-unavailable')
      .map((w) => `${w.user}:${w.code}`)
      .sort(),
    usersInScope: summary.usersInScope,
    usersEvaluated: summary.usersEvaluated,
  };
}

/** Users the run planned in detail: each has one `decision` audit line per key. */
function evaluatedUsers(world: World, fromLine: number): string[] {
  const users = world.engine.logs
    .slice(fromLine)
    .map((l) => JSON.parse(l) as { type?: string; user?: string })
    .filter((l) => l.type === 'decision')
    .map((l) => l.user ?? '?');
  return [...new Set(users)].sort();
}

async function worlds() {
  const viaReport = await createWorld(fx.emulator, { mode: 'report', env: MIXED_ENV });
  await seedUsers(fx.emulator, ACCOUNT, viaReport.at(0));
  const viaFallback = await createWorld(fx.emulator, {
    mode: 'report',
    env: MIXED_ENV,
    failCredentialReport: true,
  });
  return { viaReport, viaFallback };
}

describe('credential report and fallback', () => {
  it.each([0, 30, 100])('reach identical decisions about the same users on day %i', async (day) => {
    // Prepare
    const { viaReport, viaFallback } = await worlds();

    // Act
    const report = fx.seen(await viaReport.runOn(day));
    const fallback = fx.seen(await viaFallback.runOn(day));

    // Assess
    expect(report.inventory).toBe('credential-report');
    expect(fallback.inventory).toBe('fallback');
    expect(fallback.warnings.map((w) => w.code)).toContain('credential-report-unavailable');
    expect(decisions(fallback)).toEqual(decisions(report));
    expect(evaluatedUsers(viaFallback, 0)).toEqual(evaluatedUsers(viaReport, 0));
    expect(report.actions.length).toBeGreaterThan(0);
  });

  it('settles users on the fallback path without reading what cannot change the outcome', async () => {
    // Prepare
    const { viaReport, viaFallback } = await worlds();

    // Act
    const report = fx.seen(await viaReport.runOn(0));
    const fallback = fx.seen(await viaFallback.runOn(0));

    // Assess
    const calls = (command: string) =>
      viaFallback.engine.calls.filter(
        (c) => c.service === 'iam' && c.command === `${command}Command`,
      ).length;
    expect(evaluatedUsers(viaReport, 0)).not.toContain('steady');
    expect(evaluatedUsers(viaReport, 0)).not.toContain('fresh');
    expect(fallback.usersEvaluated).toBe(report.usersEvaluated);
    expect(fallback.usersEvaluated).toBeLessThan(fallback.usersInScope);
    // Every user in scope is listed once; `fresh` (a 10-day-old key) needs no last-use read.
    expect(calls('ListAccessKeys')).toBe(fallback.usersInScope);
    const keysInScope = ACCOUNT.filter((u) => !['exempt', 'outsider'].includes(u.name)).flatMap(
      (u) => u.keys,
    ).length;
    expect(calls('GetAccessKeyLastUsed')).toBe(keysInScope - 1);
  });
});

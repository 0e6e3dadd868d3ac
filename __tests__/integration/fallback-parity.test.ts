/**
 * The credential-report path and the fallback path (per-user reads when IAM will not produce a
 * report) must reach identical decisions on the same account. The fallback is forced by failing
 * GenerateCredentialReport with LimitExceeded before it is sent (harness/engine.ts).
 */
import { useEmulator } from './harness/fixture';
import { MIXED_ACCOUNT, MIXED_ENV } from './harness/mixed-account';
import { seedUsers } from './harness/seed';
import { createWorld } from './harness/world';
import type { RunSummary } from '../../lambda/engine/summary';

const fx = useEmulator();

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
  };
}

describe('credential report and fallback', () => {
  it.each([0, 30, 100])('reach identical decisions on day %i', async (day) => {
    // Prepare
    const viaReport = await createWorld(fx.emulator, { mode: 'report', env: MIXED_ENV });
    await seedUsers(fx.emulator, MIXED_ACCOUNT, viaReport.at(0));
    const viaFallback = await createWorld(fx.emulator, {
      mode: 'report',
      env: MIXED_ENV,
      failCredentialReport: true,
    });

    // Act
    const report = fx.seen(await viaReport.runOn(day));
    const fallback = fx.seen(await viaFallback.runOn(day));

    // Assess
    expect(report.inventory).toBe('credential-report');
    expect(fallback.inventory).toBe('fallback');
    expect(fallback.warnings.map((w) => w.code)).toContain('credential-report-unavailable');
    expect(decisions(fallback)).toEqual(decisions(report));
    expect(report.actions.length).toBeGreaterThan(0);
  });

  it('screens healthy users out with the report, so it reads fewer users in detail', async () => {
    // Prepare
    const viaReport = await createWorld(fx.emulator, { mode: 'report', env: MIXED_ENV });
    await seedUsers(fx.emulator, MIXED_ACCOUNT, viaReport.at(0));
    const viaFallback = await createWorld(fx.emulator, {
      mode: 'report',
      env: MIXED_ENV,
      failCredentialReport: true,
    });

    // Act
    const report = fx.seen(await viaReport.runOn(0));
    const fallback = fx.seen(await viaFallback.runOn(0));

    // Assess
    expect(report.usersEvaluated).toBeLessThan(fallback.usersEvaluated);
  });
});

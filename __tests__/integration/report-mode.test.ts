/**
 * Report mode computes the enforce-mode plan and changes nothing: the whole IAM and Secrets Manager
 * state (users, keys, statuses, tags, secrets, versions, labels, values) is identical before and after.
 */
import { snapshotAccount } from '../../scripts/emulator/aws-state';
import { useEmulator } from './support/fixture';
import { MIXED_ACCOUNT, MIXED_ENV } from '../../scripts/emulator/mixed-account';
import { seedUsers } from '../../scripts/emulator/seed';
import { createWorld } from '../../scripts/emulator/world';

const fx = useEmulator();

describe('report mode', () => {
  it('changes nothing in IAM or Secrets Manager, across several runs', async () => {
    // Prepare: enforce once first, so secrets, versions and state tags exist to be left alone
    const enforce = await createWorld(fx.emulator, { env: MIXED_ENV });
    await seedUsers(fx.emulator, MIXED_ACCOUNT, enforce.at(0));
    fx.seen(await enforce.runOn(0));
    const report = await createWorld(fx.emulator, { mode: 'report', env: MIXED_ENV });
    const before = await snapshotAccount();

    // Act
    const runs = [];
    for (const day of [20, 60, 120]) runs.push(fx.seen(await report.runOn(day)));
    const after = await snapshotAccount();

    // Assess
    expect(after).toEqual(before);
    expect(before.secrets.length).toBeGreaterThan(0);
    expect(runs.every((r) => r.mode === 'report')).toBe(true);
    expect(runs.flatMap((r) => r.actions.map((a) => a.outcome)).every((o) => o === 'planned')).toBe(
      true,
    );
    expect(runs[2]!.actions.length).toBeGreaterThan(0);
  });

  it('plans what enforce mode then does', async () => {
    // Prepare
    const report = await createWorld(fx.emulator, { mode: 'report', env: MIXED_ENV });
    await seedUsers(fx.emulator, MIXED_ACCOUNT, report.at(0));
    const enforce = await createWorld(fx.emulator, { env: MIXED_ENV });

    // Act
    const planned = fx.seen(await report.runOn(0));
    const done = fx.seen(await enforce.runOn(0));

    // Assess
    const shape = (s: typeof planned) =>
      s.actions.map((a) => `${a.user}:${a.accessKeyId}:${a.action}:${a.reasons.join('+')}`).sort();
    expect(shape(planned)).toEqual(shape(done));
    expect(planned.blocked).toEqual(done.blocked);
    expect(done.actions.every((a) => a.outcome === 'done')).toBe(true);
  });

  it('forces report mode from a manual event even when MODE=enforce', async () => {
    // Prepare
    const world = await createWorld(fx.emulator, { env: MIXED_ENV });
    await seedUsers(fx.emulator, MIXED_ACCOUNT, world.at(0));
    const before = await snapshotAccount();

    // Act
    const summary = fx.seen(await world.runOn(0, { mode: 'report' }));

    // Assess
    expect(summary.mode).toBe('report');
    expect(await snapshotAccount()).toEqual(before);
  });
});

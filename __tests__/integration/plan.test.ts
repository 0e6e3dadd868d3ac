/**
 * `npm run plan` against the emulator: it reports what enforce mode would do, and leaves the account
 * exactly as it was, even when MODE=enforce is set in the environment.
 */
import { snapshotAccount } from '../../scripts/emulator/aws-state';
import { useEmulator } from './support/fixture';
import { MIXED_ACCOUNT } from '../../scripts/emulator/mixed-account';
import { seedUsers } from '../../scripts/emulator/seed';
import { renderPlan } from '../../scripts/plan/render-plan';
import { runPlan } from '../../scripts/plan/run-plan';

const fx = useEmulator();

describe('npm run plan', () => {
  it('plans actions and changes nothing, whatever MODE says', async () => {
    // Prepare
    await seedUsers(fx.emulator, MIXED_ACCOUNT, new Date());
    const before = await snapshotAccount();

    // Act
    const result = fx.seen(await runPlan({ env: { ...process.env, MODE: 'enforce' } }));
    const text = fx.seen(renderPlan(result));

    // Assess
    expect(await snapshotAccount()).toEqual(before);
    expect(result.summary.mode).toBe('report');
    expect(result.summary.actions.map((a) => `${a.user}:${a.action}`)).toEqual(
      expect.arrayContaining(['due:create', 'unused:deactivate']),
    );
    expect(await fx.emulator.snsMessages()).toEqual([]);
    expect(text).toMatch(/due\s+AKIA\w+\s+create\s+rotation-due/);
  });

  it('narrows to named users and a path prefix', async () => {
    // Prepare
    await seedUsers(fx.emulator, MIXED_ACCOUNT, new Date());

    // Act
    const named = fx.seen(await runPlan({ users: ['due'] }));
    const byPath = fx.seen(await runPlan({ pathPrefix: '/system/' }));

    // Assess
    expect(new Set(named.summary.actions.map((a) => a.user))).toEqual(new Set(['due']));
    expect(byPath.summary.usersInScope).toBe(1);
    expect(byPath.summary.actions.map((a) => a.user)).toEqual(['outsider']);
  });
});

/**
 * The short form of `npm run reliability` for CI: the first seeds of the campaign, fewer steps. Each seed
 * is a simulated account living through faulted and clean runs (campaign.ts); a failure prints the
 * violated invariants, the fault schedules and the one-line command that replays the seed.
 */
import { useEmulator } from '../integration/support/fixture';
import { runSeed } from './campaign';

const fx = useEmulator({ resetBeforeEach: false }); // runSeed resets the emulator itself
const CI_SEEDS = [1, 2, 3, 4, 5];
const CI_STEPS = 4;

describe('seeded fault schedules (short form of npm run reliability)', () => {
  it.each(CI_SEEDS)(
    'seed %i: every invariant holds after every faulted, clean and convergence run',
    async (seed) => {
      // Act
      const result = fx.seen(await runSeed(fx.emulator, seed, { steps: CI_STEPS }));

      // Assess: the schedules ran, and nothing broke (the replay line and story say how to look closer)
      expect(result.faultedRuns).toBe(CI_STEPS);
      const failure = result.violations.length
        ? { replay: result.replay, violations: result.violations, story: result.story }
        : undefined;
      expect(failure).toBeUndefined();
    },
    120_000,
  );
});

/**
 * The short form of `npm run reliability -- --overlap N` for CI: a few seeds of overlapping-run trials
 * (overlap.ts) on an account deployed as the module deploys it. A failure prints the violations, the
 * seed's story (every run of every trial and what it did) and the one-line command that replays it.
 */
import { useEmulator } from '../integration/support/fixture';
import { runOverlapSeed } from './overlap';

const fx = useEmulator({ resetBeforeEach: false }); // runOverlapSeed resets the emulator itself
const CI_SEEDS = [1, 2, 3];
const CI_TRIALS = 4;

describe('overlapping runs (short form of npm run reliability -- --overlap)', () => {
  it.each(CI_SEEDS)(
    'seed %i: 2-5 runs started together, scheduled and CloudTrail-triggered: every invariant holds after every trial',
    async (seed) => {
      // Act
      const result = fx.seen(await runOverlapSeed(fx.emulator, seed, { trials: CI_TRIALS }));

      // Assess: the trials ran with overlapping runs, and nothing broke
      expect(result.trials).toBe(CI_TRIALS);
      expect(result.runs).toBeGreaterThanOrEqual(2 * CI_TRIALS);
      const failure = result.violations.length
        ? { replay: result.replay, violations: result.violations, story: result.story }
        : undefined;
      expect(failure).toBeUndefined();
    },
    60_000,
  );

  it('without the coordination table the same checks find repeated notices (the checks bite)', async () => {
    // Act: seed 2's story, the engine deployed without COORDINATION_TABLE
    const result = fx.seen(
      await runOverlapSeed(fx.emulator, 2, { trials: 6, coordination: false }),
    );

    // Assess
    const repeated = result.violations.filter((v) => v.invariant === 'notice-at-most-once');
    expect(repeated.length).toBeGreaterThan(0);
  }, 60_000);
});

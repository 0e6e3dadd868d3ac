/**
 * Per-file emulator lifecycle for jest: start in beforeAll, reset before each test, leak-check after
 * each test, stop in afterAll. The SDK environment (endpoint, region, fake credentials) is set for
 * the whole file and restored afterwards.
 */
import { startEmulator, type Emulator } from '../../../scripts/emulator/emulator';
import { assertNoLeaks } from './leak-guard';

const START_TIMEOUT_MS = 90_000;
const TEST_TIMEOUT_MS = 120_000;

export interface EmulatorFixture {
  /** The running emulator; only valid inside hooks and tests. */
  readonly emulator: Emulator;
  /** Hand every handler result and caught error to the leak guard; returns `value` unchanged. */
  seen<T>(value: T): T;
}

export interface FixtureOptions {
  /**
   * Reset the emulator before each test. Scenario files that build one history in `beforeAll` and
   * assert on it in several tests turn this off.
   * @default true
   */
  readonly resetBeforeEach?: boolean;
}

export function useEmulator(options: FixtureOptions = {}): EmulatorFixture {
  const resetBeforeEach = options.resetBeforeEach ?? true;
  let emulator: Emulator | undefined;
  let seenValues: unknown[] = [];
  const savedEnv: Record<string, string | undefined> = {};
  jest.setTimeout(TEST_TIMEOUT_MS);

  beforeAll(async () => {
    emulator = await startEmulator();
    seenValues = [];
    for (const [name, value] of Object.entries(emulator.env())) {
      savedEnv[name] = process.env[name];
      process.env[name] = value;
    }
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    for (const [name, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await emulator?.stop();
  });

  beforeEach(async () => {
    seenValues = [];
    if (resetBeforeEach) await running().reset();
  });

  afterEach(async () => {
    await assertNoLeaks(running(), seenValues);
  });

  function running(): Emulator {
    if (!emulator) throw new Error('the emulator is not running: use it inside a test or hook');
    return emulator;
  }

  return {
    get emulator() {
      return running();
    },
    seen<T>(value: T): T {
      seenValues.push(value);
      return value;
    },
  };
}

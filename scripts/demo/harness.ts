/**
 * The one place the demo (and its page test) imports the emulator harness from, so moving the harness
 * changes one file.
 */
export { startEmulator, type Emulator } from '../../__tests__/integration/harness/emulator';
export { seedUsers, DAY_MS, type SeedUser } from '../../__tests__/integration/harness/seed';
export { createWorld } from '../../__tests__/integration/harness/world';
export { readCurrentKey } from '../../__tests__/integration/harness/workload';

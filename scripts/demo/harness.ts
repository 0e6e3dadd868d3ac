/**
 * The one place the demo (and its page test) imports the emulator harness from, so moving the harness
 * changes one file.
 */
export { startEmulator, type Emulator } from '../emulator/emulator';
export { seedUsers, DAY_MS, type SeedUser } from '../emulator/seed';
export { createWorld } from '../emulator/world';
export { readCurrentKey } from '../emulator/workload';

/**
 * One campaign account deployed as the module deploys the engine: the SNS topic with its inbox, the
 * coordination table (COORDINATION_TABLE) and the state-tag MAC key (STATE_MAC_KEY_ID). The same as
 * `createWorld(emulator, { coordination: true, stateMac: true })`, with the engine's environment kept,
 * because overlapping runs and twin accounts need several drivers (one per Lambda container), each with
 * its own SDK clients and that same configuration.
 */
import type { Emulator } from '../../scripts/emulator/emulator';
import { createWorld, type World } from '../../scripts/emulator/world';
import { ENGINE_ENV } from './account';

export interface Deployed {
  readonly world: World;
  /** The engine's environment variables, as the module sets them. */
  readonly env: Readonly<Record<string, string>>;
}

export async function deployAccount(
  emulator: Emulator,
  extraEnv: Readonly<Record<string, string>> = {},
): Promise<Deployed> {
  await emulator.reset();
  const world = await createWorld(emulator, {
    env: { ...ENGINE_ENV, ...extraEnv },
    coordination: true,
    stateMac: true,
  });
  return { world, env: world.env };
}

/**
 * One simulated account for a test or the demo: an SNS topic with a queue subscriber, the engine
 * configured through its environment variables, and a simulated clock shared by IAM and the engine.
 */
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { createCoordinationTable } from './coordination-table';
import { createStateMacKey } from './state-mac-key';
import type { Emulator } from './emulator';
import { engineDriver, type EngineDriver, type EngineDriverOptions } from './engine';
import { subscribeInbox, type Inbox } from './sns-inbox';
import { DAY_MS } from './seed';
import type { RunSummary } from '../../lambda/engine/summary';

export interface WorldOptions {
  readonly mode?: 'enforce' | 'report';
  /** More engine variables (ROTATION_DAYS, USER_PATH_PREFIX, ...). */
  readonly env?: Readonly<Record<string, string>>;
  readonly failCredentialReport?: boolean;
  readonly prepareClients?: EngineDriverOptions['prepareClients'];
  /** Simulated day 0. */
  readonly start?: Date;
  /**
   * Create the coordination table in the emulator and set COORDINATION_TABLE.
   * @default false (the engine runs without cross-run coordination)
   */
  readonly coordination?: boolean;
  /**
   * Create an HMAC_256 KMS key in the emulator and set STATE_MAC_KEY_ID to its ARN, as the module does.
   * @default false (state tags unsigned)
   */
  readonly stateMac?: boolean;
}

export const DEFAULT_START = new Date('2030-01-07T09:00:00.000Z');

export interface World {
  readonly topicArn: string;
  /** The engine's environment (MODE, SNS_TOPIC_ARN, COORDINATION_TABLE, …), for more drivers like it. */
  readonly env: Readonly<Record<string, string>>;
  readonly inbox: Inbox;
  readonly engine: EngineDriver;
  readonly start: Date;
  /** The simulated instant of `day` (whole days after start). */
  at(day: number): Date;
  /** Move IAM's clock to `day`; returns that instant. */
  goTo(day: number): Promise<Date>;
  /** Run the engine at `day` (moving the clock there first). */
  runOn(day: number, event?: unknown): Promise<RunSummary>;
}

export async function createWorld(emulator: Emulator, options: WorldOptions = {}): Promise<World> {
  const start = options.start ?? DEFAULT_START;
  const { TopicArn } = await new SNSClient({}).send(
    new CreateTopicCommand({ Name: 'key-lifecycle' }),
  );
  const topicArn = TopicArn!;
  const inbox = await subscribeInbox(topicArn);
  const coordinationEnv: Record<string, string> = options.coordination
    ? { COORDINATION_TABLE: await createCoordinationTable() }
    : {};
  const macEnv: Record<string, string> = options.stateMac
    ? { STATE_MAC_KEY_ID: await createStateMacKey() }
    : {};
  const env = {
    MODE: options.mode ?? 'enforce',
    SNS_TOPIC_ARN: topicArn,
    ...coordinationEnv,
    ...macEnv,
    ...options.env,
  };
  const engine = engineDriver({
    env,
    ...(options.failCredentialReport ? { failCredentialReport: true } : {}),
    ...(options.prepareClients ? { prepareClients: options.prepareClients } : {}),
  });
  const at = (day: number) => new Date(start.getTime() + day * DAY_MS);
  const goTo = async (day: number) => {
    const when = at(day);
    await emulator.setClock(when);
    return when;
  };
  await goTo(0);
  return {
    topicArn,
    env,
    inbox,
    engine,
    start,
    at,
    goTo,
    async runOn(day, event) {
      return engine.run(await goTo(day), event);
    },
  };
}

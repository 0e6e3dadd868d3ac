/**
 * The coordination table written by someone else (docs/threat-model.md, "The coordination table"),
 * through the real handler deployed as the module deploys it (state MAC key on): planted notice items
 * publish no foreign text and silence nothing; budget slots deleted or edited to look free count as
 * spent. The subject is `idle`, whose key is deactivated as unused on day 0 when the budget allows.
 */
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { plantPendingNotice, plantSentRecord } from '../../../scripts/emulator/coordination-plant';
import { COORDINATION_TABLE_NAME } from '../../../scripts/emulator/coordination-table';
import { category, type BadInputCase } from './case';
import { actionsAre } from './checks';
import { probe, type Arranged } from './probe';

const FOREIGN_TEXT = 'call 555-0100 and read out your secret key';

interface Input {
  readonly arrange: (a: Arranged) => Promise<void>;
  readonly env?: Readonly<Record<string, string>>;
}

interface Expected {
  /** The run's actions, as checks.ts actionsAre writes them. */
  readonly actions: readonly string[];
  /** `<event> <user>` of every notice published besides RUN_SUMMARY. */
  readonly notices: readonly string[];
  /** How many coordination-item-untrusted warnings the run gives. */
  readonly untrusted: number;
}

type Row = BadInputCase<Input, Expected>;

async function slot(n: number, at: number): Promise<void> {
  await new DynamoDBClient({}).send(
    new PutItemCommand({
      TableName: COORDINATION_TABLE_NAME,
      Item: {
        pk: { S: 'budget' },
        sk: { S: `slot#${n}` },
        at: { N: String(at) },
        owner: { S: 'planted' },
      },
    }),
  );
}

export const TABLE_CASES: readonly Row[] = [
  {
    name: 'a planted "sent" record for idle’s KEY_DEACTIVATED: the key is deactivated and announced',
    input: {
      arrange: ({ world, keys }) =>
        plantSentRecord(`KEY_DEACTIVATED#idle#${keys.idle![0]}`, world.at(0)),
    },
    expected: {
      actions: ['idle deactivate done', 'due create done'],
      notices: ['KEY_CREATED due', 'KEY_DEACTIVATED idle'],
      untrusted: 1,
    },
  },
  {
    name: 'a planted pending notice with foreign text: nothing of it published, the entry withdrawn',
    input: {
      arrange: ({ world, keys }) =>
        plantPendingNotice(
          'ROTATION_BLOCKED#calm#planted',
          {
            event: 'ROTATION_BLOCKED',
            user: 'calm',
            accessKeyId: keys.calm![0],
            mode: 'enforce',
            block: { userName: 'calm', accessKeyId: keys.calm![0], reason: FOREIGN_TEXT },
          },
          world.at(0),
        ),
    },
    expected: {
      actions: ['idle deactivate done', 'due create done'],
      notices: ['KEY_CREATED due', 'KEY_DEACTIVATED idle'],
      untrusted: 1,
    },
  },
  {
    name: 'a budget slot planted free without a valid MAC (edited): counted spent, idle kept',
    input: { arrange: () => slot(0, 0), env: { MAX_DESTRUCTIVE_ACTIONS: '1' } },
    expected: {
      actions: ['due create done', 'idle deactivate blocked'],
      notices: ['KEY_CREATED due', 'CIRCUIT_BREAKER_TRIPPED -'],
      untrusted: 1,
    },
  },
  {
    name: 'a budget slot deleted while another exists: counted spent, idle kept',
    input: {
      arrange: ({ world }) => slot(0, world.at(0).getTime() - 60_000),
      env: { MAX_DESTRUCTIVE_ACTIONS: '2' },
    },
    expected: {
      actions: ['due create done'],
      notices: ['KEY_CREATED due', 'CIRCUIT_BREAKER_TRIPPED -'],
      untrusted: 1,
    },
  },
];

export const COORDINATION_TABLE = category<Input, Expected>({
  category: 'coordination-table',
  tried:
    'planted sent records and pending notices with foreign text, budget slots deleted or edited to look free, through the real handler with the state MAC key on',
  level: 'emulator',
  cases: TABLE_CASES,
  async evaluate(row, emulator) {
    const r = await probe(emulator, { env: row.input.env ?? {}, arrange: row.input.arrange });
    const e = row.expected;
    const broken = [...actionsAre(r, e.actions)];
    const notes = (await r.world.inbox.drain()).filter((n) => n.event !== 'RUN_SUMMARY');
    const seen = notes.map((n) => `${n.event} ${n.user}`).sort();
    if (JSON.stringify(seen) !== JSON.stringify([...e.notices].sort()))
      broken.push(`published ${JSON.stringify(seen)}, expected ${JSON.stringify(e.notices)}`);
    if (notes.some((n) => n.raw.includes('555-0100')))
      broken.push('a published notice carries text planted in the table');
    const untrusted = (r.summary?.warnings ?? []).filter(
      (w) => w.code === 'coordination-item-untrusted',
    );
    if (untrusted.length !== e.untrusted)
      broken.push(
        `${untrusted.length} coordination-item-untrusted warning(s), expected ${e.untrusted}: ${JSON.stringify(untrusted)}`,
      );
    return broken;
  },
});

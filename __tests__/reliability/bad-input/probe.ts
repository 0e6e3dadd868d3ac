/**
 * One bad-input case against the emulator: a fresh account deployed as the module deploys it (coordination
 * table, state MAC key), seeded users, the case's own arrangement (tags, secrets), a snapshot, one run of the
 * real handler with every AWS call recorded, and a second snapshot. The catalogue's checks (checks.ts) read
 * the result; nothing here decides whether the case passed.
 */
import type { AwsClients } from '../../../lambda/aws/clients';
import type { RunSummary } from '../../../lambda/engine/summary';
import { recordCalls, type RecordedCall } from '../../../scripts/emulator/call-recorder';
import type { Emulator } from '../../../scripts/emulator/emulator';
import { snapshotAccount, type AccountSnapshot } from '../../../scripts/emulator/aws-state';
import { seedUsers, type SeededKeys, type SeedUser } from '../../../scripts/emulator/seed';
import { createWorld, type World } from '../../../scripts/emulator/world';

/**
 * The account every emulator case starts from unless it brings its own users: on day 0 `due` needs a
 * replacement key (age 100 > 90), `idle` is deactivated as unused (60 days idle > 45) and `calm` needs nothing.
 */
export const STANDARD_USERS: readonly SeedUser[] = [
  { name: 'due', keys: [{ ageDays: 100, lastUsedDaysAgo: 1 }] },
  { name: 'idle', keys: [{ ageDays: 200, lastUsedDaysAgo: 60 }] },
  { name: 'calm', keys: [{ ageDays: 10, lastUsedDaysAgo: 1 }] },
];

export interface Arranged {
  readonly world: World;
  readonly keys: SeededKeys;
}

export interface ProbeInput {
  /** Engine variables over the module's (MODE=enforce, SNS_TOPIC_ARN, COORDINATION_TABLE, STATE_MAC_KEY_ID). */
  readonly env?: Readonly<Record<string, string>>;
  /** @default the scheduled event */
  readonly event?: unknown | ((a: Arranged) => unknown);
  /** @default STANDARD_USERS */
  readonly users?: readonly SeedUser[];
  /** Tags, secrets, … written after seeding and before the first snapshot. */
  readonly arrange?: (a: Arranged) => Promise<void>;
  /** Rewrites the credential report's CSV as IAM returns it (content moto cannot produce). */
  readonly report?: (csv: string, a: Arranged) => string;
}

export interface ProbeResult extends Arranged {
  readonly summary?: RunSummary;
  readonly error?: Error;
  /** Every AWS call of the probed run (not of the seeding or the snapshots). */
  readonly calls: readonly RecordedCall[];
  readonly before: AccountSnapshot;
  readonly after: AccountSnapshot;
}

export async function probe(emulator: Emulator, input: ProbeInput): Promise<ProbeResult> {
  await emulator.reset();
  const calls: RecordedCall[] = [];
  const late: { arranged?: Arranged } = {}; // the report rewriter needs the seeded keys
  const world = await createWorld(emulator, {
    coordination: true,
    stateMac: true,
    env: input.env ?? {},
    prepareClients: (clients) => {
      recordCalls(clients, calls);
      if (input.report) rewriteReport(clients, (csv) => input.report!(csv, late.arranged!));
    },
  });
  const keys = await seedUsers(emulator, input.users ?? STANDARD_USERS, world.at(0));
  const arranged = { world, keys };
  late.arranged = arranged;
  await input.arrange?.(arranged);
  const event = typeof input.event === 'function' ? input.event(arranged) : input.event;
  const before = await snapshotAccount();
  calls.length = 0; // only the probed run's calls count
  let summary: RunSummary | undefined;
  let error: Error | undefined;
  try {
    summary = await world.runOn(0, event);
  } catch (err) {
    error = err instanceof Error ? err : new Error(String(err));
  }
  const probed = [...calls];
  const after = await snapshotAccount();
  return { world, keys, summary, error, calls: probed, before, after };
}

function rewriteReport(clients: AwsClients, rewrite: (csv: string) => string): void {
  clients.iam.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName !== 'GetCredentialReportCommand') return result;
      const output = result.output as { Content?: Uint8Array };
      const csv = new TextDecoder().decode(output.Content ?? new Uint8Array());
      output.Content = new TextEncoder().encode(rewrite(csv));
      return result;
    },
    { step: 'initialize', name: 'badInputRewriteCredentialReport' },
  );
}

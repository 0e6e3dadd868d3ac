/**
 * Against the emulator, with the fault injector: CreateAccessKey's answer is lost (the request reached
 * IAM, the engine never saw the result) while someone else writes to the same user. The engine re-reads
 * and judges the key that appeared on evidence (docs/lifecycle.md, "CreateAccessKey is never retried
 * blindly"): a person's key and an overlapping run's stored replacement are never touched; the engine's
 * own key is deleted again only when the evidence proves it its own, as a budgeted, announced action.
 */
import { CreateAccessKeyCommand, IAMClient } from '@aws-sdk/client-iam';
import { useEmulator } from './support/fixture';
import type { AwsClients } from '../../lambda/aws/clients';
import type { RunSummary } from '../../lambda/engine/summary';
import { coordinationItems } from '../../scripts/emulator/coordination-table';
import { engineDriver } from '../../scripts/emulator/engine';
import { injectFaults, runUnderFaults } from '../../scripts/emulator/faults';
import { keysOf, tagsOf } from '../../scripts/emulator/inspect';
import { seedUsers } from '../../scripts/emulator/seed';
import { readCurrentKey } from '../../scripts/emulator/workload';
import { createWorld, type World } from '../../scripts/emulator/world';
import { rememberKeyMaterial } from '../support/key-material';

const fx = useEmulator();
const USER = 'due';
const SECRET = `iam-access-key/${USER}`;
const HALF_HOUR_MS = 30 * 60_000;
const markers = async () =>
  Object.keys(await tagsOf(USER)).filter((k) => k.startsWith('key-lifecycle:pending-create'));

async function dueAccount(): Promise<{ world: World; inUse: string }> {
  const world = await createWorld(fx.emulator, { coordination: true });
  const seeded = await seedUsers(
    fx.emulator,
    [{ name: USER, keys: [{ ageDays: 95, lastUsedDaysAgo: 1 }] }],
    world.at(0),
  );
  await world.inbox.drain();
  return { world, inUse: seeded[USER]![0]! };
}

type Before = (command: string, input: Record<string, unknown>) => Promise<void>;

/** Runs `fn` before each IAM call of the engine reaches the emulator (someone else acting meanwhile). */
function before(clients: AwsClients, fn: Before): void {
  clients.iam.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName ?? '').replace(/Command$/, '');
      await fn(command, args.input as Record<string, unknown>);
      return next(args);
    },
    { step: 'initialize', name: 'testSomeoneElseActsFirst' },
  );
}

/** One engine run whose CreateAccessKey answer is lost, with `meanwhile` acting before its IAM calls. */
async function runWithLostCreate(world: World, meanwhile: Before = async () => undefined) {
  const faults = injectFaults({
    seed: 1,
    rules: [{ kind: 'lost-response', command: 'CreateAccessKey', attempt: 1 }],
  });
  const driver = engineDriver({
    env: world.env,
    prepareClients: (clients) => {
      faults.attach(clients);
      before(clients, meanwhile);
    },
  });
  const outcome = await runUnderFaults(faults, () => driver.run(world.at(0)));
  expect(faults.injections).toEqual([expect.objectContaining({ kind: 'lost-response' })]);
  if (!('summary' in outcome)) throw new Error(`the run did not finish: ${faults.describe()}`);
  return fx.seen(outcome.summary);
}

async function cleanRunLater(world: World): Promise<RunSummary> {
  const later = new Date(world.at(0).getTime() + HALF_HOUR_MS);
  await fx.emulator.setClock(later);
  return fx.seen(await world.engine.run(later));
}

const createLine = (summary: RunSummary) => summary.actions.find((a) => a.action === 'create');

describe('a lost CreateAccessKey answer while someone else writes to the user', () => {
  it('leaves a key the owner created moments before the attempt alone, and reports it', async () => {
    // Prepare: right before the engine's CreateAccessKey reaches IAM, the owner creates a key (its
    // CreateDate ten seconds before the attempt), so IAM refuses the engine's create; that answer is lost.
    const { world, inUse } = await dueAccount();
    let personKey = '';
    const ownerCreatesKey: Before = async (command) => {
      if (command !== 'CreateAccessKey' || personKey) return;
      await fx.emulator.setClock(new Date(world.at(0).getTime() - 10_000));
      const { AccessKey } = await new IAMClient({}).send(
        new CreateAccessKeyCommand({ UserName: USER }),
      );
      rememberKeyMaterial(AccessKey!.SecretAccessKey!);
      personKey = AccessKey!.AccessKeyId!;
      await fx.emulator.setClock(world.at(0));
    };

    // Act
    const summary = await runWithLostCreate(world, ownerCreatesKey);

    // Assess: both keys Active, nothing deleted, the run says which key it could not place and why
    expect(await keysOf(USER)).toEqual({ [inUse]: 'Active', [personKey]: 'Active' });
    expect(createLine(summary)?.outcome).toBe('failed');
    expect(summary.errors).toContainEqual(
      expect.objectContaining({
        severity: 'critical',
        message: expect.stringMatching(
          new RegExp(`access key ${personKey} appeared and the engine cannot tell.*left alone`),
        ),
      }),
    );
    expect(await markers()).toHaveLength(1);

    // Act: the owner puts the key to use; a run past the marker's horizon
    await fx.emulator.backdateKey(USER, personKey, {
      lastUsed: new Date(world.at(0).getTime() + 60_000),
    });
    const later = await cleanRunLater(world);

    // Assess: a used key is nobody's orphan; the marker is settled and removed, nothing is switched off
    expect(later.actions.filter((a) => a.action === 'deactivate' || a.action === 'delete')).toEqual(
      [],
    );
    expect(await keysOf(USER)).toEqual({ [inUse]: 'Active', [personKey]: 'Active' });
    expect(await markers()).toEqual([]);
  });

  it('never touches an overlapping run’s replacement that is stored as AWSCURRENT', async () => {
    // Prepare: right before this run writes its marker, an overlapping run rotates the user completely
    // (creates, stores, verifies, tags); this run's CreateAccessKey is then refused, and the answer lost.
    const { world, inUse } = await dueAccount();
    let overlapped: RunSummary | undefined;
    const overlappingRun: Before = async (command, input) => {
      const tags = (input.Tags ?? []) as { Key?: string }[];
      if (command !== 'TagUser' || overlapped) return;
      if (!tags.some((t) => t.Key?.includes('pending-create'))) return;
      overlapped = fx.seen(await world.engine.run(world.at(0)));
    };

    // Act
    const summary = await runWithLostCreate(world, overlappingRun);

    // Assess
    const replacement = createLine(overlapped!)?.newAccessKeyId;
    expect(createLine(overlapped!)?.outcome).toBe('done');
    const stored = await readCurrentKey(SECRET);
    if (stored) rememberKeyMaterial(stored.secretAccessKey);
    expect(stored?.accessKeyId).toBe(replacement);
    expect(await keysOf(USER)).toEqual({ [inUse]: 'Active', [replacement!]: 'Active' });
    expect(createLine(summary)?.outcome).toBe('skipped-concurrent');
    expect(summary.errors).toContainEqual(
      expect.objectContaining({
        message: expect.stringContaining(
          `access key ${replacement} appeared, but it is not this attempt's (the user's secret holds it`,
        ),
      }),
    );
    // This attempt made nothing, so its marker is gone: nothing can later take the replacement for an orphan.
    expect(await markers()).toEqual([]);
  });

  it('deletes its own lost key again, with a budget slot and a notice, when nobody else wrote', async () => {
    // Prepare
    const { world, inUse } = await dueAccount();
    // Slot items are never deleted (a free one has at=0): count the claimed ones.
    const claimedSlots = async () =>
      (await coordinationItems('budget')).filter((item) => Number(item.at ?? '0') > 0).length;
    const slotsBefore = await claimedSlots();

    // Act
    const summary = await runWithLostCreate(world);

    // Assess
    expect(createLine(summary)?.outcome).toBe('rolled-back');
    expect(await keysOf(USER)).toEqual({ [inUse]: 'Active' });
    expect(await markers()).toEqual([]);
    expect(await claimedSlots()).toBe(slotsBefore + 1);
    const notices = await world.inbox.drain();
    const rolledBack = notices.filter(
      (n) =>
        n.event === 'RUN_FAILED' && n.raw.includes('appeared without its secret and was deleted'),
    );
    expect(rolledBack).toHaveLength(1);
  });

  it('leaves its own lost key for a later run when MAX_DESTRUCTIVE_ACTIONS is 0, and says so', async () => {
    // Prepare
    const { world, inUse } = await dueAccount();
    const zeroBudget = { ...world, env: { ...world.env, MAX_DESTRUCTIVE_ACTIONS: '0' } };

    // Act
    const summary = await runWithLostCreate(zeroBudget);

    // Assess: nothing deleted; the marker stays so the key is never mistaken for a person's
    const keys = await keysOf(USER);
    expect(Object.values(keys)).toEqual(['Active', 'Active']);
    expect(keys[inUse]).toBe('Active');
    expect(createLine(summary)?.outcome).toBe('failed');
    expect(summary.errors).toContainEqual(
      expect.objectContaining({
        severity: 'critical',
        message: expect.stringContaining('destructive-action budget'),
      }),
    );
    expect(await markers()).toHaveLength(1);
  });
});

/**
 * The `POST /seed-bulk` hook (emulator.seedBulk): many users with back-dated keys in one request,
 * deterministic for a seed, and all-or-nothing when the spec is wrong. `npm run bench` relies on it.
 */
import {
  GetAccessKeyLastUsedCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListGroupsForUserCommand,
  ListUsersCommand,
  type AccessKeyMetadata,
} from '@aws-sdk/client-iam';
import type { BulkCohort } from '../../scripts/emulator/emulator';
import { useEmulator } from './support/fixture';

const DAY_MS = 86_400_000;
const NOW = new Date('2030-01-07T09:00:00.000Z');
const fx = useEmulator();
const iam = () => new IAMClient({});

const COHORTS: readonly BulkCohort[] = [
  { namePrefix: 'fresh-', count: 3, keys: [{ ageDays: [0, 10], lastUsedDaysAgo: [0, 2] }] },
  {
    namePrefix: 'pair-',
    count: 2,
    path: '/team/',
    tags: { team: 'data' },
    groups: ['key-lifecycle-exempt'],
    keys: [
      { ageDays: 120, lastUsedDaysAgo: null, status: 'Inactive' },
      { ageDays: [30, 40], lastUsedDaysAgo: 5 },
    ],
  },
];

/** Whole days between `now` and `date`, as the lifecycle rules count them. */
function daysAgo(date: Date | undefined): number {
  return Math.floor((NOW.getTime() - (date?.getTime() ?? NaN)) / DAY_MS);
}

async function keysOf(userName: string): Promise<AccessKeyMetadata[]> {
  const { AccessKeyMetadata = [] } = await iam().send(
    new ListAccessKeysCommand({ UserName: userName }),
  );
  return AccessKeyMetadata.sort((a, b) => a.CreateDate!.getTime() - b.CreateDate!.getTime());
}

async function createDates(): Promise<Record<string, string[]>> {
  const { Users = [] } = await iam().send(new ListUsersCommand({}));
  const dates: Record<string, string[]> = {};
  for (const u of Users)
    dates[u.UserName!] = (await keysOf(u.UserName!)).map((k) => k.CreateDate!.toISOString());
  return dates;
}

describe('emulator.seedBulk', () => {
  it('creates every cohort and reports the counts', async () => {
    // Act
    const result = await fx.emulator.seedBulk({ now: NOW, cohorts: COHORTS });

    // Assess
    expect(result).toEqual({ users: 5, keys: 7, cohorts: { 'fresh-': 3, 'pair-': 2 } });
    const { Users = [] } = await iam().send(new ListUsersCommand({}));
    expect(Users.map((u) => u.UserName).sort()).toEqual([
      'fresh-00000',
      'fresh-00001',
      'fresh-00002',
      'pair-00000',
      'pair-00001',
    ]);
  });

  it('dates, uses and sets the status of each key within its cohort ranges', async () => {
    // Act
    await fx.emulator.seedBulk({ now: NOW, cohorts: COHORTS });
    const [inactive, current] = await keysOf('pair-00001');
    const fresh = (await keysOf('fresh-00002'))[0];
    const freshUse = await iam().send(
      new GetAccessKeyLastUsedCommand({ AccessKeyId: fresh!.AccessKeyId! }),
    );
    const inactiveUse = await iam().send(
      new GetAccessKeyLastUsedCommand({ AccessKeyId: inactive!.AccessKeyId! }),
    );

    // Assess
    expect(daysAgo(inactive!.CreateDate)).toBe(120);
    expect(inactive!.Status).toBe('Inactive');
    expect(inactiveUse.AccessKeyLastUsed?.LastUsedDate).toBeUndefined();
    expect(daysAgo(current!.CreateDate)).toBeGreaterThanOrEqual(30);
    expect(daysAgo(current!.CreateDate)).toBeLessThanOrEqual(40);
    expect(current!.Status).toBe('Active');
    expect(daysAgo(fresh!.CreateDate)).toBeLessThanOrEqual(10);
    // Last use is never before the key existed.
    expect(freshUse.AccessKeyLastUsed!.LastUsedDate!.getTime()).toBeGreaterThanOrEqual(
      fresh!.CreateDate!.getTime(),
    );
  });

  it('gives users the cohort path, tags and groups', async () => {
    // Act
    await fx.emulator.seedBulk({ now: NOW, cohorts: COHORTS });
    const { User } = await iam().send(new GetUserCommand({ UserName: 'pair-00000' }));
    const { Groups = [] } = await iam().send(
      new ListGroupsForUserCommand({ UserName: 'pair-00000' }),
    );

    // Assess
    expect(User?.Path).toBe('/team/');
    expect(User?.Tags).toEqual([{ Key: 'team', Value: 'data' }]);
    expect(Groups.map((g) => g.GroupName)).toEqual(['key-lifecycle-exempt']);
  });

  it('draws the same dates for the same seed', async () => {
    // Prepare
    await fx.emulator.seedBulk({ now: NOW, seed: 7, cohorts: COHORTS });
    const first = await createDates();
    await fx.emulator.reset();

    // Act
    await fx.emulator.seedBulk({ now: NOW, seed: 7, cohorts: COHORTS });

    // Assess
    expect(await createDates()).toEqual(first);
  });

  it.each([
    ['an inverted range', { ageDays: [10, 2] }, 'cohorts[0].keys[0].ageDays'],
    ['a negative age', { ageDays: -1 }, 'cohorts[0].keys[0].ageDays'],
    ['an unknown status', { ageDays: 1, status: 'Deleted' }, 'cohorts[0].keys[0].status'],
  ])('rejects %s, naming the field, and creates nothing', async (_case, key, field) => {
    // Prepare
    const cohorts = [
      { namePrefix: 'bad-', count: 2, keys: [key] },
    ] as unknown as readonly BulkCohort[];

    // Act
    const attempt = fx.emulator.seedBulk({ now: NOW, cohorts });

    // Assess
    await expect(attempt).rejects.toThrow(field);
    const { Users = [] } = await iam().send(new ListUsersCommand({}));
    expect(Users).toEqual([]);
  });

  it('refuses names that already exist instead of failing half-way', async () => {
    // Prepare
    await fx.emulator.seedBulk({ now: NOW, cohorts: COHORTS });

    // Act
    const again = fx.emulator.seedBulk({ now: NOW, cohorts: COHORTS });

    // Assess
    await expect(again).rejects.toThrow(/already taken.*fresh-00000/);
  });
});

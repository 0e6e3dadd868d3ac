/**
 * Seeds IAM users with keys that have a history: each key is created, then back-dated relative to
 * the simulated `now` (CreateDate and last-used), and optionally made Inactive.
 */
import {
  AddUserToGroupCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateUserCommand,
  IAMClient,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { DAY_MS } from '../../lambda/core/model/time';
import type { Emulator } from './emulator';
import type { Credentials } from './workload';

export { DAY_MS };

export interface SeedKey {
  readonly ageDays: number;
  /** Days before `now` the key was last used; omitted = never used. */
  readonly lastUsedDaysAgo?: number;
  readonly status?: 'Active' | 'Inactive';
}

export interface SeedUser {
  readonly name: string;
  readonly path?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly groups?: readonly string[];
  readonly keys: readonly SeedKey[];
}

/** User name → AccessKeyIds in the order of `keys`. */
export type SeededKeys = Readonly<Record<string, readonly string[]>>;

export function daysBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/**
 * `holders`: user name → a callback that receives each of the user's seeded keys with its secret, for a
 * simulated workload that signs its own calls (signed-caller.ts). Other users' secrets never leave.
 */
export async function seedUsers(
  emulator: Emulator,
  users: readonly SeedUser[],
  now: Date,
  iam = new IAMClient({}),
  holders: Readonly<Record<string, (key: Credentials) => void>> = {},
): Promise<SeededKeys> {
  const groups = new Set(users.flatMap((u) => u.groups ?? []));
  for (const GroupName of groups) await iam.send(new CreateGroupCommand({ GroupName }));
  const seeded: Record<string, string[]> = {};
  for (const user of users)
    seeded[user.name] = await seedUser(emulator, iam, user, now, holders[user.name]);
  return seeded;
}

async function seedUser(
  emulator: Emulator,
  iam: IAMClient,
  user: SeedUser,
  now: Date,
  holder?: (key: Credentials) => void,
): Promise<string[]> {
  await iam.send(
    new CreateUserCommand({
      UserName: user.name,
      Path: user.path ?? '/',
      Tags: Object.entries(user.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
    }),
  );
  for (const GroupName of user.groups ?? []) {
    await iam.send(new AddUserToGroupCommand({ GroupName, UserName: user.name }));
  }
  const ids: string[] = [];
  for (const key of user.keys) {
    // Only the id leaves this function, unless a workload holds the key (it signs its own calls).
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: user.name }));
    const accessKeyId = AccessKey!.AccessKeyId!;
    holder?.({ accessKeyId, secretAccessKey: AccessKey!.SecretAccessKey! });
    await emulator.backdateKey(user.name, accessKeyId, {
      createDate: daysBefore(now, key.ageDays),
      lastUsed: key.lastUsedDaysAgo === undefined ? null : daysBefore(now, key.lastUsedDaysAgo),
    });
    if (key.status === 'Inactive') {
      await iam.send(
        new UpdateAccessKeyCommand({
          UserName: user.name,
          AccessKeyId: accessKeyId,
          Status: 'Inactive',
        }),
      );
    }
    ids.push(accessKeyId);
  }
  return ids;
}

/**
 * The UserDirectory port's contract (lambda/engine/ports.ts) on both implementations: the IAM adapter
 * (aws/users.ts, aws/credential-report.ts) over the SDK fake (aws-sdk-client-mock), and the in-memory
 * account the engine's unit tests run on.
 */
import { iamUserDirectory } from '../../../lambda/aws/users';
import type { UserDirectory } from '../../../lambda/engine/ports';
import * as memory from '../engine/support/fake-account';
import * as sdk from './support/sdk-account';

interface Account {
  addUser(
    name: string,
    keys?: Partial<sdk.FakeKey>[],
    extra?: Partial<sdk.FakeUser>,
  ): { keys: sdk.FakeKey[] };
  credentialReport: 'available' | Error;
}

const NO_WAIT = { maxTries: 3, intervalMs: 0, sleep: async () => undefined };

const IMPLEMENTATIONS: readonly [
  string,
  () => { account: Account; directory: UserDirectory; fault: (name: string) => Error },
][] = [
  [
    'the IAM adapter',
    () => {
      const account = new sdk.FakeAccount();
      return { account, directory: iamUserDirectory(account.iam, NO_WAIT), fault: sdk.awsError };
    },
  ],
  [
    'the in-memory fake',
    () => {
      const account = new memory.FakeAccount();
      return { account, directory: account.directory, fault: memory.awsError };
    },
  ],
];

describe.each(IMPLEMENTATIONS)('UserDirectory contract: %s', (_impl, make) => {
  it('lists every user with path, tags and groups', async () => {
    // Prepare
    const { account, directory } = make();
    account.addUser('alice', [], { path: '/ci/', tags: { team: 'a' }, groups: ['devs'] });

    // Act
    const users = await directory.listUsers();

    // Assess
    expect(users).toEqual([
      {
        userName: 'alice',
        path: '/ci/',
        arn: 'arn:aws:iam::123456789012:user/ci/alice',
        tags: { team: 'a' },
        groups: ['devs'],
      },
    ]);
  });

  it('reports a named user that does not exist instead of failing', async () => {
    // Prepare
    const { account, directory } = make();
    account.addUser('alice');

    // Act
    const { found, notFound } = await directory.readUsers(['alice', 'nobody']);

    // Assess
    expect(found.map((u) => u.userName)).toEqual(['alice']);
    expect(notFound).toEqual(['nobody']);
  });

  it('reads each user’s key slots from the credential report', async () => {
    // Prepare
    const { account, directory } = make();
    const used = new Date('2026-05-30T00:00:00.000Z');
    const created = new Date('2026-01-01T00:00:00.000Z');
    account.addUser('alice', [{ createDate: created, lastUsed: used }]);

    // Act
    const report = await directory.credentialReport();

    // Assess
    expect(report.available).toBe(true);
    if (!report.available) return;
    expect(report.report.rows.get('alice')?.keys).toEqual([
      { slot: 1, status: 'Active', createDate: created, lastUsedDate: used },
    ]);
  });

  it('answers a credential report that cannot be had as unavailable, with the reason', async () => {
    // Prepare
    const { account, directory, fault } = make();
    account.credentialReport = fault('LimitExceededException');

    // Act
    const report = await directory.credentialReport();

    // Assess
    expect(report).toEqual({ available: false, reason: expect.stringContaining('LimitExceeded') });
  });
});

/**
 * A rotation at IAM's 50-tags-per-user limit: the tags the plan counts as free room (stale key states,
 * settled markers) are freed before the pending-create marker is written, so the rotation either
 * completes or is blocked up front with `no-tag-room` — it never fails half-way for lack of room.
 */
import { daysAgo, FakeAccount } from './support/fake-account';
import { run } from './support/engine';

const fill = (tags: Record<string, string>, n: number) => {
  for (let i = 0; i < n; i++) tags[`team:label-${i}`] = 'x';
};

describe('a rotation at the 50-tag limit', () => {
  it('frees the stale tags it counted as room before writing its marker, and rotates', async () => {
    // Prepare: 48 tags of the team's and two stale engine tags of keys long gone: 50 tags, 2 of them free.
    const account = new FakeAccount();
    const alice = account.addUser('alice', [{ createDate: daysAgo(100), lastUsed: daysAgo(1) }]);
    fill(alice.tags, 48);
    alice.tags['key-lifecycle:key:AKIAGONE000000000001'] = 'inactive-since=2026-01-01T00:00:00Z';
    alice.tags['key-lifecycle:key:AKIAGONE000000000002'] = 'inactive-since=2026-01-01T00:00:00Z';

    // Act
    const { summary } = await run(account);

    // Assess
    expect(summary.errors).toEqual([]);
    expect(summary.actions.map((a) => `${a.action} ${a.outcome}`)).toEqual(['create done']);
    expect(alice.tags['key-lifecycle:key:AKIAGONE000000000001']).toBeUndefined();
    expect(alice.tags['key-lifecycle:key:AKIAGONE000000000002']).toBeUndefined();
    const created = account.created[0]!.accessKeyId;
    expect(alice.tags[`key-lifecycle:key:${created}`]).toMatch(/^created=/);
    expect(Object.keys(alice.tags)).toHaveLength(49);
  });

  it('removes the stale tags once: no second UntagUser for the same tags after the rotation', async () => {
    // Prepare
    const account = new FakeAccount();
    const alice = account.addUser('alice', [{ createDate: daysAgo(100), lastUsed: daysAgo(1) }]);
    alice.tags['key-lifecycle:key:AKIAGONE000000000001'] = 'inactive-since=2026-01-01T00:00:00Z';

    // Act
    const { summary } = await run(account);

    // Assess: one UntagUser frees the stale tag, one removes the attempt's marker
    expect(summary.actions.map((a) => `${a.action} ${a.outcome}`)).toEqual(['create done']);
    expect(account.calls.filter((c) => c === 'UntagUser')).toHaveLength(2);
    expect(alice.tags['key-lifecycle:key:AKIAGONE000000000001']).toBeUndefined();
  });

  it('is blocked up front with no-tag-room when the freed tags still leave too little room', async () => {
    // Prepare: 49 of the team's and one stale engine tag: one tag free after freeing, two needed.
    const account = new FakeAccount();
    const alice = account.addUser('alice', [{ createDate: daysAgo(100), lastUsed: daysAgo(1) }]);
    fill(alice.tags, 49);
    alice.tags['key-lifecycle:key:AKIAGONE000000000001'] = 'inactive-since=2026-01-01T00:00:00Z';

    // Act
    const { summary } = await run(account);

    // Assess
    expect(account.calls).not.toContain('CreateAccessKey');
    expect(summary.blocked.map((b) => b.reason)).toEqual(['no-tag-room']);
    expect(summary.errors).toEqual([]);
    expect(alice.tags['key-lifecycle:key:AKIAGONE000000000001']).toBeUndefined();
  });
});

/**
 * Which secret is the user's (docs/lifecycle.md, "Secret names" → "Upgrades and renames"): the workload
 * reads the secret the key was last written to, which is not always the one the current naming gives.
 * Version 0.1.0 wrote `_` as `__` and `,` as `_c` (`svc__ci` for `svc_ci`), and a user renamed in IAM
 * keeps its secret under the old name. Secrets the engine writes carry the owner's immutable IAM UserId
 * (a tag), so the user's secret is found by its name, by the older name (only with tag evidence that it is
 * this user's: `svc__ci` is also the current name of a user called `svc__ci`), or by that UserId tag.
 * One found: that one (the trust check still judges it). None: the engine creates one under the name.
 * More than one, or the name held by another user's secret: the rotation is blocked, naming them.
 */
import {
  DescribeSecretCommand,
  ListSecretsCommand,
  type DescribeSecretCommandOutput,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { SecretTarget } from '../engine/ports';
import type { FoundBy, SecretDistrust } from '../notify/secret-words';
import { isNotFound } from './aws-errors';

/** The owner's IAM UserId: survives a rename (docs/lifecycle.md, "Upgrades and renames"). */
export const USER_ID_TAG_KEY = 'iam-key-lifecycle:user-id';
/** The owner's user name when the secret was created (every engine version wrote it). */
export const USER_TAG_KEY = 'iam-key-lifecycle:user';

/** At most this many ListSecrets pages (100 secrets each) per run: 20,000 engine secrets. */
export const MAX_LISTING_PAGES = 200;

export type Located =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'found';
      readonly described: DescribeSecretCommandOutput;
      readonly how: FoundBy;
    }
  | { readonly kind: 'refused'; readonly why: SecretDistrust };

/** UserId → names of the secrets under the prefix tagged with it; one listing per run, shared. */
export type SecretsByUserId = () => Promise<ReadonlyMap<string, readonly string[]>>;

/** The name version 0.1.0 gave a user's secret: `_` → `__`, then `,` → `_c`. */
export function olderSecretName(secretPrefix: string, userName: string): string {
  return secretPrefix + userName.replace(/_/g, '__').replace(/,/g, '_c');
}

export async function locateSecret(
  sm: SecretsManagerClient,
  target: SecretTarget,
  secretPrefix: string,
  byUserId: SecretsByUserId,
): Promise<Located> {
  const found: { described: DescribeSecretCommandOutput; how: FoundBy }[] = [];
  const byName = await describeSecret(sm, target.secretName);
  if (byName) {
    const owner = ownerOf(byName, target);
    if (owner.kind === 'other') {
      return {
        kind: 'refused',
        why: { kind: 'another-users-secret', secretName: target.secretName, owner: owner.who },
      };
    }
    found.push({ described: byName, how: 'name' });
  }
  const older = olderSecretName(secretPrefix, target.userName);
  if (older !== target.secretName) {
    const described = await describeSecret(sm, older);
    if (described && isLive(described) && ownerOf(described, target).kind === 'this')
      found.push({ described, how: 'older-name' });
  }
  if (target.userId !== undefined) {
    for (const name of (await byUserId()).get(target.userId) ?? []) {
      if (found.some((f) => f.described.Name === name)) continue;
      const described = await describeSecret(sm, name);
      if (described && isLive(described) && ownerOf(described, target).kind === 'this')
        found.push({ described, how: 'user-id' });
    }
  }
  if (found.length === 0) return { kind: 'none' };
  if (found.length === 1) return { kind: 'found', ...found[0]! };
  return {
    kind: 'refused',
    why: {
      kind: 'several-secrets',
      found: found.map((f) => ({ secretName: f.described.Name ?? '', how: f.how })),
    },
  };
}

/**
 * The one listing of a run (ListSecrets, filtered by the prefix and the UserId tag key), read on first use
 * and shared. Past MAX_LISTING_PAGES it fails: a user whose secret might be on a later page is not
 * rotated on a guess.
 */
export function secretsByUserIdListing(
  sm: SecretsManagerClient,
  secretPrefix: string,
): SecretsByUserId {
  let pending: Promise<ReadonlyMap<string, readonly string[]>> | undefined;
  const list = async () => {
    const byId = new Map<string, string[]>();
    let token: string | undefined;
    let pages = 0;
    do {
      if (++pages > MAX_LISTING_PAGES) {
        throw new Error(
          `more than ${MAX_LISTING_PAGES * 100} secrets under ${secretPrefix} carry ${USER_ID_TAG_KEY}: ` +
            'the engine lists them once per run and stops there; use a narrower SECRET_PREFIX per module',
        );
      }
      const page = await sm.send(
        new ListSecretsCommand({
          MaxResults: 100,
          NextToken: token,
          Filters: [
            { Key: 'name', Values: [secretPrefix] },
            { Key: 'tag-key', Values: [USER_ID_TAG_KEY] },
          ],
        }),
      );
      for (const s of page?.SecretList ?? []) {
        const id = s.Tags?.find((t) => t.Key === USER_ID_TAG_KEY)?.Value;
        // The name filter matches prefixes of words too: keep only names under the prefix.
        if (id === undefined || !s.Name?.startsWith(secretPrefix)) continue;
        byId.set(id, [...(byId.get(id) ?? []), s.Name]);
      }
      token = page?.NextToken;
    } while (token);
    return byId;
  };
  return () => (pending ??= list());
}

/**
 * The user whose secret has `secretName` under the current naming (the inverse of secret-name.ts: `/`
 * never occurs in an IAM user name, so it can only stand for `,`), or undefined for another name.
 */
export function userOfSecretName(secretPrefix: string, secretName: string): string | undefined {
  if (!secretName.startsWith(secretPrefix)) return undefined;
  return secretName.slice(secretPrefix.length).split('/').join(',');
}

/**
 * The same user's secret under the name version 0.1.0 gave it, when one exists and its tags say it is that
 * user's (as locateSecret counts it); undefined otherwise.
 */
export async function olderSecretOf(
  sm: SecretsManagerClient,
  secretPrefix: string,
  secretName: string,
): Promise<string | undefined> {
  const userName = userOfSecretName(secretPrefix, secretName);
  if (userName === undefined) return undefined;
  const older = olderSecretName(secretPrefix, userName);
  if (older === secretName) return undefined;
  const described = await describeSecret(sm, older);
  if (!described || !isLive(described)) return undefined;
  const owner = described.Tags?.find((t) => t.Key === USER_TAG_KEY)?.Value;
  return owner === userName ? older : undefined;
}

export async function describeSecret(
  sm: SecretsManagerClient,
  secretName: string,
): Promise<DescribeSecretCommandOutput | undefined> {
  try {
    return await sm.send(new DescribeSecretCommand({ SecretId: secretName }));
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** A secret someone scheduled for deletion is not where the workload is meant to read any more. */
function isLive(described: DescribeSecretCommandOutput): boolean {
  return described.DeletedDate === undefined;
}

type Owner =
  | { readonly kind: 'this' }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'other'; readonly who: string };

/** Whose secret the tags say it is: the UserId tag decides; else the user-name tag; else nobody's. */
function ownerOf(described: DescribeSecretCommandOutput, target: SecretTarget): Owner {
  const tag = (key: string) => described.Tags?.find((t) => t.Key === key)?.Value;
  const userId = tag(USER_ID_TAG_KEY);
  if (userId !== undefined && target.userId !== undefined) {
    return userId === target.userId
      ? { kind: 'this' }
      : { kind: 'other', who: `IAM user id ${userId}` };
  }
  const userName = tag(USER_TAG_KEY);
  if (userName !== undefined) {
    return userName === target.userName
      ? { kind: 'this' }
      : { kind: 'other', who: `user name ${userName}` };
  }
  return { kind: 'unknown' };
}

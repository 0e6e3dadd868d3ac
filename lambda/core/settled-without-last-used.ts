/**
 * Screening on ListAccessKeys alone (the fallback path, when there is no credential report): can a
 * user be settled before paying one GetAccessKeyLastUsed call per key?
 *
 * screenUser reads a key's last use in one place only: "idle ≥ unusedDays", where
 * idle = now − (LastUsedDate ?? CreateDate). IAM cannot report a use before the key existed, so
 * LastUsedDate ≥ CreateDate and idle ≤ age: taking LastUsedDate := CreateDate gives the largest idle
 * any real answer could give. Idle only ever pushes screenUser towards "read this user", so if even the
 * worst case screens the user out, every possible answer would too, and the call can be skipped.
 * Everything else screenUser looks at (status, CreateDate, tags, groups, key count) is already known.
 */
import { screenUser, type ScreenFacts, type ScreenKeyFacts } from './screen';
import type { Applicability, Policy } from './model/types';

/** What ListAccessKeys tells about a key: no last use. */
export type ListedKeyFacts = Omit<ScreenKeyFacts, 'lastUsedDate'>;

export interface ListedUserFacts extends Omit<ScreenFacts, 'keys'> {
  readonly keys: readonly ListedKeyFacts[];
}

/**
 * True when the user needs neither an action nor a state change, whatever its keys' last use.
 * `applicability`: the user's scope as the caller evaluated it.
 */
export function settledWithoutLastUsed(
  user: ListedUserFacts,
  applicability: Applicability,
  policy: Policy,
  now: Date,
): boolean {
  const worstCase: ScreenFacts = {
    ...user,
    keys: user.keys.map((k) => ({
      status: k.status,
      createDate: k.createDate,
      lastUsedDate: k.createDate,
    })),
  };
  return !screenUser(worstCase, applicability, policy, now);
}

import type { InventoryUser } from '../aws/users';
import type { UserFacts } from '../core/types';

/** The core's view of a user: inventory facts (path, tags, groups) plus keys read in detail. */
export function factsOf(user: InventoryUser, keys: UserFacts['keys']): UserFacts {
  return { userName: user.userName, path: user.path, tags: user.tags, groups: user.groups, keys };
}

import { createHash } from 'crypto';
import type { KeyOwner } from './props';

/** SNS allows at most 150 values in one filter policy (all attributes together). */
export const FILTER_POLICY_VALUES = 150;

/** Hex digits of the address hash in resource addresses: 40 bits, no collision in practice. */
export const ADDRESS_KEY_LENGTH = 10;

/**
 * The key of an address's subscriptions: a short hash of the lower-cased address, so resource addresses
 * hold no e-mail address and do not move when the list is reordered. The HCL module computes the same
 * with `substr(sha256(lower(address)), 0, 10)`.
 */
export function addressKey(email: string): string {
  return createHash('sha256')
    .update(email.toLowerCase())
    .digest('hex')
    .slice(0, ADDRESS_KEY_LENGTH);
}

/** One owner subscription: an address and the users (at most 150) its filter policy lists. */
export interface OwnerSubscription {
  /** `<address key>_part<chunk index>`. */
  readonly key: string;
  /** The address as first spelled in the list. */
  readonly email: string;
  readonly users: readonly string[];
  /** Position in the owners list of the address's first entry (for moves from the old ids). */
  readonly firstIndex: number;
}

/** One subscription per distinct address and chunk of 150 users (users sorted, so order never matters). */
export function ownerSubscriptions(owners: readonly KeyOwner[]): readonly OwnerSubscription[] {
  const groups = new Map<string, { email: string; firstIndex: number; users: Set<string> }>();
  owners.forEach((o, i) => {
    const address = o.email.toLowerCase();
    const group = groups.get(address) ?? { email: o.email, firstIndex: i, users: new Set() };
    group.users.add(o.userName);
    groups.set(address, group);
  });
  return [...groups.values()].flatMap((g) => {
    const users = [...g.users].sort();
    const chunks = Math.ceil(users.length / FILTER_POLICY_VALUES);
    return Array.from({ length: chunks }, (_, n) => ({
      key: `${addressKey(g.email)}_part${n}`,
      email: g.email,
      users: users.slice(n * FILTER_POLICY_VALUES, (n + 1) * FILTER_POLICY_VALUES),
      firstIndex: g.firstIndex,
    }));
  });
}

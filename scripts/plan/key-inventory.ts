/**
 * The plan page's key inventory: every key of the users under the path prefix, from the IAM credential
 * report the plan's engine run just had IAM generate (read through the same read-only client). Ages
 * are whole days at the plan's start.
 */
import { DAY_MS } from '../../lambda/core/model/time';
import type { IAMClient } from '@aws-sdk/client-iam';
import { fetchCredentialReport } from '../../lambda/aws/credential-report';
import type { Policy } from '../../lambda/core/model/types';

export interface InventoryKey {
  readonly user: string;
  readonly status: 'Active' | 'Inactive';
  /** Days since the key was created. */
  readonly ageDays: number;
  /** Days since last use; since creation when never used. */
  readonly idleDays: number;
  readonly neverUsed: boolean;
}

export type Inventory =
  | { readonly available: true; readonly keys: readonly InventoryKey[] }
  | { readonly available: false; readonly reason: string };

export async function readInventory(
  iam: IAMClient,
  policy: Policy,
  now: Date,
  users?: readonly string[],
): Promise<Inventory> {
  const fetched = await fetchCredentialReport(iam);
  if (!fetched.available) return fetched;
  const days = (d: Date) => Math.max(0, Math.floor((now.getTime() - d.getTime()) / DAY_MS));
  const keys: InventoryKey[] = [];
  for (const row of fetched.report.rows.values()) {
    if (!inScope(row.user, userPath(row.arn), policy, users)) continue;
    for (const k of row.keys) {
      keys.push({
        user: row.user,
        status: k.status,
        ageDays: days(k.createDate),
        idleDays: days(k.lastUsedDate ?? k.createDate),
        neverUsed: k.lastUsedDate === undefined,
      });
    }
  }
  return { available: true, keys };
}

/** `arn:aws:iam::123456789012:user/team/alice` → `/team/`. */
export function userPath(arn: string): string {
  const resource = arn.split(':').slice(5).join(':');
  const parts = resource.split('/');
  return parts.length > 2 ? `/${parts.slice(1, -1).join('/')}/` : '/';
}

function inScope(user: string, path: string, policy: Policy, users?: readonly string[]): boolean {
  if (!path.startsWith(policy.userPathPrefix)) return false;
  if (users?.length && !users.includes(user)) return false;
  if (policy.includeUsers.length > 0 && !policy.includeUsers.includes(user)) return false;
  return !policy.excludeUsers.includes(user);
}

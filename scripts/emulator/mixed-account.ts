/** A small account with one user in each interesting state, for whole-account comparisons. */
import type { SeedUser } from './seed';

export const MIXED_ACCOUNT: readonly SeedUser[] = [
  { name: 'fresh', keys: [{ ageDays: 10, lastUsedDaysAgo: 0 }] },
  { name: 'upcoming', keys: [{ ageDays: 85, lastUsedDaysAgo: 1 }] },
  { name: 'due', keys: [{ ageDays: 95, lastUsedDaysAgo: 1 }] },
  { name: 'unused', keys: [{ ageDays: 120, lastUsedDaysAgo: 60 }] },
  { name: 'never-used', keys: [{ ageDays: 50 }] },
  { name: 'inactive', keys: [{ ageDays: 200, lastUsedDaysAgo: 90, status: 'Inactive' }] },
  {
    name: 'two-active',
    keys: [
      { ageDays: 100, lastUsedDaysAgo: 2 },
      { ageDays: 20, lastUsedDaysAgo: 0 },
    ],
  },
  {
    name: 'crowded',
    keys: [
      { ageDays: 130, lastUsedDaysAgo: 1 },
      { ageDays: 96, lastUsedDaysAgo: 1 },
    ],
  },
  { name: 'exempt', groups: ['break-glass'], keys: [{ ageDays: 400, lastUsedDaysAgo: 300 }] },
  {
    name: 'tight',
    tags: { 'key-lifecycle:rotation-days': '30' },
    keys: [{ ageDays: 40, lastUsedDaysAgo: 1 }],
  },
  {
    name: 'loose',
    tags: { 'key-lifecycle:unused-days': '400' },
    keys: [{ ageDays: 60, lastUsedDaysAgo: 50 }],
  },
  { name: 'outsider', path: '/system/', keys: [{ ageDays: 400, lastUsedDaysAgo: 300 }] },
];

export const MIXED_ENV = { EXEMPT_GROUP: 'break-glass', EXCLUDE_USERS: 'outsider' } as const;

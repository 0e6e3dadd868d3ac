import type { RunSummary } from '../../../lambda/engine/summary';

/** A run that did a bit of everything: one of each outcome the metrics must tell apart. */
export const busySummary: RunSummary = {
  mode: 'enforce',
  startedAt: '2025-03-01T06:00:00.000Z',
  finishedAt: '2025-03-01T06:00:12.000Z',
  source: 'schedule',
  inventory: 'credential-report',
  usersScanned: 120,
  usersInScope: 100,
  usersEvaluated: 6,
  actions: [
    {
      user: 'alice',
      accessKeyId: 'AKIAALICE00000000001',
      action: 'create',
      reasons: ['rotation-due'],
      outcome: 'done',
      newAccessKeyId: 'AKIAALICE00000000002',
    },
    {
      user: 'bob',
      accessKeyId: 'AKIABOB0000000000001',
      action: 'create',
      reasons: ['rotation-due'],
      outcome: 'rolled-back',
    },
    {
      user: 'carol',
      accessKeyId: 'AKIACAROL00000000001',
      action: 'deactivate',
      reasons: ['unused'],
      outcome: 'done',
    },
    {
      user: 'dave',
      accessKeyId: 'AKIADAVE000000000001',
      action: 'deactivate',
      reasons: ['unused'],
      outcome: 'skipped-stale',
    },
    {
      user: 'erin',
      accessKeyId: 'AKIAERIN000000000001',
      action: 'delete',
      reasons: ['recovery-window-ended'],
      outcome: 'done',
    },
    {
      user: 'erin',
      accessKeyId: 'AKIAERIN000000000002',
      action: 'delete',
      reasons: ['recovery-window-ended'],
      outcome: 'done',
    },
    {
      user: 'frank',
      accessKeyId: 'AKIAFRANK00000000001',
      action: 'warn',
      reasons: ['rotation-upcoming'],
      outcome: 'done',
    },
  ],
  blocked: [
    {
      user: 'gina',
      accessKeyId: 'AKIAGINA000000000001',
      action: 'create',
      reason: 'two-key-limit-second-active-key',
      message: 'gina holds two Active keys',
    },
    {
      user: 'hal',
      accessKeyId: 'AKIAHAL0000000000001',
      action: 'deactivate',
      reason: 'circuit-breaker',
      message: 'circuit breaker',
    },
  ],
  warnings: [
    {
      user: 'ivy',
      code: 'override-malformed',
      message: 'key-lifecycle:rotation-days="soon" ignored',
    },
  ],
  errors: [
    { user: 'bob', step: 'store-secret', message: 'AccessDenied' },
    { step: 'notify', message: 'Throttling' },
  ],
  circuitBreakerTripped: true,
  apiCalls: 42,
};

export const quietSummary: RunSummary = {
  ...busySummary,
  mode: 'report',
  actions: busySummary.actions.map((a) => ({ ...a, outcome: 'planned' })),
  blocked: [],
  warnings: [],
  errors: [],
  circuitBreakerTripped: false,
};

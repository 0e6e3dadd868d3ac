/** Builds engine deps (the in-memory ports of a FakeAccount), config and a captured audit log. */
import type { EngineConfig, RunRequest } from '../../../../lambda/config/types';
import type { EngineDeps } from '../../../../lambda/engine/deps';
import { runEngine } from '../../../../lambda/engine/run';
import type { RunSummary } from '../../../../lambda/engine/summary';
import { AuditLog } from '../../../../lambda/observability/audit-log';
import { assertNoKeyMaterial } from '../../../support/key-material';
import { NOW, type FakeAccount } from './fake-account';

export const TOPIC = 'arn:aws:sns:us-east-1:123456789012:key-lifecycle';
export const ENGINE_ROLE = 'arn:aws:iam::123456789012:role/key-lifecycle-engine';

export function testConfig(
  overrides: Partial<EngineConfig> = {},
  maxDestructiveActions = 20,
): EngineConfig {
  return {
    mode: 'enforce',
    snsTopicArn: TOPIC,
    secretPrefix: 'iam-access-key/',
    secretAdminPrincipalArns: [],
    policy: {
      days: { rotationDays: 90, warnDays: 7, graceDays: 7, unusedDays: 45, recoveryDays: 10 },
      userPathPrefix: '/',
      scope: 'all',
      includeUsers: [],
      excludeUsers: [],
      tagPrefix: 'key-lifecycle:',
      maxDestructiveActions,
    },
    ...overrides,
  };
}

export const SCHEDULE: RunRequest = { source: 'schedule', forceReport: false };

export interface EngineRun {
  readonly summary: RunSummary;
  readonly logLines: readonly Record<string, unknown>[];
}

export function engineDeps(
  account: FakeAccount,
  lines: string[],
  now: Date = NOW,
  config: EngineConfig = testConfig(),
): EngineDeps {
  return {
    users: account.directory,
    keys: account.keys,
    secrets: account.secretStore(config.secretPrefix),
    notifier: account.notifier,
    clock: () => now,
    log: new AuditLog(
      (l) => lines.push(l),
      { mode: 'enforce', runId: 'test-run' },
      { clock: () => NOW },
    ),
    counter: account.counter,
  };
}

/**
 * Runs the engine and checks its return value, log lines and published notices for key material.
 * `now` is the run's clock: later runs of one scenario pass a later instant; `deps` replaces engine deps
 * (e.g. a remaining-time function for the deadline guard).
 */
export async function run(
  account: FakeAccount,
  config: EngineConfig = testConfig(),
  request: RunRequest = SCHEDULE,
  now: Date = NOW,
  deps: Partial<EngineDeps> = {},
): Promise<EngineRun> {
  const lines: string[] = [];
  const summary = await runEngine(
    { ...engineDeps(account, lines, now, config), ...deps },
    config,
    request,
  );
  assertNoKeyMaterial(summary, 'run summary');
  assertNoKeyMaterial(lines.join('\n'), 'audit log');
  assertNoKeyMaterial(account.published, 'published notices');
  return { summary, logLines: lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

export function events(account: FakeAccount): string[] {
  return account.published.map((p) => p.payload.event);
}

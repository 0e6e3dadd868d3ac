import type { KeyDecision } from '../../../lambda/core/model/types';
import type { ActionRecord } from '../../../lambda/engine/summary';
import { AuditLog } from '../../../lambda/observability/audit-log';
import { assertNoKeyMaterial, rememberKeyMaterial } from '../../support/key-material';
import { busySummary } from './fixtures';

const NOW = new Date('2025-03-01T06:00:00.000Z');

function recordingLog(): {
  readonly log: AuditLog;
  readonly lines: () => Record<string, unknown>[];
} {
  const raw: string[] = [];
  const log = new AuditLog(
    (line) => raw.push(line),
    { mode: 'enforce', runId: 'run-1' },
    { clock: () => NOW },
  );
  return { log, lines: () => raw.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const decision: KeyDecision = {
  userName: 'alice',
  accessKeyId: 'AKIAALICE00000000001',
  action: 'deactivate',
  reasons: ['unused'],
  event: 'KEY_DEACTIVATED',
  destructive: true,
  facts: { ageDays: 200, idleDays: 60 },
};

const created: ActionRecord = {
  user: 'alice',
  accessKeyId: 'AKIAALICE00000000001',
  action: 'create',
  reasons: ['rotation-due'],
  outcome: 'done',
  newAccessKeyId: 'AKIAALICE00000000002',
};

describe('AuditLog', () => {
  it('writes a decision as one line with run id, mode, clock time and the decision data', () => {
    // Prepare
    const { log, lines } = recordingLog();

    // Act
    log.decision('alice', 'in-scope', decision);

    // Assess
    expect(lines()).toEqual([
      {
        level: 'INFO',
        type: 'decision',
        runId: 'run-1',
        mode: 'enforce',
        timestamp: '2025-03-01T06:00:00.000Z',
        user: 'alice',
        applicability: 'in-scope',
        accessKeyId: 'AKIAALICE00000000001',
        action: 'deactivate',
        reasons: ['unused'],
        event: 'KEY_DEACTIVATED',
        destructive: true,
        facts: { ageDays: 200, idleDays: 60 },
      },
    ]);
  });

  it.each([
    ['done', 'INFO'],
    ['planned', 'INFO'],
    ['skipped-stale', 'INFO'],
    ['failed', 'ERROR'],
    ['rolled-back', 'ERROR'],
  ] as const)('logs an action with outcome %s at %s', (outcome, level) => {
    // Prepare
    const { log, lines } = recordingLog();

    // Act
    log.action({ ...created, outcome });

    // Assess
    expect(lines()[0]).toMatchObject({ level, type: 'action', outcome, user: 'alice' });
  });

  it('keeps extra action detail under "detail"', () => {
    // Prepare
    const { log, lines } = recordingLog();

    // Act
    log.action(created, { secretName: 'iam-access-key/alice', versionId: 'v1' });

    // Assess
    expect(lines()[0]?.['detail']).toEqual({ secretName: 'iam-access-key/alice', versionId: 'v1' });
  });

  it.each([
    ['blocked', 'WARN', (l: AuditLog) => l.blocked(busySummary.blocked[0]!)],
    ['warning', 'WARN', (l: AuditLog) => l.warning(busySummary.warnings[0]!)],
    ['error', 'ERROR', (l: AuditLog) => l.error(busySummary.errors[0]!)],
  ] as const)('writes a %s line at %s', (type, level, write) => {
    // Prepare
    const { log, lines } = recordingLog();

    // Act
    write(log);

    // Assess
    expect(lines()).toHaveLength(1);
    expect(lines()[0]).toMatchObject({ type, level, runId: 'run-1' });
  });

  it('writes the whole run summary on one line', () => {
    // Prepare
    const raw: string[] = [];
    const log = new AuditLog(
      (line) => raw.push(line),
      { mode: 'enforce', runId: 'run-1' },
      { clock: () => NOW },
    );

    // Act
    log.summary(busySummary);

    // Assess
    expect(raw).toHaveLength(1);
    expect(raw[0]).not.toContain('\n');
    expect(JSON.parse(raw[0]!)).toEqual({
      level: 'WARN',
      type: 'summary',
      runId: 'run-1',
      timestamp: '2025-03-01T06:00:00.000Z',
      ...busySummary,
    });
  });

  it('uses the system clock when none is given', () => {
    // Prepare
    const raw: string[] = [];
    const log = new AuditLog((line) => raw.push(line), { mode: 'report', runId: 'r' });

    // Act
    log.warning({ code: 'credential-report-unavailable', message: 'fallback' });

    // Assess
    const { timestamp } = JSON.parse(raw[0]!) as { timestamp: string };
    expect(new Date(timestamp).toISOString()).toBe(timestamp);
  });

  it('redacts anything named like a SecretAccessKey, at any depth and in any case', () => {
    // Prepare
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    rememberKeyMaterial(secret);
    const { log, lines } = recordingLog();

    // Act
    log.action(created, {
      response: { AccessKey: { AccessKeyId: 'AKIAALICE00000000002', SecretAccessKey: secret } },
      secretAccessKey: secret,
      nested: [{ SECRET_ACCESS_KEY: secret }, { secret_access_key: secret }],
    });
    log.error({
      user: 'alice',
      step: 'store-secret',
      message: `request {"SecretAccessKey":"${secret}"} failed`,
    });

    // Assess
    assertNoKeyMaterial(lines(), 'audit log lines');
    expect(lines()[0]?.['detail']).toEqual({
      response: {
        AccessKey: { AccessKeyId: 'AKIAALICE00000000002', SecretAccessKey: '[redacted]' },
      },
      secretAccessKey: '[redacted]',
      nested: [{ SECRET_ACCESS_KEY: '[redacted]' }, { secret_access_key: '[redacted]' }],
    });
    expect(lines()[1]?.['message']).toBe('request {"SecretAccessKey":"[redacted]"} failed');
  });

  it('renders errors in detail as name and message', () => {
    // Prepare
    const { log, lines } = recordingLog();

    // Act
    log.action({ ...created, outcome: 'failed' }, { cause: new TypeError('boom') });

    // Assess
    expect(lines()[0]?.['detail']).toEqual({ cause: { name: 'TypeError', message: 'boom' } });
  });
});

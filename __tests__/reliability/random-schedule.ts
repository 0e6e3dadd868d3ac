/**
 * A random fault schedule for one engine run, drawn from the campaign's seeded PRNG. The rules aim at the
 * seams (a write whose answer is lost, a kill between two calls of one user's rotation) as often as at
 * random calls. Every rule is keyed by command, user or probability, never by the global call index:
 * the engine works on several users at once, so only keyed rules replay exactly (scripts/emulator/faults.ts).
 * No rule uses `limit` either: which calls exhaust a limit depends on that interleaving too.
 * Throttling stays rare: one throttled answer slows the SDK's adaptive client for the rest of the run
 * (its client-side rate limiter), which is faithful but would make hundreds of schedules take hours.
 */
import type { Prng } from '../../scripts/emulator/faults-prng';
import type { FaultRule, FaultSchedule, ServiceName } from '../../scripts/emulator/faults';

/**
 * The engine's writes, where a lost answer or a kill leaves the most behind. The steps of a rotation
 * (create, store, tag and untag the marker) are listed twice: they are the seams issue 7 is about.
 */
const WRITES: ReadonlyArray<[ServiceName, string]> = [
  ['iam', 'CreateAccessKey'],
  ['iam', 'CreateAccessKey'],
  ['secretsmanager', 'PutSecretValue'],
  ['iam', 'TagUser'],
  ['iam', 'UntagUser'],
  ['iam', 'UpdateAccessKey'],
  ['iam', 'DeleteAccessKey'],
  ['iam', 'TagUser'],
  ['iam', 'UntagUser'],
  ['secretsmanager', 'CreateSecret'],
  ['secretsmanager', 'PutSecretValue'],
  ['secretsmanager', 'UpdateSecretVersionStage'],
  ['secretsmanager', 'PutResourcePolicy'],
  ['sns', 'Publish'],
];

const READS: ReadonlyArray<[ServiceName, string]> = [
  ['iam', 'ListAccessKeys'],
  ['iam', 'ListUserTags'],
  ['iam', 'GetAccessKeyLastUsed'],
  ['iam', 'ListGroupsForUser'],
  ['secretsmanager', 'GetSecretValue'],
  ['secretsmanager', 'DescribeSecret'],
  ['iam', 'GetCredentialReport'],
  // The run's one listing that finds a renamed user's secret (lambda/aws/secret-locate.ts).
  ['secretsmanager', 'ListSecrets'],
];

export function randomSchedule(rng: Prng, users: readonly string[]): FaultSchedule {
  const seed = rng.int(1, 2 ** 31 - 1);
  const rules: FaultRule[] = [];
  const count = rng.int(1, 3);
  for (let i = 0; i < count; i++) rules.push(randomRule(rng, users));
  return { seed, rules };
}

/**
 * The state write a destructive action depends on fails: KMS refuses to sign it, or the TagUser that
 * follows a deactivation fails (the owner's reactivation grace rests on that record).
 */
function stateWriteFault(rng: Prng, users: readonly string[]): FaultRule {
  const target = rng.chance(0.5) ? { target: rng.pick(users) } : {};
  if (rng.chance(0.5)) return { kind: 'access-denied', service: 'kms', command: 'GenerateMac' };
  return {
    kind: rng.chance(0.5) ? 'access-denied' : 'server-error',
    service: 'iam',
    command: 'TagUser',
    afterCommand: 'UpdateAccessKey',
    ...target,
  };
}

function randomRule(rng: Prng, users: readonly string[]): FaultRule {
  const roll = rng.next();
  if (roll < 0.1) return stateWriteFault(rng, users);
  const [service, command] = rng.pick(WRITES);
  const target = rng.chance(0.5) ? { target: rng.pick(users) } : {};
  if (roll < 0.27) {
    return { kind: 'lost-response', service, command, attempt: 1, ...target };
  }
  if (roll < 0.5) {
    return rng.chance(0.3)
      ? { kind: 'kill', probability: round(rng.int(1, 5) / 100) }
      : { kind: 'kill', service, command, when: rng.chance(0.5) ? 'after' : 'before', ...target };
  }
  if (roll < 0.62) return { kind: 'access-denied', service, command, ...target };
  if (roll < 0.74) {
    const [readService, readCommand] = rng.pick(READS);
    return { kind: 'access-denied', service: readService, command: readCommand, ...target };
  }
  if (roll < 0.84) {
    return { kind: 'connection-reset', probability: round(rng.int(2, 8) / 100) };
  }
  if (roll < 0.94) {
    return {
      kind: 'server-error',
      probability: round(rng.int(2, 8) / 100),
      status: rng.chance(0.5) ? 500 : 503,
    };
  }
  return { kind: 'throttling', probability: round(rng.int(2, 5) / 100) };
}

const round = (n: number) => Math.round(n * 100) / 100;

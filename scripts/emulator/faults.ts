/**
 * Fault injection for the engine's SDK clients (iam, secrets, sns, sts, dynamodb, kms), driven by a
 * seeded schedule that is plain data: `{seed, rules}` prints as one JSON line and replays exactly.
 *
 * Why SDK middleware rather than a loopback proxy in front of moto:
 * - the fault enters the SDK where a real one would: service errors are HTTP responses in the service's
 *   own protocol, parsed by the SDK's real deserializer and classified by its real retry strategy
 *   (faults-responses.ts); a proxy would give the same fidelity only by re-implementing three protocols;
 * - the middleware knows the command, its input (user, secret) and the attempt number without parsing
 *   SigV4-signed bodies, so a schedule can say "the first attempt of CreateAccessKey for alice";
 * - a kill must stop every client of one "Lambda container" at once, and only that container's: the
 *   injector is per driver, where a proxy is shared by every run on the emulator (overlapping runs);
 * - no extra process or port on a 2-core machine, and nothing to keep in step with moto's endpoints.
 * What a proxy would catch and this does not: bugs in the SDK's HTTP handler itself (out of scope).
 *
 * Where it sits (checked by __tests__/integration/fault-injector.test.ts):
 * - `initialize`, priority high, before the retry middleware: counts logical calls, evaluates `kill`
 *   (a dead process's call must not be retried; the kill error is never seen by the retry strategy);
 * - `deserialize`, priority low: innermost, right above the HTTP handler, once per attempt, inside the
 *   SDK's retry middleware (`finalizeRequest`) and below its deserializer. Service errors are returned
 *   there as raw HTTP responses; a connection reset is thrown there before sending; a lost response
 *   lets the request reach moto, drains the answer and throws `ECONNRESET` instead, exactly where the
 *   HTTP handler would, so the SDK retries it and the retry meets the consequences.
 */
import type { AwsClients } from '../../lambda/aws/clients';
import { keyedDraw } from './faults-prng';
import {
  connectionReset,
  serviceErrorResponse,
  serviceErrorShape,
  type ServiceName,
} from './faults-responses';

export type { ServiceName } from './faults-responses';

export type FaultKind =
  'throttling' | 'server-error' | 'access-denied' | 'connection-reset' | 'lost-response' | 'kill';

export const FAULT_KINDS: readonly FaultKind[] = [
  'throttling',
  'server-error',
  'access-denied',
  'connection-reset',
  'lost-response',
  'kill',
];

export interface FaultRule {
  readonly kind: FaultKind;
  /** Only calls to this service. @default every service */
  readonly service?: ServiceName;
  /** Only this command, without the `Command` suffix (`CreateAccessKey`). @default every command */
  readonly command?: string;
  /** Only calls naming this user or secret (an identifying input field equal to it or ending in `/it`). @default any */
  readonly target?: string;
  /**
   * Only the logical call with this 1-based index among every call of the injector (all clients, all
   * runs of its driver). The engine works on several users at once: the index names the same call in
   * a replay only when the run is sequential (one user); prefer command/target/nth otherwise.
   * @default any index
   */
  readonly call?: number;
  /**
   * Only calls made after this injector sent a call of this command (without `Command`) naming the same
   * user or secret: `TagUser` after `UpdateAccessKey` is the state write that follows a deactivation.
   * @default any
   */
  readonly afterCommand?: string;
  /** Only the nth (1-based) logical call matching service, command and target. @default any */
  readonly nth?: number;
  /** Only this attempt (1 = the first send, 2 = the SDK's first retry). Ignored by `kill`. @default every attempt */
  readonly attempt?: number;
  /** Chance to inject when everything else matches, drawn from the seed. @default 1 */
  readonly probability?: number;
  /**
   * Inject at most this many times. Which calls use up the limit depends on the order of calls, so
   * across users (run concurrently) a limited rule does not replay exactly.
   * @default unlimited
   */
  readonly limit?: number;
  /** `kill` only: die before the call is sent, or after it took effect with its response lost. @default 'before' */
  readonly when?: 'before' | 'after';
  /** `server-error` only. @default 503 */
  readonly status?: 500 | 503;
}

export interface FaultSchedule {
  readonly seed: number;
  readonly rules: readonly FaultRule[];
}

export interface Injection {
  readonly kind: FaultKind;
  /** Index of the rule in the schedule. */
  readonly rule: number;
  /** 1-based logical call index within the injector. */
  readonly call: number;
  readonly attempt: number;
  readonly service: ServiceName;
  readonly command: string;
  readonly target?: string;
  /** `lost-response` and `kill` after: the HTTP status of the answer that was thrown away. */
  readonly lostStatus?: number;
}

/** Thrown for every call once the schedule killed the run: the "process" is gone. */
export class RunKilledError extends Error {
  override readonly name = 'HarnessRunKilled';
}

/** Each SDK client the engine uses, with the service name its calls go to. */
export const CLIENT_SERVICES: ReadonlyArray<[keyof AwsClients, ServiceName]> = [
  ['iam', 'iam'],
  ['secrets', 'secretsmanager'],
  ['sns', 'sns'],
  ['sts', 'sts'],
  ['dynamodb', 'dynamodb'],
  ['kms', 'kms'],
  ['cloudtrail', 'cloudtrail'],
];

const IDENTIFYING_FIELDS = ['UserName', 'SecretId', 'Name', 'TopicArn', 'TableName', 'KeyId'];

interface CallFacts {
  readonly call: number;
  readonly service: ServiceName;
  readonly command: string;
  readonly target?: string;
  readonly identifiers: readonly string[];
  /** Occurrence of (service, command, target) in this injector: the replay-stable part of the key. */
  readonly occurrence: number;
  /** Indexes of the rules whose call-level selectors match. */
  readonly selectedBy: readonly number[];
  attempts: number;
}

type AnyStack = {
  middlewareStack: {
    add(
      mw: (
        next: (args: { input: unknown; request?: unknown }) => Promise<{ response: unknown }>,
        context: Record<string, unknown>,
      ) => (args: { input: unknown; request?: unknown }) => Promise<unknown>,
      options: { step: string; priority?: string; name: string },
    ): void;
  };
};

const FACTS = Symbol('harnessFaultCall');

export class FaultInjector {
  readonly injections: Injection[] = [];
  /** Set by a `kill`: every later call of every client fails with RunKilledError. */
  killedAt: Injection | undefined;
  private calls = 0;
  private readonly occurrences = new Map<string, number>();
  /** `command target` of every call sent so far, for `afterCommand`. */
  private readonly sent = new Set<string>();
  private readonly matchedPerRule: number[];
  private readonly injectedPerRule: number[];

  constructor(readonly schedule: FaultSchedule) {
    validateSchedule(schedule);
    this.matchedPerRule = schedule.rules.map(() => 0);
    this.injectedPerRule = schedule.rules.map(() => 0);
  }

  /** The hook for `engineDriver({ prepareClients })`. */
  readonly attach = (clients: Partial<AwsClients>): void => {
    for (const [key, service] of CLIENT_SERVICES) {
      const client = clients[key] as unknown as AnyStack | undefined;
      if (!client) continue;
      client.middlewareStack.add(
        (next, context) => (args) => this.onCall(service, next, context, args),
        {
          step: 'initialize',
          priority: 'high',
          name: `harnessFaultsCall-${service}`,
        },
      );
      client.middlewareStack.add((next, context) => (args) => this.onAttempt(next, context, args), {
        step: 'deserialize',
        priority: 'low',
        name: `harnessFaultsAttempt-${service}`,
      });
    }
  };

  get dead(): boolean {
    return this.killedAt !== undefined;
  }

  /** One line per injection, for a test to print when it fails. */
  describe(): string {
    const lines = this.injections.map(
      (i) =>
        `#${i.call}.${i.attempt} ${i.service}:${i.command}${i.target ? `(${i.target})` : ''} ${i.kind}` +
        (i.lostStatus !== undefined ? ` [answer ${i.lostStatus} lost]` : ''),
    );
    return [`schedule ${formatSchedule(this.schedule)}`, ...lines].join('\n');
  }

  private async onCall(
    service: ServiceName,
    next: (args: { input: unknown }) => Promise<unknown>,
    context: Record<string, unknown>,
    args: { input: unknown },
  ): Promise<unknown> {
    const command = String(context.commandName ?? 'unknown').replace(/Command$/, '');
    if (this.killedAt) throw this.killed(service, command);
    const identifiers = identifiersOf(args.input);
    const target = identifiers[0];
    const key = `${service}:${command}:${target ?? ''}`;
    const occurrence = (this.occurrences.get(key) ?? 0) + 1;
    this.occurrences.set(key, occurrence);
    const call = ++this.calls;
    const selectedBy: number[] = [];
    this.schedule.rules.forEach((rule, index) => {
      if (rule.service !== undefined && rule.service !== service) return;
      if (rule.command !== undefined && rule.command !== command) return;
      if (rule.target !== undefined && !identifiers.some((id) => names(id, rule.target!))) return;
      if (rule.afterCommand !== undefined && !this.sent.has(`${rule.afterCommand} ${target ?? ''}`))
        return;
      this.matchedPerRule[index]! += 1;
      if (rule.call !== undefined && rule.call !== call) return;
      if (rule.nth !== undefined && rule.nth !== this.matchedPerRule[index]) return;
      selectedBy.push(index);
    });
    this.sent.add(`${command} ${target ?? ''}`);
    const facts: CallFacts = {
      call,
      service,
      command,
      target,
      identifiers,
      occurrence,
      selectedBy,
      attempts: 0,
    };
    context[FACTS as unknown as string] = facts;

    const kill = this.firstFiring(facts, 'kill', 0);
    if (kill !== undefined && (this.schedule.rules[kill]!.when ?? 'before') === 'before') {
      this.record(kill, facts, 0);
      throw this.killed(service, command);
    }
    if (kill === undefined) return next(args);
    // Killed right after the call took effect: the answer never reaches the engine.
    let lostStatus: number | undefined;
    try {
      const result = (await next(args)) as { output?: { $metadata?: { httpStatusCode?: number } } };
      lostStatus = result.output?.$metadata?.httpStatusCode;
    } catch (err) {
      lostStatus = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    }
    this.record(kill, facts, facts.attempts, lostStatus);
    throw this.killed(service, command);
  }

  private async onAttempt(
    next: (args: { input: unknown; request?: unknown }) => Promise<{ response: unknown }>,
    context: Record<string, unknown>,
    args: { input: unknown; request?: unknown },
  ): Promise<unknown> {
    const facts = context[FACTS as unknown as string] as CallFacts | undefined;
    if (!facts) return next(args); // a client this injector did not count (should not happen)
    const attempt = ++facts.attempts;
    for (const kind of [
      'access-denied',
      'throttling',
      'server-error',
      'connection-reset',
    ] as const) {
      const rule = this.firstFiring(facts, kind, attempt);
      if (rule === undefined) continue;
      this.record(rule, facts, attempt);
      if (kind === 'connection-reset') throw connectionReset(`${facts.service}:${facts.command}`);
      const shape = serviceErrorShape(facts.service, kind, this.schedule.rules[rule]!.status);
      return { response: serviceErrorResponse(facts.service, shape) };
    }
    const lost = this.firstFiring(facts, 'lost-response', attempt);
    if (lost === undefined) return next(args);
    const result = await next(args);
    const response = result.response as { statusCode?: number; body?: unknown };
    await drain(response.body);
    this.record(lost, facts, attempt, response.statusCode);
    throw connectionReset(
      `${facts.service}:${facts.command} answered ${response.statusCode}, answer lost`,
    );
  }

  /** The first rule of `kind` selecting this call that fires for this attempt (0 = the call itself). */
  private firstFiring(facts: CallFacts, kind: FaultKind, attempt: number): number | undefined {
    for (const index of facts.selectedBy) {
      const rule = this.schedule.rules[index]!;
      if (rule.kind !== kind) continue;
      if (kind !== 'kill' && rule.attempt !== undefined && rule.attempt !== attempt) continue;
      if (rule.limit !== undefined && this.injectedPerRule[index]! >= rule.limit) continue;
      const p = rule.probability ?? 1;
      if (p < 1) {
        const draw = keyedDraw(
          this.schedule.seed,
          index,
          facts.service,
          facts.command,
          facts.target ?? '',
          facts.occurrence,
          attempt,
        );
        if (draw >= p) continue;
      }
      return index;
    }
    return undefined;
  }

  private record(rule: number, facts: CallFacts, attempt: number, lostStatus?: number): void {
    this.injectedPerRule[rule]! += 1;
    const injection: Injection = {
      kind: this.schedule.rules[rule]!.kind,
      rule,
      call: facts.call,
      attempt,
      service: facts.service,
      command: facts.command,
      ...(facts.target !== undefined ? { target: facts.target } : {}),
      ...(lostStatus !== undefined ? { lostStatus } : {}),
    };
    this.injections.push(injection);
    if (injection.kind === 'kill') this.killedAt = injection;
  }

  private killed(service: ServiceName, command: string): RunKilledError {
    const at = this.killedAt!;
    return new RunKilledError(
      `${service}:${command} refused: the run was killed at call #${at.call} ` +
        `(${at.service}:${at.command}) by the fault schedule; start a new driver for the next run`,
    );
  }
}

export function injectFaults(schedule: FaultSchedule): FaultInjector {
  return new FaultInjector(schedule);
}

/** One line, replayable with `parseSchedule`. */
export function formatSchedule(schedule: FaultSchedule): string {
  return JSON.stringify(schedule);
}

export function parseSchedule(line: string): FaultSchedule {
  const parsed = JSON.parse(line) as FaultSchedule;
  validateSchedule(parsed);
  return parsed;
}

export function validateSchedule(schedule: FaultSchedule): void {
  if (!Number.isInteger(schedule.seed))
    throw new Error(`fault schedule seed must be an integer, got ${JSON.stringify(schedule.seed)}`);
  schedule.rules.forEach((rule, i) => {
    if (!FAULT_KINDS.includes(rule.kind))
      throw new Error(
        `fault rule #${i} kind must be one of ${FAULT_KINDS.join(', ')}, got ${JSON.stringify(rule.kind)}`,
      );
    if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1))
      throw new Error(`fault rule #${i} probability must be within 0..1, got ${rule.probability}`);
    if (rule.afterCommand?.endsWith('Command'))
      throw new Error(
        `fault rule #${i} afterCommand names the API action without "Command": use ${rule.afterCommand.replace(/Command$/, '')}`,
      );
    if (rule.command?.endsWith('Command'))
      throw new Error(
        `fault rule #${i} command names the API action without "Command": use ${rule.command.replace(/Command$/, '')}`,
      );
  });
}

function identifiersOf(input: unknown): string[] {
  if (typeof input !== 'object' || input === null) return [];
  const source = input as Record<string, unknown>;
  return IDENTIFYING_FIELDS.map((f) => source[f]).filter((v): v is string => typeof v === 'string');
}

function names(identifier: string, target: string): boolean {
  return identifier === target || identifier.endsWith(`/${target}`);
}

async function drain(body: unknown): Promise<void> {
  if (body && typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    for await (const chunk of body as AsyncIterable<unknown>) void chunk;
  }
}

export type FaultedRun<T> =
  | { readonly killed: true }
  | { readonly killed: false; readonly summary: T }
  | { readonly killed: false; readonly error: unknown };

/**
 * One run under a schedule. A killed run's return value (or error) is discarded, as a Lambda timeout
 * or crash would discard it: only what reached AWS before the kill remains. The caller starts fresh
 * runs with a new driver and a new injector.
 */
export async function runUnderFaults<T>(
  injector: FaultInjector,
  run: () => Promise<T>,
): Promise<FaultedRun<T>> {
  try {
    const summary = await run();
    return injector.dead ? { killed: true } : { killed: false, summary };
  } catch (error) {
    return injector.dead ? { killed: true } : { killed: false, error };
  }
}

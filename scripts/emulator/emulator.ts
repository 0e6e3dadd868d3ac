/**
 * The moto AWS emulator for integration tests, the demo and local plans. Jest-free on purpose:
 * scripts/demo.ts imports it too.
 *
 * One emulator per test FILE: jest runs files in parallel workers and `reset()` wipes the whole
 * server, so a shared server would let one file erase another's users mid-test.
 *
 * Time: moto has no clock control, so the launcher freezes IAM's own clock on request
 * (`setClock`). A simulated year moves moto's IAM clock and the engine's injected clock together:
 * keys the engine creates get a CreateDate on the simulated timeline, and any request signed with a
 * key records last-used at simulated "now". That is more faithful than back-dating keys after the
 * fact (the engine's own state tags would then point at the wrong instants) or than advancing only
 * the engine's clock (its replacement keys would carry a wall-clock CreateDate and look months
 * old or brand new at random). `backdateKey` remains for seeding keys with a history.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { ensurePythonVenv, venvPython } from './python-venv';

export const ACCOUNT_ID = '123456789012';
export const REGION = 'us-east-1';
const STARTUP_TIMEOUT_MS = 60_000;
const STDERR_TAIL_CHARS = 4_000;
const LAUNCHER = path.join(__dirname, 'moto_launcher.py');

export interface BackdateOptions {
  readonly createDate?: Date;
  /** `null` clears last-used (the key looks never used); a Date sets it. */
  readonly lastUsed?: Date | null;
  readonly service?: string;
}

/** Whole days, or an inclusive [min, max] range the launcher's seeded PRNG draws from. */
export type DayRange = number | readonly [number, number];

export interface BulkKeySpec {
  readonly ageDays: DayRange;
  /** Days before `now` the key was last used (clamped to its CreateDate); omitted/null = never used. */
  readonly lastUsedDaysAgo?: DayRange | null;
  /** @default 'Active' */
  readonly status?: 'Active' | 'Inactive';
}

/** `count` users named `namePrefix` + a 5-digit index (`healthy-00042`), all shaped alike. */
export interface BulkCohort {
  readonly namePrefix: string;
  readonly count: number;
  /** @default '/' */
  readonly path?: string;
  readonly tags?: Readonly<Record<string, string>>;
  /** Created when missing. */
  readonly groups?: readonly string[];
  readonly keys: readonly BulkKeySpec[];
}

export interface BulkSeedSpec {
  /** The instant ages and last-used days count back from (the simulated "now"). */
  readonly now: Date;
  /** PRNG seed: the same spec and seed give the same dates. @default 1 */
  readonly seed?: number;
  readonly cohorts: readonly BulkCohort[];
}

export interface BulkSeedResult {
  readonly users: number;
  readonly keys: number;
  /** Users created per namePrefix. */
  readonly cohorts: Readonly<Record<string, number>>;
}

export interface SnsNotification {
  readonly topicArn: string;
  readonly messageId: string;
  readonly message: string;
  readonly subject?: string;
  readonly messageAttributes: Readonly<Record<string, unknown>>;
}

export interface LookupFaults {
  readonly deny?: boolean;
  readonly throttle?: boolean;
}

export interface LookupCounts {
  readonly answered: number;
  readonly throttled: number;
  readonly events: number;
}

export interface EmulatorClientConfig {
  readonly region: string;
  readonly endpoint: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

export interface Emulator {
  /** http://127.0.0.1:<port> — the single endpoint for every service. */
  readonly endpoint: string;
  reset(): Promise<void>;
  /** Freeze IAM's clock at `now` (CreateDate, last-used); `null` returns it to real time. */
  setClock(now: Date | null): Promise<void>;
  backdateKey(user: string, accessKeyId: string, options: BackdateOptions): Promise<void>;
  /**
   * Creates thousands of users with back-dated keys inside moto in one request (seconds, where the
   * IAM API takes minutes). Key ids are moto's; list them through IAM if a test needs them.
   */
  seedBulk(spec: BulkSeedSpec): Promise<BulkSeedResult>;
  /** Every SecretAccessKey moto issued since start, deleted keys included. */
  issuedSecrets(): Promise<readonly string[]>;
  /** Every SNS Publish moto recorded since the last reset. */
  snsMessages(): Promise<readonly SnsNotification[]>;
  /**
   * Makes CloudTrail LookupEvents refuse every request (AccessDeniedException) or throttle it
   * (ThrottlingException) until reset; the event history itself is recorded from every signed call
   * (cloudtrail_events.py).
   */
  setLookupFaults(faults: LookupFaults): Promise<void>;
  /** LookupEvents requests answered and throttled since the last reset, and events recorded. */
  lookupCounts(): Promise<LookupCounts>;
  /** Standard SDK environment variables pointing at this emulator with fake credentials. */
  env(): Readonly<Record<string, string>>;
  /** An SDK client configuration for this emulator (the region and credentials of env()). */
  clientConfig(): EmulatorClientConfig;
  stop(): Promise<void>;
}

export async function startEmulator(): Promise<Emulator> {
  ensurePythonVenv();
  const child = spawn(venvPython(), [LAUNCHER], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
  });
  const ports = await readyLine(child);
  return new MotoEmulator(child, ports.moto, ports.hooks);
}

interface Ports {
  readonly moto: number;
  readonly hooks: number;
}

function readyLine(child: ChildProcess): Promise<Ports> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(
        new Error(
          `moto emulator did not start: ${why}. Launcher: ${LAUNCHER} (python ${venvPython()}). ` +
            `Fix: run \`bash scripts/python-venv.sh\` and check the output below.\n--- launcher stderr (tail) ---\n` +
            stderr.slice(-STDERR_TAIL_CHARS),
        ),
      );
    };
    const timer = setTimeout(
      () => fail(`no ready line within ${STARTUP_TIMEOUT_MS} ms`),
      STARTUP_TIMEOUT_MS,
    );
    child.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-STDERR_TAIL_CHARS);
    });
    child.on('error', (err) => fail(`spawn failed (${err.message})`));
    child.on('exit', (code, signal) =>
      fail(`launcher exited early (code ${code}, signal ${signal})`),
    );
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
      const line = stdout.split('\n').find((l) => l.startsWith('{"moto"'));
      if (!line) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.stdout?.removeAllListeners('data');
      child.stdout?.resume();
      resolve(JSON.parse(line) as Ports);
    });
  });
}

class MotoEmulator implements Emulator {
  readonly endpoint: string;
  private readonly hooks: string;
  private stopped = false;

  constructor(
    private readonly child: ChildProcess,
    motoPort: number,
    hooksPort: number,
  ) {
    this.endpoint = `http://127.0.0.1:${motoPort}`;
    this.hooks = `http://127.0.0.1:${hooksPort}`;
  }

  async reset(): Promise<void> {
    await request(`${this.endpoint}/moto-api/reset`, 'POST');
    await this.setClock(null);
  }

  async setClock(now: Date | null): Promise<void> {
    await request(`${this.hooks}/clock`, 'POST', { now: now ? now.toISOString() : null });
  }

  async backdateKey(user: string, accessKeyId: string, options: BackdateOptions): Promise<void> {
    const body: Record<string, unknown> = { user, accessKeyId };
    if (options.createDate) body.createDate = options.createDate.toISOString();
    if (options.lastUsed !== undefined) {
      body.lastUsed =
        options.lastUsed === null
          ? null
          : {
              date: options.lastUsed.toISOString(),
              service: options.service ?? 'iam',
              region: REGION,
            };
    }
    await request(`${this.hooks}/backdate`, 'POST', body);
  }

  async seedBulk(spec: BulkSeedSpec): Promise<BulkSeedResult> {
    const body = { ...spec, now: spec.now.toISOString(), seed: spec.seed ?? 1 };
    return (await request(`${this.hooks}/seed-bulk`, 'POST', body)) as BulkSeedResult;
  }

  async issuedSecrets(): Promise<readonly string[]> {
    const res = (await request(`${this.hooks}/secrets`, 'GET')) as { secrets: string[] };
    return res.secrets;
  }

  async snsMessages(): Promise<readonly SnsNotification[]> {
    const data = (await request(`${this.endpoint}/moto-api/data.json`, 'GET')) as MotoData;
    const topics = data.sns?.Topic ?? [];
    return topics.flatMap((t) =>
      (t.sent_notifications ?? []).map(([messageId, message, subject, attributes]) => ({
        topicArn: t.arn,
        messageId,
        message,
        ...(subject ? { subject } : {}),
        messageAttributes: attributes ?? {},
      })),
    );
  }

  async setLookupFaults(faults: LookupFaults): Promise<void> {
    await request(`${this.hooks}/cloudtrail`, 'POST', faults);
  }

  async lookupCounts(): Promise<LookupCounts> {
    return (await request(`${this.hooks}/cloudtrail/lookups`, 'GET')) as LookupCounts;
  }

  clientConfig(): EmulatorClientConfig {
    const env = this.env();
    return {
      region: REGION,
      endpoint: this.endpoint,
      credentials: {
        accessKeyId: env.AWS_ACCESS_KEY_ID!,
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY!,
      },
    };
  }

  env(): Readonly<Record<string, string>> {
    return {
      AWS_ENDPOINT_URL: this.endpoint,
      AWS_REGION: REGION,
      AWS_DEFAULT_REGION: REGION,
      AWS_ACCESS_KEY_ID: 'AKIAFAKEEMULATOR0000',
      AWS_SECRET_ACCESS_KEY: 'fake-secret-for-the-local-emulator',
    };
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const exited = new Promise<void>((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) return resolve();
      this.child.once('exit', () => resolve());
    });
    this.child.stdin?.end(); // the launcher exits when stdin closes
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

interface MotoData {
  readonly sns?: {
    readonly Topic?: ReadonlyArray<{
      readonly arn: string;
      readonly sent_notifications?: ReadonlyArray<
        [string, string, string | null, Record<string, unknown> | null, ...unknown[]]
      >;
    }>;
  };
}

async function request(url: string, method: 'GET' | 'POST', body?: unknown): Promise<unknown> {
  const res = await fetch(url, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`emulator ${method} ${url} failed: HTTP ${res.status} ${text}`);
  return text ? JSON.parse(text) : {};
}

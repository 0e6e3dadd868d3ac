/**
 * What the two fake accounts of the unit tests share: the in-memory engine fake behind the ports
 * (engine/support/fake-account.ts) and the SDK-level fake behind aws-sdk-client-mock
 * (aws/support/sdk-account.ts). Users and keys, the calls served, and faults injected into the n-th
 * call of a command; each fake raises errors in its own shape (`raise`).
 */
import { createHash } from 'node:crypto';
import { rememberKeyMaterial } from '../../support/key-material';

export const ACCOUNT = '123456789012';
export const DAY_MS = 86_400_000;
export const NOW = new Date('2026-06-01T12:00:00Z');
export const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS);

export interface FakeKey {
  accessKeyId: string;
  secret: string;
  status: 'Active' | 'Inactive';
  createDate: Date;
  lastUsed?: Date;
}

export interface FakeUser {
  userName: string;
  path: string;
  tags: Record<string, string>;
  groups: string[];
  keys: FakeKey[];
}

export interface FakeVersion {
  id: string;
  value: string;
  stages: string[];
}

/** The HTTP status AWS answers these errors with; a name not listed gets none (like a lost response). */
export const STATUS: Readonly<Record<string, number>> = {
  LimitExceededException: 409,
  AccessDenied: 403,
  AccessDeniedException: 403,
  NoSuchEntity: 404,
  NoSuchEntityException: 404,
  ResourceNotFoundException: 400,
  Throttling: 400,
  ThrottlingException: 400,
  InvalidRequestException: 400,
  ServiceFailure: 500,
  ServiceUnavailable: 503,
};

let serial = 0;
export function newKeyId(): string {
  serial += 1;
  return `AKIAFAKE${String(serial).padStart(12, '0')}`;
}

/** Secrets the fakes hand out: long, random-looking, remembered so the leak guard searches for them. */
export function newSecret(accessKeyId: string): string {
  const secret = createHash('sha256')
    .update(`secret-${accessKeyId}-${serial}`)
    .digest('base64')
    .slice(0, 40);
  rememberKeyMaterial(secret);
  return secret;
}

export abstract class AccountState {
  readonly users = new Map<string, FakeUser>();
  readonly created: FakeKey[] = [];
  readonly calls: string[] = [];
  credentialReport: 'available' | Error = 'available';
  /** Runs before every call is served: lets a test play a concurrent actor at an exact moment. */
  beforeCall: (command: string) => void = () => undefined;
  /** Commands whose next call takes effect and then loses its answer (a reset connection). */
  readonly lostResponses = new Set<string>();
  private readonly faults = new Map<string, { skip: number; error: Error }>();

  /** An error as this fake's callers see the service raise it. */
  protected abstract raise(name: string, message?: string): Error;

  addUser(
    userName: string,
    keys: Partial<FakeKey>[] = [],
    extra: Partial<FakeUser> = {},
  ): FakeUser {
    const user: FakeUser = {
      userName,
      path: '/',
      tags: {},
      groups: [],
      ...extra,
      keys: keys.map((k) => {
        const accessKeyId = k.accessKeyId ?? newKeyId();
        return {
          accessKeyId,
          secret: newSecret(accessKeyId),
          status: 'Active',
          createDate: daysAgo(10),
          ...k,
        };
      }),
    };
    this.users.set(userName, user);
    return user;
  }

  /** Makes the `nth` (1-based) call of `command` (e.g. `CreateAccessKey`) fail with `error`. */
  failOn(command: string, error: Error, nth = 1): void {
    this.faults.set(command, { skip: nth - 1, error });
  }

  user(name: string): FakeUser {
    const u = this.users.get(name);
    if (!u)
      throw this.raise('NoSuchEntityException', `The user with name ${name} cannot be found.`);
    return u;
  }

  writes(): string[] {
    return this.calls.filter((c) => /^(Create|Update|Delete|Put|Tag|Untag)/.test(c));
  }

  /** Serves one call of `command`: the concurrent actor first, then the injected fault if it is due. */
  protected call(command: string): void {
    this.beforeCall(command);
    this.calls.push(command);
    const fault = this.faults.get(command);
    if (!fault) return;
    if (fault.skip > 0) {
      fault.skip -= 1;
      return;
    }
    this.faults.delete(command);
    throw fault.error;
  }

  protected keyOf(userName: string, accessKeyId: string): FakeKey {
    const key = this.user(userName).keys.find((k) => k.accessKeyId === accessKeyId);
    if (!key) {
      throw this.raise(
        'NoSuchEntityException',
        `The Access Key with id ${accessKeyId} cannot be found.`,
      );
    }
    return key;
  }

  /**
   * Stores `value` as version `id` of a secret and makes it AWSCURRENT (the old current becomes
   * AWSPREVIOUS); a version id reused with another value is refused, as Secrets Manager does.
   */
  protected putValue(s: { versions: FakeVersion[] }, id: string, value: string): void {
    const existing = s.versions.find((v) => v.id === id);
    if (existing) {
      if (existing.value !== value)
        throw this.raise('ResourceExistsException', 'token reused with another value');
      return;
    }
    for (const v of s.versions) {
      v.stages = v.stages
        .filter((st) => st !== 'AWSPREVIOUS')
        .map((st) => (st === 'AWSCURRENT' ? 'AWSPREVIOUS' : st));
    }
    s.versions.push({ id, value, stages: ['AWSCURRENT'] });
  }
}

/**
 * An in-memory account behind the engine's ports (lambda/engine/ports.ts): users, keys, tags, secrets
 * and published notices, with no SDK anywhere. State changes (created keys, statuses, secret versions)
 * are visible to later reads, so fresh re-reads and rollbacks behave as they would against AWS.
 *
 * Each port method records the AWS operations its adapter makes (lambda/aws), in the same order, so a
 * test can say "the n-th ListAccessKeys fails" or assert the calls a run made. A fault is an error as
 * the service would raise it (awsError: its name and HTTP status); each port method turns it into the
 * outcome its contract names, as the adapter does: a 4xx on CreateAccessKey is `refused`, anything
 * else `unanswered`; NoSuchEntity on a key write is `not-found`.
 */
import type { AccessKeyFacts, KeyStatus } from '../../../../lambda/core/model/types';
import { secretName } from '../../../../lambda/aws/secret-name';
import { describeError } from '../../../../lambda/engine/errors';
import {
  NotFoundError,
  SecretStoreError,
  type CallCounter,
  type CreateKeyResult,
  type KeyStore,
  type NewAccessKey,
  type Notifier,
  type ParsedReport,
  type ReportRow,
  type SecretStore,
  type SecretTarget,
  type UserDirectory,
} from '../../../../lambda/engine/ports';
import type { Notice } from '../../../../lambda/notify/notice';
import { renderNotice, type RenderedNotice } from '../../../../lambda/notify/render';
import {
  ACCOUNT,
  AccountState,
  STATUS,
  type FakeKey,
  type FakeUser,
  type FakeVersion,
  newKeyId,
  newSecret,
} from '../../support/account-state';
export {
  ACCOUNT,
  DAY_MS,
  NOW,
  daysAgo,
  type FakeKey,
  type FakeUser,
} from '../../support/account-state';

export interface FakeSecret {
  name: string;
  /** The engine created it (its tag): the store rewrites its policy before writing. */
  engineCreated: boolean;
  /** Set: the SecretStore's trust check answers this reason (docs/lifecycle.md, "Secrets"). */
  untrusted?: string;
  versions: FakeVersion[];
}

/** A published notice as a person reads it (notify/render.ts), with the notice itself. */
export interface Published extends RenderedNotice {
  readonly notice: Notice;
}

/** An error as the service raises it: its name, and the HTTP status it comes with. */
export function awsError(name: string, message = `${name} (injected)`): Error {
  const status = STATUS[name];
  return Object.assign(new Error(message), { name, status });
}

const statusOf = (err: unknown) => (err as { status?: number }).status;
const refused = (err: unknown) => (statusOf(err) ?? 0) >= 400 && (statusOf(err) ?? 0) < 500;
const notFound = (err: unknown) => /^(NoSuchEntity|ResourceNotFound)/.test((err as Error).name);

/** The version a key (or its deletion record) is stored under: one per AccessKeyId, as the adapter's. */
const versionOf = (accessKeyId: string, purpose: 'key' | 'deleted') => `${purpose}:${accessKeyId}`;

export class FakeAccount extends AccountState {
  protected raise(name: string, message?: string): Error {
    return awsError(name, message);
  }

  readonly users = new Map<string, FakeUser>();
  readonly secrets = new Map<string, FakeSecret>();
  readonly published: Published[] = [];
  private callsAtReset = 0;

  /**
   * Seeds a secret holding `key` as AWSCURRENT, as if stored by an earlier run into a secret the
   * module created (trusted), unless `untrusted` gives the reason the trust check reports.
   */
  seedSecret(name: string, userName: string, key: FakeKey, untrusted?: string): void {
    this.secrets.set(name, { name, engineCreated: false, untrusted, versions: [] });
    const value = JSON.stringify({
      UserName: userName,
      AccessKeyId: key.accessKeyId,
      SecretAccessKey: key.secret,
    });
    this.putValue(this.secrets.get(name)!, `seed-${key.accessKeyId}`, value);
  }

  current(name: string): Record<string, unknown> | undefined {
    const v = this.currentVersion(name);
    return v ? (JSON.parse(v.value) as Record<string, unknown>) : undefined;
  }

  // ---- the ports ----

  /** Counts the operations the ports make, as the SDK middleware counts the adapters' calls. */
  readonly counter: CallCounter = ((account) => ({
    reset() {
      account.callsAtReset = account.calls.length;
    },
    get count() {
      return account.calls.length - account.callsAtReset;
    },
  }))(this);

  readonly directory: UserDirectory = {
    listUsers: async () => {
      this.call('GetAccountAuthorizationDetails');
      return [...this.users.values()].map((u) => this.inventoryUser(u));
    },
    readUsers: async (names) => {
      const found = [];
      const notFoundNames: string[] = [];
      for (const name of names) {
        try {
          this.call('GetUser');
          const u = this.user(name);
          this.call('ListGroupsForUser');
          found.push(this.inventoryUser(u));
        } catch (err) {
          if (!notFound(err)) throw err;
          notFoundNames.push(name);
        }
      }
      return { found, notFound: notFoundNames };
    },
    credentialReport: async () => {
      try {
        this.call('GenerateCredentialReport');
        this.call('GetCredentialReport');
        if (this.credentialReport !== 'available') throw this.credentialReport;
      } catch (err) {
        return { available: false, reason: describeError(err) };
      }
      return { available: true, report: this.report() };
    },
  };

  readonly keys: KeyStore = {
    listKeys: async (userName) => {
      this.call('ListAccessKeys');
      const u = this.users.get(userName);
      if (!u)
        throw new NotFoundError(`NoSuchEntity: the user with name ${userName} cannot be found`);
      return u.keys.map((k) => ({
        accessKeyId: k.accessKeyId,
        status: k.status as KeyStatus,
        createDate: k.createDate,
      }));
    },
    withLastUsed: async (keys) => {
      const out: AccessKeyFacts[] = [];
      for (const key of keys) {
        this.call('GetAccessKeyLastUsed');
        const found = [...this.users.values()]
          .flatMap((u) => u.keys)
          .find((k) => k.accessKeyId === key.accessKeyId);
        if (found) out.push({ ...key, lastUsedDate: found.lastUsed });
      }
      return out;
    },
    createKey: async (userName, now): Promise<CreateKeyResult> => {
      let key: FakeKey;
      try {
        this.call('CreateAccessKey');
        const u = this.user(userName);
        if (u.keys.length >= 2) {
          throw awsError('LimitExceededException', 'Cannot exceed quota for AccessKeysPerUser: 2');
        }
        const accessKeyId = newKeyId();
        key = { accessKeyId, secret: newSecret(accessKeyId), status: 'Active', createDate: now };
        u.keys.push(key);
        this.created.push(key);
        if (this.lostResponses.delete('CreateAccessKey')) {
          throw Object.assign(new Error('socket hang up (the answer was lost)'), { name: 'Error' });
        }
      } catch (err) {
        if (!refused(err)) return { kind: 'unanswered', reason: describeError(err) };
        const limitExceeded = /^LimitExceeded/.test((err as Error).name);
        return { kind: 'refused', limitExceeded, reason: describeError(err) };
      }
      const created: NewAccessKey = {
        accessKeyId: key.accessKeyId,
        secretAccessKey: key.secret,
        createDate: now,
      };
      return { kind: 'created', key: created };
    },
    setKeyStatus: (userName, accessKeyId, status) =>
      this.keyWrite('UpdateAccessKey', () => {
        this.keyOf(userName, accessKeyId).status = status;
      }),
    deleteKey: (userName, accessKeyId) =>
      this.keyWrite('DeleteAccessKey', () => {
        const u = this.user(userName);
        this.keyOf(userName, accessKeyId);
        u.keys = u.keys.filter((k) => k.accessKeyId !== accessKeyId);
      }),
    tagUser: async (userName, tags) => {
      const entries = Object.entries(tags);
      for (let i = 0; i < entries.length; i += 50) {
        this.call('TagUser');
        const u = this.user(userName);
        const chunk = entries.slice(i, i + 50);
        const after = new Set([...Object.keys(u.tags), ...chunk.map(([k]) => k)]);
        if (after.size > 50)
          throw awsError('LimitExceededException', 'Cannot exceed quota for TagsPerUser: 50');
        for (const [k, v] of chunk) u.tags[k] = v;
      }
    },
    untagUser: async (userName, tagKeys) => {
      for (let i = 0; i < tagKeys.length; i += 50) {
        this.call('UntagUser');
        const u = this.user(userName);
        for (const k of tagKeys.slice(i, i + 50)) delete u.tags[k];
      }
    },
  };

  readonly notifier: Notifier = {
    publish: async (notice) => {
      this.call('Publish');
      this.published.push({ notice, ...renderNotice(notice) });
    },
  };

  /** The secret store for a SECRET_PREFIX and a configured KMS key (the adapter's settings). */
  secretStore(secretPrefix: string): SecretStore {
    return {
      nameFor: (userName) => secretName(secretPrefix, userName),
      trust: async (target) => {
        this.call('DescribeSecret');
        const secret = this.secrets.get(target.secretName);
        if (!secret) return { trusted: true, exists: false };
        if (secret.untrusted) return { trusted: false, why: secret.untrusted };
        if (!secret.engineCreated) this.call('GetResourcePolicy');
        return { trusted: true, exists: true };
      },
      store: (target, key, knownAbsent) => this.store(target, key, knownAbsent),
      undoStore: async (failure) => {
        if (!failure.valueMayBeWritten) return 'nothing-written';
        this.call('DescribeSecret');
        const current = this.currentVersion(failure.secretName);
        if (current?.id !== failure.writtenVersionId) return 'nothing-written';
        if (!failure.previousVersionId) return 'no-previous-version';
        this.call('UpdateSecretVersionStage');
        const secret = this.secrets.get(failure.secretName)!;
        for (const v of secret.versions) {
          v.stages = v.stages.filter((st) => st !== 'AWSPREVIOUS' && st !== 'AWSCURRENT');
          if (v.id === failure.writtenVersionId) v.stages.push('AWSPREVIOUS');
          if (v.id === failure.previousVersionId) v.stages.push('AWSCURRENT');
        }
        return 'restored';
      },
      recordDeletion: async (target, accessKeyId, deletedAt) => {
        this.call('GetSecretValue');
        const secret = this.secrets.get(target.secretName);
        const current = this.currentVersion(target.secretName);
        if (!secret || !current) return 'no-secret';
        if ((JSON.parse(current.value) as { AccessKeyId?: string }).AccessKeyId !== accessKeyId) {
          return 'not-current';
        }
        this.call('PutSecretValue');
        const value = JSON.stringify({
          UserName: target.userName,
          AccessKeyId: accessKeyId,
          Status: 'Deleted',
          DeletedDate: deletedAt.toISOString(),
        });
        this.putValue(secret, versionOf(accessKeyId, 'deleted'), value);
        return 'recorded';
      },
      currentStoredKeyId: async (name, accessKeyIds) => {
        this.call('DescribeSecret');
        const current = this.currentVersion(name);
        return accessKeyIds.find((id) => versionOf(id, 'key') === current?.id);
      },
    };
  }

  // ---- the model behind the ports ----

  private async store(target: SecretTarget, key: NewAccessKey, knownAbsent: boolean) {
    const token = versionOf(key.accessKeyId, 'key');
    let step = 'describe-secret';
    let previous: string | undefined;
    let mayBeWritten = false;
    try {
      let existing: FakeSecret | undefined;
      if (!knownAbsent) {
        this.call('DescribeSecret');
        existing = this.secrets.get(target.secretName);
        previous = this.currentVersion(target.secretName)?.id;
      }
      if (!existing) {
        step = 'create-secret';
        this.call('CreateSecret');
        if (this.secrets.has(target.secretName)) {
          // Created meanwhile: with knownAbsent, nobody checked it, so the store fails.
          if (knownAbsent) throw awsError('ResourceExistsException');
        } else {
          const created = { name: target.secretName, engineCreated: true, versions: [] };
          this.secrets.set(target.secretName, created);
        }
      }
      const secret = this.secrets.get(target.secretName)!;
      if (!existing || secret.engineCreated) {
        step = 'put-resource-policy';
        this.call('PutResourcePolicy');
      }
      step = 'put-secret-value';
      mayBeWritten = true;
      this.call('PutSecretValue');
      const value = JSON.stringify({
        UserName: target.userName,
        AccessKeyId: key.accessKeyId,
        SecretAccessKey: key.secretAccessKey,
      });
      this.putValue(secret, token, value);
      step = 'verify-secret';
      this.call('GetSecretValue');
      const stored = this.current(target.secretName);
      if (
        key.secretAccessKey === '' ||
        stored?.AccessKeyId !== key.accessKeyId ||
        stored?.SecretAccessKey !== key.secretAccessKey
      ) {
        throw new Error(`secret ${target.secretName} read back does not hold ${key.accessKeyId}`);
      }
    } catch (err) {
      throw new SecretStoreError(
        target.secretName,
        key.accessKeyId,
        step,
        mayBeWritten,
        previous,
        token,
        err,
      );
    }
  }

  /** A write to a key: NoSuchEntity (the key or its user is gone) is `not-found`. */
  private async keyWrite(command: string, write: () => void): Promise<'done' | 'not-found'> {
    try {
      this.call(command);
      write();
      return 'done';
    } catch (err) {
      if (notFound(err)) return 'not-found';
      throw err;
    }
  }

  private inventoryUser(u: FakeUser) {
    return {
      userName: u.userName,
      path: u.path,
      arn: `arn:aws:iam::${ACCOUNT}:user${u.path}${u.userName}`,
      tags: { ...u.tags },
      groups: [...u.groups],
    };
  }

  private currentVersion(name: string): FakeVersion | undefined {
    return this.secrets.get(name)?.versions.find((x) => x.stages.includes('AWSCURRENT'));
  }

  /** What the credential report says of every user (two key slots each). */
  private report(): ParsedReport {
    const rows = new Map<string, ReportRow>();
    for (const u of this.users.values()) {
      rows.set(u.userName, {
        user: u.userName,
        arn: `arn:aws:iam::${ACCOUNT}:user${u.path}${u.userName}`,
        keys: u.keys.slice(0, 2).map((k, i) => ({
          slot: (i + 1) as 1 | 2,
          status: k.status,
          createDate: k.createDate,
          lastUsedDate: k.lastUsed,
        })),
      });
    }
    return { rows, malformed: [] };
  }
}

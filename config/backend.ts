/**
 * Where an account's Terraform state lives, as config/accounts.json names it (`"backend"` at the top as
 * the default of every account, or in an account). Two types:
 * - `local` (the default): a state file at a path RELATIVE to the repository root, by default
 *   `terraform.<account name>.tfstate` (where cdktf has always put it, now written as a relative path so
 *   the synthesized stack holds no absolute path of one machine);
 * - `s3`: one state object per account in a bucket, encrypted, locked with S3's own lock file
 *   (`use_lockfile`, Terraform >= 1.10), by default under the key `iam-key-lifecycle/<account name>.tfstate`.
 */
export interface LocalBackend {
  readonly type: 'local';
  /** Relative to the repository root. */
  readonly path: string;
}

export interface S3Backend {
  readonly type: 's3';
  readonly bucket: string;
  readonly key: string;
  readonly region: string;
  readonly encrypt: boolean;
  readonly useLockfile: boolean;
  readonly kmsKeyId?: string;
  readonly dynamodbTable?: string;
  /** Role the backend assumes to read and write the state (the provider's role is not used for state). */
  readonly roleArn?: string;
  readonly profile?: string;
}

export type BackendConfig = LocalBackend | S3Backend;

/** What an account's backend entry may hold, per type (camelCase, like the rest of the file). */
export const BACKEND_KEYS = {
  local: ['path'],
  s3: [
    'bucket',
    'key',
    'region',
    'encrypt',
    'useLockfile',
    'kmsKeyId',
    'dynamodbTable',
    'roleArn',
    'profile',
  ],
} as const;

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const S3_KEY = /^[A-Za-z0-9!_.*'()/-]{1,1024}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/;
const KMS_KEY =
  /^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+|alias\/.+|(mrk-)?[0-9a-f-]{32,36})$/;
const DYNAMODB_TABLE = /^[A-Za-z0-9_.-]{3,255}$/;

export type Report = (prop: string, message: string) => void;

function relativePath(report: Report, where: string, value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') {
    report(
      where,
      `must be a file path relative to the repository root, got ${JSON.stringify(value)}`,
    );
    return undefined;
  }
  if (/^([A-Za-z]:)?[\\/]/.test(value) || value.startsWith('~')) {
    report(
      where,
      `must be relative to the repository root, got the absolute path ${JSON.stringify(value)} (a committed config must not name one machine's directories; e.g. "state/<account>.tfstate")`,
    );
    return undefined;
  }
  return value;
}

function text(report: Report, where: string, value: unknown, pattern: RegExp, what: string) {
  if (typeof value === 'string' && pattern.test(value)) return value;
  report(where, `must be ${what}, got ${JSON.stringify(value)}`);
  return undefined;
}

function flag(report: Report, where: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value === 'boolean') return value;
  report(where, `must be true or false, got ${JSON.stringify(value)}`);
  return fallback;
}

/**
 * Validates one backend entry for the account `name`, reporting each problem under `where`, or gives
 * the default local backend when there is none. Returns undefined when the entry is invalid.
 */
export function parseBackend(
  raw: unknown,
  name: string,
  where: string,
  report: Report,
): BackendConfig | undefined {
  let failed = false;
  const result = parse(
    (prop, message) => {
      failed = true;
      report(prop, message);
    },
    raw,
    name,
    where,
  );
  return failed ? undefined : result;
}

function parse(r: Report, raw: unknown, name: string, where: string): BackendConfig | undefined {
  if (raw === undefined) return { type: 'local', path: `terraform.${name}.tfstate` };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    r(where, `must be an object like {"type": "s3", "config": {...}}, got ${JSON.stringify(raw)}`);
    return undefined;
  }
  const entry = raw as Record<string, unknown>;
  const extra = Object.keys(entry).filter((k) => k !== 'type' && k !== 'config');
  if (extra.length > 0) r(where, `unknown key "${extra[0]}" (allowed: type, config)`);
  const type = entry.type;
  if (type !== 'local' && type !== 's3') {
    r(
      `${where}.type`,
      `must be "local" or "s3", got ${JSON.stringify(type)} (other backends: add them in modules/account-stack/backend.ts)`,
    );
    return undefined;
  }
  const config = (entry.config ?? {}) as Record<string, unknown>;
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    r(`${where}.config`, `must be an object, got ${JSON.stringify(entry.config)}`);
    return undefined;
  }
  const allowed: readonly string[] = BACKEND_KEYS[type];
  for (const k of Object.keys(config).filter((k) => !allowed.includes(k))) {
    r(`${where}.config`, `unknown key "${k}" for type "${type}" (allowed: ${allowed.join(', ')})`);
  }
  const at = (k: string) => `${where}.config.${k}`;
  if (type === 'local') {
    const path =
      config.path === undefined
        ? `terraform.${name}.tfstate`
        : relativePath(r, at('path'), config.path);
    return path === undefined ? undefined : { type, path };
  }
  const bucket = text(
    r,
    at('bucket'),
    config.bucket,
    BUCKET,
    'an S3 bucket name (3-63 of a-z 0-9 . -)',
  );
  const region = text(
    r,
    at('region'),
    config.region,
    REGION,
    "the bucket's region, like eu-west-1",
  );
  const key =
    config.key === undefined
      ? `iam-key-lifecycle/${name}.tfstate`
      : text(
          r,
          at('key'),
          config.key,
          S3_KEY,
          'an S3 object key like iam-key-lifecycle/sandbox.tfstate',
        );
  const optional = (k: string, pattern: RegExp, what: string) =>
    config[k] === undefined ? undefined : text(r, at(k), config[k], pattern, what);
  const s3: S3Backend = {
    type,
    bucket: bucket ?? '',
    key: key ?? '',
    region: region ?? '',
    encrypt: flag(r, at('encrypt'), config.encrypt, true),
    useLockfile: flag(r, at('useLockfile'), config.useLockfile, true),
    kmsKeyId: optional('kmsKeyId', KMS_KEY, 'a KMS key ARN, key id or alias'),
    dynamodbTable: optional('dynamodbTable', DYNAMODB_TABLE, 'a DynamoDB table name'),
    roleArn: optional('roleArn', ROLE_ARN, 'an IAM role ARN'),
    profile: optional('profile', /^\S+$/, 'a profile name of the shared AWS config'),
  };
  return s3;
}

/** Where the state of an account lives, for telling two accounts apart. */
export function stateLocation(b: BackendConfig): string {
  return b.type === 'local' ? `local ${b.path}` : `s3://${b.bucket}/${b.key}`;
}

import { Testing } from 'cdktf';
import { parseAccounts, loadAccounts, readAccountsConfig } from '../../config/load-accounts';
import { InvalidPropsError } from '../../modules/access-key-lifecycle/errors';
import { AccountStack } from '../../modules/account-stack/account-stack';
import { ACCOUNTS_FILE } from './support/account-stacks';
import { placeholderZip } from './support/stacks';

const account = {
  name: 'sandbox',
  accountId: '123456789012',
  region: 'us-east-1',
  roleArn: 'arn:aws:iam::123456789012:role/deployer',
};

const report = { ...account, module: { mode: 'report' } };
const s3 = { bucket: 'team-state', region: 'eu-west-1' };

describe('config/accounts.json loader', () => {
  it('loads the committed config with defaults merged into each account', () => {
    // Act
    const accounts = loadAccounts(ACCOUNTS_FILE);

    // Assess
    expect(accounts.map((a) => [a.name, a.module.mode])).toEqual([
      ['sandbox', 'enforce'],
      ['production', 'report'],
    ]);
    expect(accounts[1]!.module.rotationDays).toBe(90);
  });

  it.each<[string, unknown, RegExp]>([
    ['no accounts', { accounts: [] }, /accounts: must list at least one account/],
    ['unknown top-level key', { acounts: [] }, /unknown key "acounts"/],
    [
      'misspelt module option',
      { accounts: [{ ...account, module: { mode: 'report', rotationDay: 30 } }] },
      /accounts\[0\]\.module: unknown key "rotationDay"/,
    ],
    [
      'short account id',
      { accounts: [{ ...account, accountId: '1234' }] },
      /accounts\[0\]\.accountId: must be a 12-digit account id, got "1234"/,
    ],
    [
      'role of another account',
      {
        accounts: [
          {
            ...account,
            roleArn: 'arn:aws:iam::210987654321:role/deployer',
            module: { mode: 'report' },
          },
        ],
      },
      /roleArn: belongs to account 210987654321, not accountId 123456789012/,
    ],
    [
      'duplicate stack name',
      { defaults: { mode: 'report' }, accounts: [account, account] },
      /accounts\[1\]\.name: repeats "sandbox"/,
    ],
    ['mode nowhere', { accounts: [account] }, /accounts\[0\]\.module\.mode: is required/],
    [
      'an absolute local state path',
      {
        accounts: [
          { ...report, backend: { type: 'local', config: { path: '/var/state/x.tfstate' } } },
        ],
      },
      /accounts\[0\]\.backend\.config\.path: must be relative to the repository root, got the absolute path "\/var\/state\/x.tfstate"/,
    ],
    [
      'an unsupported backend type',
      { accounts: [{ ...report, backend: { type: 'gcs' } }] },
      /accounts\[0\]\.backend\.type: must be "local" or "s3", got "gcs"/,
    ],
    [
      'an s3 backend without bucket and region',
      { accounts: [{ ...report, backend: { type: 's3', config: {} } }] },
      /backend\.config\.bucket: must be an S3 bucket name .*, got undefined\n.*backend\.config\.region: must be the bucket's region, like eu-west-1, got undefined/,
    ],
    [
      'a misspelt s3 option',
      {
        accounts: [
          { ...report, backend: { type: 's3', config: { ...s3, dynamoDbTable: 'locks' } } },
        ],
      },
      /accounts\[0\]\.backend\.config: unknown key "dynamoDbTable" for type "s3" \(allowed: bucket, key, region, encrypt, useLockfile, kmsKeyId, dynamodbTable, roleArn, profile\)/,
    ],
    [
      'encrypt that is not a boolean',
      { accounts: [{ ...report, backend: { type: 's3', config: { ...s3, encrypt: 'yes' } } }] },
      /backend\.config\.encrypt: must be true or false, got "yes"/,
    ],
    [
      'two accounts sharing one state object',
      {
        backend: { type: 's3', config: { ...s3, key: 'shared.tfstate' } },
        accounts: [report, { ...report, name: 'other' }],
      },
      /accounts\[1\]\.backend: stores its state at s3:\/\/team-state\/shared.tfstate, as account "sandbox" does/,
    ],
  ])('rejects %s', (_name, raw, message) => {
    expect(() => parseAccounts(raw, 'accounts.json')).toThrow(message);
  });

  it.each<[string, Record<string, unknown>, readonly string[]]>([
    [
      'owners as a string',
      { owners: 'alice' },
      ['owners: must be a list of objects like {"userName": ..., "email": ...}, got "alice"'],
    ],
    [
      'a null owner',
      { owners: [null] },
      ['owners[0]: must be an object like {"userName": ..., "email": ...}, got null'],
    ],
    [
      'a misspelt owner key',
      { owners: [{ username: 'alice', email: 'alice@example.com' }] },
      [
        'owners[0]: unknown key "username" (allowed: userName, email)',
        'owners[0]: needs "userName"',
      ],
    ],
    [
      'a number among ops emails',
      { opsEmails: ['ops@example.com', 7] },
      ['opsEmails[1]: must be a string, got 7'],
    ],
    [
      'a secret user without a name',
      { managedSecretUsers: [{ path: '/ci/' }] },
      ['managedSecretUsers[0]: needs "userName"'],
    ],
  ])('reads module options of the right JSON shape only: %s', (_name, module, expected) => {
    // Act
    let error: unknown;
    try {
      parseAccounts(
        { accounts: [{ ...account, module: { mode: 'report', ...module } }] },
        'a.json',
      );
    } catch (err) {
      error = err;
    }

    // Assess
    expect((error as InvalidPropsError).problems.map((p) => p.message)).toEqual(
      expected.map((e) => `a.json accounts[0].module.${e}`),
    );
  });

  it('builds no account on defaults of the wrong shape', () => {
    // Act
    const read = readAccountsConfig(
      { defaults: { mode: 'report', owners: {} }, accounts: [account] },
      'a.json',
    );

    // Assess
    expect(read.accounts).toEqual([]);
    expect(read.problems.map((p) => p.prop)).toEqual(['defaults.owners']);
  });

  it('lists every problem of every account, not only the first', () => {
    // Prepare
    const raw = {
      accounts: [
        { ...account, accountId: '1234', module: { mode: 'report', rotationDay: 30 } },
        { ...report, name: 'production', region: 'europe' },
      ],
    };

    // Act
    let error: unknown;
    try {
      parseAccounts(raw, 'accounts.json');
    } catch (err) {
      error = err;
    }

    // Assess
    expect((error as InvalidPropsError).problems.map((p) => p.prop)).toEqual([
      'accounts[0].accountId',
      'accounts[0].module',
      'accounts[1].region',
    ]);
  });
});

describe('backend per account', () => {
  const zip = placeholderZip();

  function synthesizedBackend(raw: unknown): Record<string, unknown> {
    const [parsed] = parseAccounts(raw, 'accounts.json');
    const stack = new AccountStack(Testing.app(), { account: parsed!, lambdaZipPath: zip });
    const json = JSON.parse(Testing.synth(stack)) as {
      terraform: { backend: Record<string, unknown> };
    };
    return json.terraform.backend;
  }

  it('defaults to the local file terraform.<name>.tfstate at the repository root, by a relative path', () => {
    // Act
    const backend = synthesizedBackend({ accounts: [report] }) as { local: { path: string } };

    // Assess
    expect(backend.local.path).not.toMatch(/^\//);
    expect(backend.local.path).toMatch(/(^|\/)terraform\.sandbox\.tfstate$/);
  });

  it('synthesizes an s3 backend, encrypted and locked by default, with a key per account', () => {
    // Act
    const backend = synthesizedBackend({ backend: { type: 's3', config: s3 }, accounts: [report] });

    // Assess
    expect(backend).toEqual({
      s3: {
        bucket: 'team-state',
        key: 'iam-key-lifecycle/sandbox.tfstate',
        region: 'eu-west-1',
        encrypt: true,
        use_lockfile: true,
      },
    });
  });

  it('passes the optional s3 settings through, and an account overrides the default', () => {
    // Act
    const backend = synthesizedBackend({
      backend: { type: 'local' },
      accounts: [
        {
          ...report,
          backend: {
            type: 's3',
            config: {
              ...s3,
              key: 'keys/sandbox.tfstate',
              useLockfile: false,
              dynamodbTable: 'terraform-locks',
              kmsKeyId: 'alias/terraform-state',
              roleArn: 'arn:aws:iam::111111111111:role/state-writer',
            },
          },
        },
      ],
    });

    // Assess
    expect(backend).toEqual({
      s3: {
        bucket: 'team-state',
        key: 'keys/sandbox.tfstate',
        region: 'eu-west-1',
        encrypt: true,
        dynamodb_table: 'terraform-locks',
        kms_key_id: 'alias/terraform-state',
        assume_role: {
          role_arn: 'arn:aws:iam::111111111111:role/state-writer',
          session_name: 'iam-key-lifecycle-state',
        },
      },
    });
  });
});

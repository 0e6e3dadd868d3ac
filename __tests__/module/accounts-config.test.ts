import { parseAccounts, loadAccounts } from '../../config/load-accounts';
import { ACCOUNTS_FILE } from './support/account-stacks';

const account = {
  name: 'sandbox',
  accountId: '123456789012',
  region: 'us-east-1',
  roleArn: 'arn:aws:iam::123456789012:role/deployer',
};

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
  ])('rejects %s', (_name, raw, message) => {
    expect(() => parseAccounts(raw, 'accounts.json')).toThrow(message);
  });
});

/**
 * Construct props (modules/access-key-lifecycle/validate-props.ts, lambda/config/settings.ts): a bad prop
 * fails `cdktf synth` with an InvalidPropError whose message names the prop, the value received and the
 * fix, so Terraform never sees the stack. Numeric bounds are walked in __tests__/module/settings-bounds.test.ts
 * (construct, Lambda and HCL variables); these rows are the other kinds: ARNs of the wrong kind, duplicate
 * and case-variant entries, malformed emails, schedule expressions EventBridge refuses, non-numbers.
 */
import {
  InvalidPropError,
  type AccessKeyLifecycleProps,
} from '../../../modules/access-key-lifecycle';
import { buildStack, placeholderZip } from '../../module/support/stacks';
import { category, type BadInputCase } from './case';

type Row = BadInputCase<
  Readonly<Record<string, unknown>>,
  { readonly prop: string; readonly mentions: readonly string[] }
>;

const ACCOUNT = '123456789012';

export const PROPS_CASES: readonly Row[] = [
  {
    name: 'mode in capitals',
    input: { mode: 'Enforce' },
    expected: { prop: 'mode', mentions: ['got "Enforce"', '"enforce" or "report"', 'no default'] },
  },
  {
    name: 'kmsKeyArn naming an alias',
    input: { kmsKeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/keys` },
    expected: { prop: 'kmsKeyArn', mentions: ['alias/keys"', 'must be a KMS key ARN like'] },
  },
  {
    name: 'kmsKeyArn a bare key id',
    input: { kmsKeyArn: '1234abcd-12ab-34cd-56ef-1234567890ab' },
    expected: { prop: 'kmsKeyArn', mentions: ['got "1234abcd-', 'key/<key id>'] },
  },
  {
    name: 'secretAdminPrincipalArns naming a group (groups cannot be principals)',
    input: { secretAdminPrincipalArns: [`arn:aws:iam::${ACCOUNT}:group/admins`] },
    expected: {
      prop: 'secretAdminPrincipalArns[0]',
      mentions: ['group/admins"', 'root, user or role'],
    },
  },
  {
    name: 'secretAdminPrincipalArns a wildcard',
    input: { secretAdminPrincipalArns: ['*'] },
    expected: { prop: 'secretAdminPrincipalArns[0]', mentions: ['got "*"', 'IAM principal ARN'] },
  },
  {
    name: 'secretAdminPrincipalArns with a comma in the role name',
    input: { secretAdminPrincipalArns: [`arn:aws:iam::${ACCOUNT}:role/a,b`] },
    expected: { prop: 'secretAdminPrincipalArns[0]', mentions: ['role/a,b"', 'no ","'] },
  },
  {
    name: 'tagAdminPrincipalArns naming an STS session',
    input: { tagAdminPrincipalArns: [`arn:aws:sts::${ACCOUNT}:assumed-role/admin/bob`] },
    expected: {
      prop: 'tagAdminPrincipalArns[0]',
      mentions: ['assumed-role/admin/bob"', 'IAM principal ARN'],
    },
  },
  {
    name: 'the same owner listed twice',
    input: {
      owners: [
        { userName: 'alice', email: 'alice@example.com' },
        { userName: 'alice', email: 'alice@example.com' },
      ],
    },
    expected: {
      prop: 'owners[1]',
      mentions: ['not repeat owners[0]', 'alice alice@example.com', 'remove the duplicate'],
    },
  },
  {
    name: 'an owner user name with a space',
    input: { owners: [{ userName: 'bob smith', email: 'bob@example.com' }] },
    expected: { prop: 'owners[0].userName', mentions: ['got "bob smith"', 'IAM user name'] },
  },
  {
    name: 'an ops email with a display name',
    input: { opsEmails: ['Ops <ops@example.com>'] },
    expected: {
      prop: 'opsEmails[0]',
      mentions: ['got "Ops <ops@example.com>"', 'ops@example.com'],
    },
  },
  {
    name: 'an empty ops email',
    input: { opsEmails: [''] },
    expected: { prop: 'opsEmails[0]', mentions: ['got ""', 'email address'] },
  },
  {
    name: 'namePrefix starting with a digit',
    input: { namePrefix: '1keys' },
    expected: { prop: 'namePrefix', mentions: ['got "1keys"', 'starting with a letter'] },
  },
  {
    name: 'exemptGroup with a space',
    input: { exemptGroup: 'ops team' },
    expected: { prop: 'exemptGroup', mentions: ['got "ops team"', 'IAM group name'] },
  },
  {
    name: 'maxEventAgeSeconds under a minute',
    input: { maxEventAgeSeconds: 30 },
    expected: { prop: 'maxEventAgeSeconds', mentions: ['got 30', 'from 60 to 21600'] },
  },
  {
    name: 'rotationDays given as a string (as read from JSON or an environment variable)',
    input: { rotationDays: '90' },
    expected: { prop: 'rotationDays', mentions: ['got "90"', 'integer from 1 to 3650'] },
  },
  {
    // Number(process.env.UNSET) is NaN; JSON.stringify(NaN) is "null", which names the wrong value.
    name: 'rotationDays NaN: the message names NaN, not null',
    input: { rotationDays: Number.NaN },
    expected: { prop: 'rotationDays', mentions: ['got NaN', 'integer from 1 to 3650'] },
  },
  {
    // EventBridge wants six cron fields; a five-field (crontab) expression passes synth and plan, then
    // fails at apply.
    name: 'scheduleExpression a five-field crontab cron is refused at synth',
    input: { scheduleExpression: 'cron(0 3 * * *)' },
    expected: { prop: 'scheduleExpression', mentions: ['got "cron(0 3 * * *)"', 'cron('] },
  },
  {
    // Two subscriptions of one email to one topic are one SNS subscription under two Terraform
    // addresses: removing the duplicate later unsubscribes the address altogether.
    name: 'the same ops email twice is refused',
    input: { opsEmails: ['ops@example.com', 'ops@example.com'] },
    expected: {
      prop: 'opsEmails[1]',
      mentions: ['not repeat opsEmails[0]', 'ops@example.com', 'remove the duplicate'],
    },
  },
  {
    // IAM user names are unique case-insensitively: only one of the two users can exist, and the other
    // secret is never written.
    name: 'managedSecretUsers naming one IAM user in two letter cases is refused',
    input: { managedSecretUsers: [{ userName: 'Alice' }, { userName: 'alice' }] },
    expected: {
      prop: 'managedSecretUsers[1].userName',
      mentions: ['not repeat managedSecretUsers[0].userName', 'alice', 'remove the duplicate'],
    },
  },
];

let zip: string | undefined;

export const CONSTRUCT_PROPS = category<Row['input'], Row['expected']>({
  category: 'construct-props',
  tried:
    'AccessKeyLifecycle props of the wrong kind (ARNs, principals, emails, names, duplicates, schedule expressions, non-numbers), synthesized in process',
  level: 'unit',
  cases: PROPS_CASES,
  async evaluate(row) {
    zip ??= placeholderZip();
    const props = { mode: 'enforce', lambdaZipPath: zip, ...row.input } as AccessKeyLifecycleProps;
    try {
      buildStack(props);
    } catch (err) {
      if (!(err instanceof InvalidPropError))
        return [
          `synth failed with ${(err as Error).name}, not InvalidPropError: ${(err as Error).message}`,
        ];
      const broken: string[] = [];
      if (err.prop !== row.expected.prop)
        broken.push(`the error names prop ${err.prop}, not ${row.expected.prop}`);
      if (!err.message.startsWith(`${row.expected.prop} must`))
        broken.push(`the message does not start with "${row.expected.prop} must": ${err.message}`);
      for (const m of row.expected.mentions)
        if (!err.message.includes(m))
          broken.push(`the message does not mention ${JSON.stringify(m)}: ${err.message}`);
      return broken;
    }
    return [`synth accepted ${JSON.stringify(row.input)}`];
  },
});

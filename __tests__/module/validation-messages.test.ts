/**
 * Issue 8 items 3 and 9: every validation explains itself in both paths, with the same words in the
 * caller's spelling. Each row is one bad input written as cdktf props; the construct must list exactly
 * the row's messages, and `terraform plan` of the exported module, given the same values as HCL
 * variables, must print each of them with snake_case names (and never `Invalid index` or any error
 * other than the variables' own messages). Rows whose variables do not overlap share one plan.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { AccessKeyLifecycleProps } from '../../modules/access-key-lifecycle';
import { InvalidPropsError, problemsOf } from '../../modules/access-key-lifecycle/errors';
import { hclName, PROP_NAMES } from '../../modules/access-key-lifecycle/prop-names';
import { UNBOUNDED, VARIABLES } from '../../scripts/hcl/variables';
import { IAM_NAME, IAM_PATH } from '../../modules/access-key-lifecycle/checks';
import { inHclSpelling } from '../../scripts/hcl/prop-docs';
import { LISTED } from '../../scripts/hcl/conditions';
import { runTerraformAsync, type RunResult } from '../../scripts/terraform-env';
import { buildStack, placeholderZip } from './support/stacks';
import {
  exportIntoTempTree,
  flat,
  init,
  merged,
  plan,
  readTf,
  writeJson,
  OFFLINE_PROVIDER,
} from './support/hcl-module';
import { terraform } from './support/terraform';

jest.setTimeout(300_000);

type Props = Partial<AccessKeyLifecycleProps> & Record<string, unknown>;

interface Row {
  readonly name: string;
  readonly props: Props;
  /** Props other than the row's own whose values the messages quote (cross-variable rules). */
  readonly reads?: readonly string[];
  /** Every message the construct gives, in order (cdktf spelling, no final period). */
  readonly messages: readonly string[];
}

const ACCOUNT = '123456789012';
const UNIQUE = 'compared case-insensitively, as IAM and e-mail do';
const PRINCIPAL_RULE =
  'must be an IAM principal ARN like arn:aws:iam::123456789012:role/admin (root, user or role; no ",")';
const KMS_RULE = 'must be a KMS key ARN like arn:aws:kms:us-east-1:123456789012:key/<key id>';
const NAME_RULE = 'must be an IAM user name (1-64 of A-Z a-z 0-9 +=,.@_-)';
const EMAIL_RULE = 'must be an email address like ops@example.com';
const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

const ROWS: readonly Row[] = [
  {
    name: 'mode in capitals',
    props: { mode: 'Enforce' as never },
    messages: [
      'mode must be "enforce" or "report", got "Enforce" (there is no default: choose one)',
    ],
  },
  {
    name: 'name prefix starting with a digit',
    props: { namePrefix: '1keys' },
    messages: [
      'namePrefix must be 1-38 letters, digits or hyphens starting with a letter, got "1keys"',
    ],
  },
  {
    name: 'rotation days of zero (range and both cross-variable rules)',
    props: { rotationDays: 0 },
    reads: ['warnDays', 'graceDays'],
    messages: [
      'rotationDays must be an integer from 1 to 3650, got 0',
      'rotationDays must be greater than graceDays, got 0 and 7 (raise rotationDays or lower graceDays)',
      'rotationDays must be greater than warnDays, got 0 and 7 (raise rotationDays or lower warnDays)',
    ],
  },
  {
    name: 'warn days not below rotation days',
    props: { warnDays: 90 },
    reads: ['rotationDays'],
    messages: [
      'rotationDays must be greater than warnDays, got 90 and 90 (raise rotationDays or lower warnDays)',
    ],
  },
  {
    name: 'grace days past the maximum',
    props: { graceDays: 3651 },
    reads: ['rotationDays'],
    // The rule comparing it with rotationDays waits until graceDays itself is valid (as in Terraform).
    messages: ['graceDays must be an integer from 1 to 3650, got 3651'],
  },
  {
    name: 'fractional unused days',
    props: { unusedDays: 4.5 },
    messages: ['unusedDays must be an integer from 1 to 3650, got 4.5'],
  },
  {
    name: 'zero recovery days',
    props: { recoveryDays: 0 },
    messages: ['recoveryDays must be an integer from 1 to 3650, got 0'],
  },
  {
    name: 'user path without trailing slash',
    props: { userPathPrefix: '/team' },
    messages: [
      'userPathPrefix must be an IAM path that begins and ends with "/" (at most 512 printable ASCII characters, no spaces), got "/team"',
    ],
  },
  {
    name: 'unknown scope',
    props: { scope: 'some' as never },
    messages: ['scope must be "all" or "tagged", got "some"'],
  },
  {
    name: 'a comma in an included user name',
    props: { includeUsers: ['alice', 'a,b'] },
    messages: [
      'includeUsers[1] must be an IAM user name without "," (1-64 of A-Z a-z 0-9 +=.@_-), got "a,b"',
    ],
  },
  {
    name: 'a user both included and excluded',
    props: { includeUsers: ['bob', 'carol'], excludeUsers: ['dave', 'carol'] },
    messages: [
      'excludeUsers[1] must not name a user that includeUsers names, got "carol" (remove it from one list)',
    ],
  },
  {
    name: 'exempt group with a space',
    props: { exemptGroup: 'ops team' },
    messages: [
      'exemptGroup must be an IAM group name (1-128 of A-Z a-z 0-9 +=,.@_-), got "ops team"',
    ],
  },
  {
    name: 'tag prefix in the aws: namespace',
    props: { tagPrefix: 'aws:lifecycle:' },
    messages: [
      'tagPrefix must be 1-64 tag-key characters (letters, digits, spaces and _.:/=+-@) not starting with "aws:", got "aws:lifecycle:"',
    ],
  },
  {
    name: 'negative destructive-action limit and zero exemption days',
    props: { maxDestructiveActions: -1, maxExemptionDays: 0 },
    messages: [
      'maxDestructiveActions must be an integer from 0 to 10000, got -1',
      'maxExemptionDays must be an integer from 1 to 3650, got 0',
    ],
  },
  {
    name: 'an in-use hold past a month and a grace extension of zero days',
    props: { inUseHoldHours: 721, maxGraceExtensionDays: 0 },
    messages: [
      'inUseHoldHours must be an integer from 0 to 720, got 721',
      'maxGraceExtensionDays must be an integer from 1 to 90, got 0',
    ],
  },
  {
    name: 'more CloudTrail lookups a run than the bound allows',
    props: { keyUsageLookups: 1001 },
    messages: ['keyUsageLookups must be an integer from 0 to 1000, got 1001'],
  },
  {
    name: 'secret prefix with a space',
    props: { secretPrefix: 'my keys/' },
    messages: ['secretPrefix must be 1-128 characters from A-Z a-z 0-9 /_+=.@-, got "my keys/"'],
  },
  {
    name: 'admin principals: a bare name and a group among valid ARNs',
    props: {
      secretAdminPrincipalArns: [
        `arn:aws:iam::${ACCOUNT}:role/ok`,
        'admin',
        `arn:aws:iam::${ACCOUNT}:group/g`,
      ],
    },
    messages: [
      `secretAdminPrincipalArns[1] ${PRINCIPAL_RULE}, got "admin" (give the full ARN, e.g. arn:aws:iam::123456789012:role/admin)`,
      `secretAdminPrincipalArns[2] ${PRINCIPAL_RULE}, got "arn:aws:iam::${ACCOUNT}:group/g" (an IAM group cannot be a principal: name a role or its users)`,
    ],
  },
  {
    name: 'tag admin principal that is an STS session',
    props: { tagAdminPrincipalArns: [`arn:aws:sts::${ACCOUNT}:assumed-role/admin/bob`] },
    messages: [
      `tagAdminPrincipalArns[0] ${PRINCIPAL_RULE}, got "arn:aws:sts::${ACCOUNT}:assumed-role/admin/bob" (that is a session: name the role, arn:aws:iam::<account>:role/<name>)`,
    ],
  },
  {
    name: 'secret users: a bad name, a bad path and a case-only duplicate',
    props: {
      managedSecretUsers: [
        { userName: 'a b' },
        { userName: 'ok', path: 'team' },
        { userName: 'OK' },
      ],
    },
    messages: [
      `managedSecretUsers[0].userName ${NAME_RULE}, got "a b"`,
      'managedSecretUsers[1].path must be an IAM path that begins and ends with "/", got "team"',
      `managedSecretUsers[2].userName must not repeat managedSecretUsers[1].userName (${UNIQUE}), got "OK" (remove the duplicate)`,
    ],
  },
  {
    name: 'ops emails: a malformed one and a case-only duplicate',
    props: { opsEmails: ['ops.example.com', 'sec@example.com', 'SEC@example.com'] },
    messages: [
      `opsEmails[0] ${EMAIL_RULE}, got "ops.example.com"`,
      `opsEmails[2] must not repeat opsEmails[1] (${UNIQUE}), got "SEC@example.com" (remove the duplicate)`,
    ],
  },
  {
    // A JSON config can hold null where a string belongs; the HCL module also says the list holds one.
    name: 'a null ops email',
    props: { opsEmails: [null as never, 'ops@example.com'] },
    messages: [`opsEmails[0] ${EMAIL_RULE}, got null`],
  },
  {
    name: 'owners: a bad entry among good ones and a duplicate',
    props: {
      owners: [
        { userName: 'alice', email: 'alice@example.com' },
        { userName: 'bob smith', email: 'bob' },
        { userName: 'carol', email: 'carol@example.com' },
        { userName: 'Alice', email: 'ALICE@example.com' },
      ],
    },
    messages: [
      `owners[1].userName ${NAME_RULE}, got "bob smith"`,
      `owners[1].email ${EMAIL_RULE}, got "bob"`,
      `owners[3] must not repeat owners[0] (${UNIQUE}), got "Alice ALICE@example.com" (remove the duplicate)`,
    ],
  },
  {
    name: 'a KMS alias ARN where the key ARN is needed',
    props: { kmsKeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/platform` },
    messages: [
      `kmsKeyArn ${KMS_RULE}, got "arn:aws:kms:us-east-1:${ACCOUNT}:alias/platform" (that is an alias: key policies and log groups need the key itself, so give the key ARN (the arn of aws_kms_key, or target_key_arn of data aws_kms_alias))`,
    ],
  },
  {
    name: 'a bare KMS key id',
    props: { kmsKeyArn: '1234abcd-12ab-34cd-56ef-1234567890ab' },
    messages: [
      `kmsKeyArn ${KMS_RULE}, got "1234abcd-12ab-34cd-56ef-1234567890ab" (that is a key id: give the full key ARN, arn:aws:kms:<region>:<account>:key/<key id>)`,
    ],
  },
  {
    name: 'a rate of zero days',
    props: { scheduleExpression: 'rate(0 days)' },
    messages: [
      'scheduleExpression must be an EventBridge rate(...) expression ("rate(1 day)", "rate(12 hours)"; singular unit for 1, plural for more, never 0) or a six-field cron(...) expression ("cron(0 3 * * ? *)"), got "rate(0 days)"',
    ],
  },
  {
    name: 'unknown architecture',
    props: { architecture: 'arm' as never },
    messages: ['architecture must be "arm64" or "x86_64", got "arm"'],
  },
  {
    name: 'function settings out of range',
    props: {
      memorySizeMb: 64,
      timeoutSeconds: 901,
      reservedConcurrentExecutions: 0,
      logRetentionDays: 100,
      maxRetryAttempts: 3,
      maxEventAgeSeconds: 59,
    },
    messages: [
      'memorySizeMb must be an integer from 128 to 10240, got 64',
      'timeoutSeconds must be an integer from 225 to 900, got 901',
      'reservedConcurrentExecutions must be an integer from 1 to 1000, got 0',
      'logRetentionDays must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, got 100',
      'maxRetryAttempts must be an integer from 0 to 2, got 3',
      'maxEventAgeSeconds must be an integer from 60 to 21600, got 59',
    ],
  },
  // Issue 8: bring-your-own resources, tags, role path and boundary, account id, SNS quota.
  {
    name: 'the key switch off without a key ARN',
    props: { createKmsKey: false },
    reads: ['kmsKeyArn'],
    messages: [
      "kmsKeyArn must be set while createKmsKey is false, got null (give your key's ARN, or set createKmsKey to true)",
    ],
  },
  {
    name: 'a key ARN while the module creates the key',
    props: { createKmsKey: true, kmsKeyArn: KEY_ARN },
    messages: [
      `kmsKeyArn must not be set while createKmsKey is true, got "${KEY_ARN}" (set createKmsKey to false to use your key, or drop kmsKeyArn to create one)`,
    ],
  },
  // Bring-your-own role, VPC placement and code signing.
  {
    name: 'the role switch off without a role ARN',
    props: { createRole: false },
    reads: ['roleArn'],
    messages: [
      "roleArn must be set while createRole is false, got null (give your role's ARN, or set createRole to true)",
    ],
  },
  {
    name: 'a user ARN as the role',
    props: { createRole: false, roleArn: `arn:aws:iam::${ACCOUNT}:user/engine` },
    messages: [
      `roleArn must be an IAM role ARN like arn:aws:iam::123456789012:role/key-lifecycle (no ","), got "arn:aws:iam::${ACCOUNT}:user/engine"`,
    ],
  },
  {
    name: 'subnets without security groups',
    props: { subnetIds: ['subnet-0123456789abcdef0'] },
    reads: ['securityGroupIds'],
    messages: [
      "securityGroupIds must hold at least one entry while subnetIds does, got [] (give the function's security groups, or empty subnetIds)",
    ],
  },
  {
    name: 'a security group id as a subnet',
    props: { subnetIds: ['sg-0123456789abcdef0'], securityGroupIds: ['sg-0123456789abcdef0'] },
    messages: [
      'subnetIds[0] must be a subnet id like subnet-0123456789abcdef0, got "sg-0123456789abcdef0"',
    ],
  },
  {
    name: 'a function ARN as the code signing config',
    props: { codeSigningConfigArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:engine` },
    messages: [
      `codeSigningConfigArn must be a Lambda code signing config ARN like arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-0123456789abcdef0, got "arn:aws:lambda:us-east-1:${ACCOUNT}:function:engine"`,
    ],
  },
  {
    name: 'the topic switch off without a topic ARN',
    props: { createSnsTopic: false },
    reads: ['snsTopicArn'],
    messages: [
      "snsTopicArn must be set while createSnsTopic is false, got null (give your topic's ARN, or set createSnsTopic to true)",
    ],
  },
  {
    name: 'a topic name where its ARN is needed',
    props: { createSnsTopic: false, snsTopicArn: 'alerts' },
    messages: [
      'snsTopicArn must be a standard SNS topic ARN like arn:aws:sns:us-east-1:123456789012:alerts, got "alerts"',
    ],
  },
  {
    name: 'a reserved tag key and a tag value with braces',
    props: { tags: { 'AWS:team': 'ops', team: 'a{b}' } },
    messages: [
      'tags must have keys of 1-128 letters, digits, spaces and _.:/=+-@, not starting with "aws:" (reserved by AWS), got "AWS:team"',
      'tags["team"] must be 0-256 letters, digits, spaces and _.:/=+-@, got "a{b}"',
    ],
  },
  {
    name: 'a role path without slashes, a bare boundary name and a short account id',
    props: { rolePath: 'service', permissionsBoundaryArn: 'boundary', accountId: '1234' },
    messages: [
      'rolePath must be an IAM path that begins and ends with "/", got "service"',
      'permissionsBoundaryArn must be a managed policy ARN like arn:aws:iam::123456789012:policy/boundary, got "boundary"',
      'accountId must be a 12-digit AWS account id, got "1234"',
    ],
  },
  {
    name: 'a filter-policy quota of zero',
    props: { snsFilterPolicyQuota: 0 },
    reads: ['owners'],
    messages: ['snsFilterPolicyQuota must be an integer from 1 to 100000, got 0'],
  },
  {
    name: 'more owner addresses than the filter-policy quota',
    props: {
      snsFilterPolicyQuota: 2,
      owners: ['a', 'b', 'c'].map((u) => ({ userName: u, email: `${u}@example.com` })),
    },
    messages: [
      'snsFilterPolicyQuota must be at least the 3 subscriptions with a filter policy that owners need (one per distinct email, one more per 150 users of an email), got 2 (raise the topic\'s SNS quota "Subscription filter policies per topic" (200 by default) through Service Quotas and set snsFilterPolicyQuota to it, or subscribe fewer addresses)',
    ],
  },
];

const zip = placeholderZip();
const NAMES = Object.fromEntries(VARIABLES.map((v) => [v.prop, v.name]));
const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The row's props as HCL variable values (object attributes in snake_case). */
function hclValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(hclValue);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, x]) => [snake(k), hclValue(x)]));
  }
  return value;
}

function hclVars(props: Props): Record<string, unknown> {
  // A map's keys are data (tag keys), not attribute names: they keep their spelling.
  return Object.fromEntries(
    Object.entries(props).map(([k, v]) => [NAMES[k] ?? k, k === 'tags' ? v : hclValue(v)]),
  );
}

/** Rows share a plan when neither sets or reads a variable the other sets or reads. */
function batches(rows: readonly Row[]): Row[][] {
  const out: { rows: Row[]; touched: Set<string> }[] = [];
  for (const row of rows) {
    const touched = [...Object.keys(row.props), ...(row.reads ?? [])];
    const batch = out.find((b) => touched.every((t) => !b.touched.has(t)));
    if (batch) {
      batch.rows.push(row);
      touched.forEach((t) => batch.touched.add(t));
    } else out.push({ rows: [row], touched: new Set(touched) });
  }
  return out.map((b) => b.rows);
}

function constructProblems(props: Props): readonly string[] {
  try {
    buildStack({ mode: 'report', lambdaZipPath: zip, ...props } as AccessKeyLifecycleProps);
  } catch (err) {
    if (err instanceof InvalidPropsError) return problemsOf(err).map((p) => p.message);
    throw err;
  }
  return [];
}

/** Error summaries Terraform printed (`Error: <summary>`), so any other kind of error shows up. */
function errorKinds(r: RunResult): string[] {
  return [...`${r.stdout}\n${r.stderr}`.matchAll(/Error: ([^\n│]+)/g)].map((m) => m[1]!.trim());
}

const tree = exportIntoTempTree(zip);
const BATCHES = batches(ROWS);
let plans: Promise<readonly RunResult[]>;

beforeAll(() => {
  plans = (async () => {
    const i = await init(tree.rootDir);
    if (i.status !== 0) throw new Error(`terraform init: ${flat(i).slice(-2000)}`);
    const results: RunResult[] = [];
    // Two plans at a time: the machine has two cores.
    for (let b = 0; b < BATCHES.length; b += 2) {
      results.push(
        ...(await Promise.all(
          BATCHES.slice(b, b + 2).map((rows, k) => {
            const file = `bad-${b + k}.tfvars.json`;
            // account_id given: the offline plan reads no caller identity (a row may override it).
            const vars = Object.assign(
              { mode: 'report', account_id: ACCOUNT },
              ...rows.map((r) => hclVars(r.props)),
            );
            writeJson(path.join(tree.rootDir, file), vars);
            return plan(tree.rootDir, [`-var-file=${file}`]);
          }),
        )),
      );
    }
    return results;
  })();
  plans.catch(() => undefined);
});

describe('validation messages (issue 8 items 3 and 9)', () => {
  it.each(ROWS.map((r) => [r.name, r] as const))(
    'the construct lists every problem of %s, naming entries by index',
    (_name, row) => {
      expect(constructProblems(row.props)).toEqual(row.messages);
    },
  );

  it.each(ROWS.map((r) => [r.name, r] as const))(
    'terraform plan of the exported module gives the same messages in HCL spelling for %s',
    async (_name, row) => {
      // Act
      const results = await plans;
      const r = results[BATCHES.findIndex((b) => b.includes(row))]!;

      // Assess
      const text = flat(r);
      const missing = row.messages
        .map((m) => `${inHclSpelling(m, NAMES)}.`)
        .filter((m) => !text.includes(m));
      expect({ status: r.status, missing }).toEqual({ status: 1, missing: [] });
    },
  );

  it('plans print only the variables’ own messages: no Invalid index, no other error', async () => {
    const kinds = new Set((await plans).flatMap(errorKinds));
    expect([...kinds]).toEqual(['Invalid value for variable']);
  });

  it('spells every prop as its HCL variable where the construct names it for HCL callers', () => {
    expect(VARIABLES.filter((v) => hclName(v.prop) !== v.name).map((v) => v.prop)).toEqual([]);
  });

  it('names enable_cloudtrail_trigger, not the prop, when the region precondition fails', async () => {
    // Prepare: the module as a root module in another region
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'akl-region-'));
    fs.cpSync(tree.rootDir, dir, {
      recursive: true,
      filter: (f) => !/\.terraform|tfvars/.test(f),
    });
    const provider = path.join(dir, 'offline_provider.tf.json');
    const json = JSON.parse(fs.readFileSync(provider, 'utf8'));
    json.provider.aws.region = 'eu-west-1';
    writeJson(provider, json);
    await plans;
    expect((await init(dir)).status).toBe(0);

    // Act
    const r = await plan(dir, ['-var', 'mode=report', '-var', 'enable_cloudtrail_trigger=true']);

    // Assess
    expect(flat(r)).toContain(
      'enable_cloudtrail_trigger needs the module in us-east-1, where IAM delivers its CloudTrail events; deploy there or set enable_cloudtrail_trigger to false.',
    );
  });

  it('covers every variable that has a validation rule', () => {
    const covered = new Set(ROWS.flatMap((r) => Object.keys(r.props).map((k) => NAMES[k])));
    const validated = VARIABLES.filter((v) => v.validation.length > 0).map((v) => v.name);
    expect(validated.filter((n) => !covered.has(n))).toEqual([]);
  });

  it('never shows a cdktf prop name in a variable, a resource description or precondition, an output or the README', async () => {
    // Prepare
    const files = await readTf(tree.moduleDir);
    const variables = merged(files, 'variable') as Record<
      string,
      { description: string; validation?: { error_message: string }[] }
    >;
    const camel = PROP_NAMES.filter((n) => n !== snake(n));
    const texts = Object.entries(variables).flatMap(([name, v]) => [
      [name, v.description],
      ...(v.validation ?? []).map((x) => [name, x.error_message]),
    ]);
    texts.push(['outputs', JSON.stringify(merged(files, 'output'))]);
    texts.push([
      'resources (descriptions, preconditions)',
      JSON.stringify([merged(files, 'resource'), merged(files, 'data'), merged(files, 'locals')]),
    ]);
    texts.push(['README.md', fs.readFileSync(path.join(tree.moduleDir, 'README.md'), 'utf8')]);

    // Assess
    const found = texts.flatMap(([name, text]) =>
      camel.filter((c) => new RegExp(`\\b${c}\\b`).test(text!)).map((c) => `${name}: ${c}`),
    );
    expect(found).toEqual([]);
  });
});

describe('the fast HCL forms of the IAM name and path patterns', () => {
  const x = (n: number) => 'a'.repeat(n);
  it.each<[string, RegExp, { pattern: RegExp; maxLength: number }, string]>([
    ['name', IAM_NAME, UNBOUNDED.name, ''],
    ['name', IAM_NAME, UNBOUNDED.name, x(1)],
    ['name', IAM_NAME, UNBOUNDED.name, x(64)],
    ['name', IAM_NAME, UNBOUNDED.name, x(65)],
    ['name', IAM_NAME, UNBOUNDED.name, 'ci.deploy+x=y,z@a_b-c'],
    ['name', IAM_NAME, UNBOUNDED.name, 'bob smith'],
    ['name', IAM_NAME, UNBOUNDED.name, 'a/b'],
    ['path', IAM_PATH, UNBOUNDED.path, '/'],
    ['path', IAM_PATH, UNBOUNDED.path, '//'],
    ['path', IAM_PATH, UNBOUNDED.path, `/${x(510)}/`],
    ['path', IAM_PATH, UNBOUNDED.path, `/${x(511)}/`],
    ['path', IAM_PATH, UNBOUNDED.path, '/team'],
    ['path', IAM_PATH, UNBOUNDED.path, 'team/'],
    ['path', IAM_PATH, UNBOUNDED.path, '/a b/'],
    ['path', IAM_PATH, UNBOUNDED.path, ''],
  ])('accept the same %s as the construct (case %#)', (_kind, bounded, fast, value) => {
    expect(fast.pattern.test(value) && value.length <= fast.maxLength).toBe(bounded.test(value));
  });
});

describe('a long list of bad entries', () => {
  const owners = Array.from({ length: LISTED + 2 }, (_, i) => ({
    userName: `user${i}`,
    email: `user${i}`,
  }));

  it('is listed whole by the construct, one line per entry', () => {
    expect(constructProblems({ owners })).toHaveLength(LISTED + 2);
  });

  it(`names the first ${LISTED} entries in HCL and counts the rest`, async () => {
    // Prepare
    const file = path.join(tree.rootDir, 'long.tfvars.json');
    writeJson(file, { mode: 'report', owners: hclValue(owners) });
    await plans;

    // Act
    const r = await plan(tree.rootDir, ['-var-file=long.tfvars.json']);

    // Assess
    const text = flat(r);
    expect(text).toContain(`owners[${LISTED - 1}].email must be an email address`);
    expect(text).not.toContain(`owners[${LISTED}].email`);
    expect(text).toContain(`got "user${LISTED - 1}". (and 2 more)`);
    expect(text).not.toContain('user_name must');
  });
});

describe('when Terraform checks (documented in README "Validation: when Terraform checks")', () => {
  /** A caller passing literals, as examples do: single-variable rules fire at validate. */
  function callerRoot(inputs: Record<string, unknown>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'akl-caller-'));
    writeJson(path.join(dir, 'main.tf.json'), {
      module: { lifecycle: { source: tree.moduleDir, mode: 'report', ...inputs } },
      provider: {
        aws: {
          region: 'us-east-1',
          ...OFFLINE_PROVIDER,
        },
      },
    });
    return dir;
  }

  const validate = (dir: string) => runTerraformAsync(terraform(), dir, ['validate', '-no-color']);

  it('terraform validate reports a single-variable rule; a cross-variable rule waits for plan', async () => {
    // Prepare
    const single = callerRoot({ rotation_days: 0, warn_days: 7 });
    const cross = callerRoot({ warn_days: 90 });
    await plans;
    for (const dir of [single, cross]) expect((await init(dir)).status).toBe(0);

    // Act
    const [v1, v2] = [await validate(single), await validate(cross)];
    const p2 = await plan(cross);

    // Assess
    expect(flat(v1)).toContain('rotation_days must be an integer from 1 to 3650, got 0.');
    expect(v2.status).toBe(0);
    expect(flat(p2)).toContain('rotation_days must be greater than warn_days, got 90 and 90');
  });
});

/**
 * Issue 7 item 12: one source of settings bounds (lambda/config/settings.ts). Every setting's edge
 * values (min, min-1, max, max+1, pattern edges) go through all three validations — the Lambda's
 * loadConfig, the construct's synth and the exported HCL module's variables (terraform plan with
 * `-var`, offline) — and each must reach the expected verdict. Whenever the construct accepts a value,
 * the environment it synthesizes must pass loadConfig: a value the module accepts never makes the
 * Lambda refuse its config.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigError } from '../../lambda/config/errors';
import { loadConfig } from '../../lambda/config/env';
import { Deadline } from '../../lambda/engine/deadline';
import {
  INVENTORY_ALLOWANCE_MS,
  MIN_TIMEOUT_SECONDS,
  SETTINGS,
  type Setting,
  type SettingName,
} from '../../lambda/config/settings';
import { InvalidPropError, type AccessKeyLifecycleProps } from '../../modules/access-key-lifecycle';
import { exportIntoTempTree, flat, merged, readTf, writeJson } from './support/hcl-module';
import { buildStack, placeholderZip, synthJson } from './support/stacks';
import { PLAN_ENV, terraform } from './support/terraform';
import { runTerraformAsync } from '../../scripts/terraform-env';

jest.setTimeout(300_000);

type Value = number | string | readonly string[];
type Verdicts = { readonly lambda: boolean; readonly module: boolean };
type Edge = readonly [value: Value, verdict: boolean | Verdicts];

const ACCOUNT = '123456789012';
const TOPIC_ARN = `arn:aws:sns:us-east-1:${ACCOUNT}:iam-key-lifecycle-notifications`;
const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/iam-key-lifecycle-engine`;
const x = (n: number, c = 'a') => c.repeat(n);
/** Accepted by the Lambda (which reads "" as unset, or a comma list item by item) but not by the module. */
const LAMBDA_ONLY: Verdicts = { lambda: true, module: false };

/** Values that other settings must take for a case to test only its own bound (cross-setting rules). */
const CONTEXT: Partial<Record<SettingName, Partial<Record<SettingName, Value>>>> = {
  rotationDays: { warnDays: 1, graceDays: 1 },
  warnDays: { rotationDays: 3650 },
  graceDays: { rotationDays: 3650 },
  // VPC placement takes both lists or neither.
  subnetIds: { securityGroupIds: ['sg-0123456789abcdef0'] },
  securityGroupIds: { subnetIds: ['subnet-0123456789abcdef0'] },
};

/** Every setting's edges; `satisfies` makes a new setting without edges a compile error. */
const EDGES = {
  // rotationDays must exceed warnDays and graceDays (1 here): 1 is refused by that rule everywhere.
  rotationDays: [
    [2, true],
    [1, false],
    [0, false],
    [3650, true],
    [3651, false],
    [90.5, false],
  ],
  warnDays: [
    [1, true],
    [0, false],
    [3649, true],
    [3650, false],
    [3651, false],
  ],
  graceDays: [
    [1, true],
    [0, false],
    [3649, true],
    [3650, false],
    [3651, false],
  ],
  unusedDays: [
    [1, true],
    [0, false],
    [3650, true],
    [3651, false],
  ],
  recoveryDays: [
    [1, true],
    [0, false],
    [3650, true],
    [3651, false],
  ],
  inUseHoldHours: [
    [0, true],
    [-1, false],
    [720, true],
    [721, false],
    [1.5, false],
  ],
  maxGraceExtensionDays: [
    [1, true],
    [0, false],
    [90, true],
    [91, false],
  ],
  keyUsageLookups: [
    [0, true],
    [-1, false],
    [1000, true],
    [1001, false],
    [2.5, false],
  ],
  maxExemptionDays: [
    [1, true],
    [0, false],
    [3650, true],
    [3651, false],
    [1.5, false],
  ],
  maxDestructiveActions: [
    [0, true],
    [-1, false],
    [10000, true],
    [10001, false],
    [1.5, false],
  ],
  userPathPrefix: [
    ['/', true],
    ['/team/', true],
    [`/${x(510)}/`, true],
    [`/${x(511)}/`, false],
    ['/team', false],
    ['team/', false],
    ['/a b/', false],
  ],
  exemptGroup: [
    ['', true],
    ['g', true],
    [x(128, 'g'), true],
    [x(129, 'g'), false],
    ['ops,admins', true],
    ['ops admins', false],
  ],
  tagPrefix: [
    ['k', true],
    [x(64, 'k'), true],
    [x(65, 'k'), false],
    ['aws:lifecycle:', false],
    ['AWS:lifecycle:', false],
    ['key lifecycle:', true],
    ['clé:', true],
    ['key*', false],
    ['', LAMBDA_ONLY],
  ],
  secretPrefix: [
    ['s', true],
    [x(128, 's'), true],
    [x(129, 's'), false],
    ['my keys/', false],
    ['a,b/', false],
    ['', LAMBDA_ONLY],
  ],
  includeUsers: [
    [[], true],
    [['alice'], true],
    [[x(64, 'u')], true],
    [[x(65, 'u')], false],
    [['bob smith'], false],
    // The Lambda reads "a,b" as two users: not the one the module was given, so the module refuses it.
    [['a,b'], LAMBDA_ONLY],
  ],
  excludeUsers: [
    [[], true],
    [['alice'], true],
    [[x(64, 'u')], true],
    [[x(65, 'u')], false],
    [['bob smith'], false],
    [['a,b'], LAMBDA_ONLY],
  ],
  secretAdminPrincipalArns: [
    [[`arn:aws:iam::${ACCOUNT}:role/admin`], true],
    [[`arn:aws:iam::${ACCOUNT}:root`], true],
    [[`arn:aws:iam::${ACCOUNT}:user/team/bob`], true],
    [[`arn:aws:iam::${ACCOUNT}:group/admins`], false],
    [['arn:aws:s3:::bucket'], false],
    [[`arn:aws:iam::${ACCOUNT}:role/a,b`], false],
  ],
  tagAdminPrincipalArns: [
    [[], true],
    [[`arn:aws:iam::${ACCOUNT}:role/security-admin`], true],
    [[`arn:aws:iam::${ACCOUNT}:group/admins`], false],
    [[`arn:aws:iam::${ACCOUNT}:role/a,b`], false],
  ],
  kmsKeyArn: [
    [KEY_ARN, true],
    [`arn:aws-us-gov:kms:us-gov-west-1:${ACCOUNT}:key/mrk-${x(32, '0')}`, true],
    [`arn:aws:kms:us-east-1:${ACCOUNT}:alias/keys`, LAMBDA_ONLY],
    [`arn:aws:kms:us-east-1:${ACCOUNT}:key/abc`, false],
    [TOPIC_ARN, false],
  ],
  namePrefix: [
    ['a', true],
    [x(38), true],
    [x(39), false],
    ['1abc', false],
    ['a_b', false],
  ],
  memorySizeMb: [
    [128, true],
    [127, false],
    [10240, true],
    [10241, false],
  ],
  timeoutSeconds: [
    [MIN_TIMEOUT_SECONDS, true],
    [MIN_TIMEOUT_SECONDS - 1, false],
    [900, true],
    [901, false],
  ],
  reservedConcurrentExecutions: [
    [1, true],
    [0, false],
    [1000, true],
    [1001, false],
  ],
  maxRetryAttempts: [
    [0, true],
    [-1, false],
    [2, true],
    [3, false],
  ],
  maxEventAgeSeconds: [
    [60, true],
    [59, false],
    [21600, true],
    [21601, false],
  ],
  roleArn: [
    [`arn:aws:iam::${ACCOUNT}:role/key-lifecycle`, true],
    [`arn:aws:iam::${ACCOUNT}:role/service/key-lifecycle`, true],
    [`arn:aws:iam::${ACCOUNT}:user/key-lifecycle`, false],
    [`arn:aws:iam::${ACCOUNT}:role/a,b`, false],
  ],
  subnetIds: [
    [['subnet-0123456789abcdef0'], true],
    [['subnet-01234567'], true],
    [['subnet-xyz'], false],
    [['sg-0123456789abcdef0'], false],
  ],
  securityGroupIds: [
    [['sg-0123456789abcdef0'], true],
    [['sg-01234567'], true],
    [['subnet-0123456789abcdef0'], false],
  ],
  codeSigningConfigArn: [
    [`arn:aws:lambda:us-east-1:${ACCOUNT}:code-signing-config:csc-0123456789abcdef0`, true],
    [`arn:aws:lambda:us-east-1:${ACCOUNT}:function:engine`, false],
    [`arn:aws:lambda:us-east-1:${ACCOUNT}:code-signing-config:csc-0123`, false],
  ],
} as const satisfies Record<SettingName, readonly Edge[]>;

interface Case {
  readonly setting: SettingName;
  readonly value: Value;
  readonly expected: Verdicts;
}

const CASES: readonly Case[] = (Object.keys(EDGES) as SettingName[]).flatMap((setting) =>
  (EDGES[setting] as readonly Edge[]).map(([value, verdict]) => ({
    setting,
    value,
    expected: typeof verdict === 'boolean' ? { lambda: verdict, module: verdict } : verdict,
  })),
);

const zip = placeholderZip();

function envOf(name: SettingName): string | undefined {
  return (SETTINGS[name] as Setting).env;
}

function envText(value: Value): string {
  return Array.isArray(value) ? value.join(',') : String(value);
}

function lambdaAccepts(env: Record<string, string | undefined>): boolean {
  try {
    loadConfig({ MODE: 'report', SNS_TOPIC_ARN: TOPIC_ARN, ...env });
    return true;
  } catch (err) {
    if (err instanceof ConfigError) return false;
    throw err;
  }
}

function withContext(c: Case): Partial<Record<SettingName, Value>> {
  return { ...(CONTEXT[c.setting] ?? {}), [c.setting]: c.value };
}

/** The function environment as synthesized, with the references Terraform resolves at apply. */
function synthesizedEnvironment(props: AccessKeyLifecycleProps): Record<string, string> {
  const json = synthJson(buildStack(props).stack);
  const fn = json.resource.aws_lambda_function!.engine as {
    environment: { variables: Record<string, string> };
  };
  const resolved: Record<string, string> = {};
  for (const [name, raw] of Object.entries(fn.environment.variables)) {
    const value = raw
      // Built from names (issue 8): the partition, region and account id resolve as Terraform would.
      .replace('${local.engine_role_arn}', ROLE_ARN)
      .split('${data.aws_partition.current.partition}')
      .join('aws')
      .split('${local.region}')
      .join('us-east-1')
      .split('${local.account_id}')
      .join('123456789012')
      .replace('${aws_sns_topic.notifications.arn}', TOPIC_ARN)
      .replace('${aws_kms_key.key.arn}', KEY_ARN)
      .replace('${aws_iam_role.engine.arn}', ROLE_ARN)
      .replace(/\$\{aws_dynamodb_table\.[a-z_]+\.name\}/, 'iam-key-lifecycle-coordination')
      .replace(/\$\{aws_kms_key\.[a-z_]+\.arn\}/, KEY_ARN);
    if (value.includes('${')) throw new Error(`unresolved reference in ${name}: ${value}`);
    resolved[name] = value;
  }
  return resolved;
}

/** The construct's verdict; when it accepts, its synthesized environment must pass loadConfig. */
function moduleAccepts(c: Case): { accepted: boolean; environmentAccepted?: boolean } {
  const props = {
    mode: 'enforce',
    lambdaZipPath: zip,
    ...withContext(c),
  } as AccessKeyLifecycleProps;
  try {
    const environment = synthesizedEnvironment(props);
    return { accepted: true, environmentAccepted: lambdaAccepts(environment) };
  } catch (err) {
    if (err instanceof InvalidPropError) return { accepted: false };
    throw err;
  }
}

/** A root module holding only the exported module's variables: plans in well under a second. */
function variablesOnlyRoot(): string {
  const tree = exportIntoTempTree(zip);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'akl-bounds-'));
  fs.copyFileSync(path.join(tree.moduleDir, 'variables.tf'), path.join(dir, 'variables.tf'));
  writeJson(path.join(dir, 'versions.tf.json'), { terraform: { required_version: '>= 1.9.0' } });
  return dir;
}

function hclArg(value: Value): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

let root: Promise<string>;

beforeAll(() => {
  const dir = variablesOnlyRoot();
  root = runTerraformAsync(terraform(), dir, ['init', '-no-color', '-input=false']).then((r) => {
    if (r.status !== 0) throw new Error(`terraform init: ${flat(r).slice(-2000)}`);
    return dir;
  });
  root.catch(() => undefined);
});

describe('issue 7 item 12: one source of settings bounds for the Lambda, the construct and the HCL module', () => {
  it.each(CASES.map((c) => [c.setting, JSON.stringify(c.value), c]))(
    '%s = %s gets the same verdict from loadConfig and the construct, and the construct only emits what the Lambda accepts',
    (_s, _v, c) => {
      // Act
      const env = envOf(c.setting);
      const context = Object.fromEntries(
        Object.entries(withContext(c)).map(([k, v]) => [
          envOf(k as SettingName) ?? `UNUSED_${k}`,
          envText(v),
        ]),
      );
      const lambda = env === undefined ? undefined : lambdaAccepts(context);
      const module = moduleAccepts(c);

      // Assess
      expect({ lambda, module: module.accepted }).toEqual({
        lambda: env === undefined ? undefined : c.expected.lambda,
        module: c.expected.module,
      });
      if (module.accepted) expect(module.environmentAccepted).toBe(true);
    },
  );

  it.each(CASES.map((c) => [c.setting, JSON.stringify(c.value), c]))(
    'HCL variable of %s = %s gets the module verdict from terraform plan',
    async (_s, _v, c) => {
      // Prepare
      const vars = Object.entries(withContext(c)).flatMap(([k, v]) => [
        '-var',
        `${SETTINGS[k as SettingName].hcl}=${hclArg(v)}`,
      ]);
      // A key ARN is used only with create_kms_key = false (issue 8: the switch alone decides).
      if (c.setting === 'kmsKeyArn') vars.push('-var', 'create_kms_key=false');
      // Likewise a role ARN with create_role = false.
      if (c.setting === 'roleArn') vars.push('-var', 'create_role=false');

      // Act
      const r = await runTerraformAsync(
        terraform(),
        await root,
        ['plan', '-no-color', '-input=false', '-lock=false', '-var', 'mode=report', ...vars],
        PLAN_ENV,
      );

      // Assess
      const name = SETTINGS[c.setting].hcl;
      const text = flat(r);
      const refused = text.includes('Invalid value for variable') && text.includes(`${name}`);
      expect({ exit: r.status, refused }).toEqual(
        c.expected.module ? { exit: 0, refused: false } : { exit: 1, refused: true },
      );
    },
  );

  it('uses one default per setting in the Lambda, the construct and the HCL module', async () => {
    // Prepare
    const config = loadConfig({ MODE: 'report', SNS_TOPIC_ARN: TOPIC_ARN });
    const resolved = buildStack({ mode: 'report', lambdaZipPath: zip }).construct.props;
    const variables = merged(await readTf(exportIntoTempTree(zip).moduleDir), 'variable') as Record<
      string,
      { default?: unknown }
    >;

    // Act
    const defaults = (Object.keys(SETTINGS) as SettingName[])
      .filter((k) => 'default' in SETTINGS[k])
      .map((k) => {
        const s = SETTINGS[k] as { default: unknown; hcl: string };
        const construct = (resolved as unknown as Record<string, unknown>)[k] ?? '';
        const hcl = variables[s.hcl]!.default ?? '';
        return [k, { construct, hcl }, { construct: s.default, hcl: s.default }];
      });

    // Assess
    for (const [, actual, expected] of defaults) expect(actual).toEqual(expected);
    expect({
      ...config.policy.days,
      maxDestructiveActions: config.policy.maxDestructiveActions,
      maxExemptionDays: config.policy.maxExemptionDays,
      tagPrefix: config.policy.tagPrefix,
      userPathPrefix: config.policy.userPathPrefix,
      secretPrefix: config.secretPrefix,
    }).toEqual({
      rotationDays: SETTINGS.rotationDays.default,
      warnDays: SETTINGS.warnDays.default,
      graceDays: SETTINGS.graceDays.default,
      unusedDays: SETTINGS.unusedDays.default,
      recoveryDays: SETTINGS.recoveryDays.default,
      maxDestructiveActions: SETTINGS.maxDestructiveActions.default,
      maxExemptionDays: SETTINGS.maxExemptionDays.default,
      tagPrefix: SETTINGS.tagPrefix.default,
      userPathPrefix: SETTINGS.userPathPrefix.default,
      secretPrefix: SETTINGS.secretPrefix.default,
    });
  });

  it.each([
    ['reads and executes one user', MIN_TIMEOUT_SECONDS, [true, true]],
    ['defers every user', MIN_TIMEOUT_SECONDS - 1, [false, true]],
  ] as const)(
    'the deadline guard at the shortest accepted timeout %s (timeout %i s)',
    (_what, timeoutSeconds, expected) => {
      // Prepare: the Lambda clock at the start of the run, then after the inventory
      let elapsedMs = 0;
      const deadline = new Deadline(() => timeoutSeconds * 1000 - elapsedMs);
      elapsedMs = INVENTORY_ALLOWANCE_MS;

      // Act
      const read = deadline.mayStart('read');
      const execute = deadline.mayStart('execute');

      // Assess
      expect([read, execute]).toEqual(expected);
    },
  );
});

/**
 * Issue 7 items 7, 8 and 11, module side: the coordination table, the state-tag HMAC key, and the
 * policy statement that reserves the tag prefix. The role's permissions on them are evaluated in
 * role-policy-simulation.test.ts and hcl-export-security.test.ts (fixture engine-api-calls.json).
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { tagPrefixGuardStatement } from '../../modules/access-key-lifecycle/tag-guard';
import { configurations } from './support/configurations';
import { buildStack, placeholderZip, synthJson } from './support/stacks';

const zip = placeholderZip();
const ACCOUNT = '123456789012';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/iam-key-lifecycle-engine`;
const TAG_ADMIN = `arn:aws:iam::${ACCOUNT}:role/security-admin`;
const ALICE = `arn:aws:iam::${ACCOUNT}:user/alice`;

function synth(props = {}) {
  return synthJson(buildStack({ mode: 'enforce', lambdaZipPath: zip, ...props }).stack);
}

/** Statements of a jsonencode(...) key policy as synthesized, as [sid, actions] pairs. */
function keyPolicyActions(policy: string): [string, string[]][] {
  return [...policy.matchAll(/"Sid" = "([^"]+)".*?"Action" = \[([^\]]*)\]/g)].map((m) => [
    m[1]!,
    [...m[2]!.matchAll(/"([^"]+)"/g)].map((a) => a[1]!),
  ]);
}

async function tagDecision(principal: string, tagKeys: string[]): Promise<string> {
  const result = await runSimulation(
    {
      request: {
        principal,
        action: 'iam:TagUser',
        resource: { resource: ALICE, accountId: ACCOUNT },
        // What AWS sets for every session of a role; the simulator needs it spelled out.
        contextVariables: { 'aws:TagKeys': tagKeys, 'aws:PrincipalArn': principal },
      },
      identityPolicies: [
        {
          name: 'broad',
          policy: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }],
          },
        },
      ],
      permissionBoundaryPolicies: [
        {
          name: 'boundary',
          policy: {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: '*', Resource: '*' },
              tagPrefixGuardStatement('key-lifecycle:', [ROLE_ARN, TAG_ADMIN]),
            ],
          },
        },
      ],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  if (result.resultType === 'error') throw new Error(JSON.stringify(result.errors));
  return result.overallResult;
}

describe('the coordination table (issue 7 items 7 and 8)', () => {
  it('is on-demand, CMK-encrypted, point-in-time recoverable, with TTL on ttl and keys pk/sk', () => {
    // Act
    const table = synth().resource.aws_dynamodb_table!.coordination;

    // Assess
    expect(table).toEqual({
      name: 'iam-key-lifecycle-coordination',
      billing_mode: 'PAY_PER_REQUEST',
      hash_key: 'pk',
      range_key: 'sk',
      attribute: [
        { name: 'pk', type: 'S' },
        { name: 'sk', type: 'S' },
      ],
      ttl: { attribute_name: 'ttl', enabled: true },
      point_in_time_recovery: { enabled: true },
      server_side_encryption: { enabled: true, kms_key_arn: '${aws_kms_key.key.arn}' },
      // A new name would replace it: the plan fails instead (docs/module.md).
      lifecycle: { prevent_destroy: true },
    });
  });

  it('is encrypted with the supplied key when one is given', () => {
    // Prepare
    const props = configurations(zip)['own key, x86, no alarms'].props;

    // Act
    const table = synth(props).resource.aws_dynamodb_table!.coordination;

    // Assess
    expect(table).toMatchObject({
      server_side_encryption: { enabled: true, kms_key_arn: props.kmsKeyArn },
    });
  });
});

describe('the state-tag HMAC key (issue 7 item 11)', () => {
  it('is an HMAC_256 key for GENERATE_VERIFY_MAC', () => {
    expect(synth().resource.aws_kms_key!.state_mac).toMatchObject({
      customer_master_key_spec: 'HMAC_256',
      key_usage: 'GENERATE_VERIFY_MAC',
    });
  });

  it('lets account administrators manage it and only the engine role compute or verify MACs', () => {
    // Act
    const policy = String(synth().resource.aws_kms_key!.state_mac!.policy);
    const statements = keyPolicyActions(policy);

    // Assess
    expect(statements.map(([sid]) => sid)).toEqual([
      'AccountAdministersKeyThroughIam',
      'OnlyEngineRoleSignsStateTags',
    ]);
    expect(statements[1]![1]).toEqual(['kms:GenerateMac', 'kms:VerifyMac']);
    expect(policy).toContain('"AWS" = aws_iam_role.engine.arn}');
    const admin = statements[0]![1];
    expect(admin).toContain('kms:Put*');
    expect(admin.filter((a) => /Mac|^kms:\*$|Generate|Decrypt/.test(a))).toEqual([]);
  });
});

describe('outputs of the new resources', () => {
  it('names the table, its ARN, the HMAC key ARN and the tag-prefix guard statement', () => {
    // Act
    const output = synth({ tagAdminPrincipalArns: [TAG_ADMIN] }).output;

    // Assess
    expect({
      table: output.coordination_table_name?.value,
      arn: output.coordination_table_arn?.value,
      key: output.state_mac_key_arn?.value,
    }).toEqual({
      table: '${aws_dynamodb_table.coordination.name}',
      arn: '${aws_dynamodb_table.coordination.arn}',
      key: '${aws_kms_key.state_mac.arn}',
    });
    const guard = String(output.tag_prefix_guard_statement_json?.value);
    expect(guard).toContain('"aws:TagKeys" = ["key-lifecycle:*"]');
    expect(guard).toContain(`"aws:PrincipalArn" = [aws_iam_role.engine.arn, "${TAG_ADMIN}"]`);
  });
});

describe('the tag-prefix guard statement, evaluated as a permissions boundary', () => {
  it.each([
    ['lets the engine role write', ROLE_ARN, ['key-lifecycle:state'], 'Allowed'],
    ['lets a tag administrator write', TAG_ADMIN, ['key-lifecycle:exempt-until'], 'Allowed'],
    [
      'denies anyone else a key under the prefix',
      `arn:aws:iam::${ACCOUNT}:role/developer`,
      ['team', 'key-lifecycle:inactive:AKIA0'],
      'ExplicitlyDenied',
    ],
    [
      'leaves tags outside the prefix alone',
      `arn:aws:iam::${ACCOUNT}:role/developer`,
      ['team'],
      'Allowed',
    ],
  ])('%s', async (_what, principal, keys, expected) => {
    expect(await tagDecision(principal, keys)).toBe(expected);
  });
});

describe('who may write the coordination table', () => {
  const TABLE_ARN = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/iam-key-lifecycle-coordination`;
  const OPERATOR = `arn:aws:iam::${ACCOUNT}:role/app-operator`;

  /** The synthesized resource policy, with the values Terraform fills in at plan time. */
  function tablePolicy(): unknown {
    const policy = synth().resource.aws_dynamodb_resource_policy!.coordination_writers!;
    expect(policy.resource_arn).toBe('${aws_dynamodb_table.coordination.arn}');
    const json = String(policy.policy)
      .replace(/^\$\{jsonencode\(/, '')
      .replace(/\)\}$/, '')
      .replace(/ = /g, ': ')
      .replace(
        'arn:${data.aws_partition.current.partition}:dynamodb:${local.region}:${local.account_id}',
        `arn:aws:dynamodb:us-east-1:${ACCOUNT}`,
      )
      .replace('[local.engine_role_arn]', JSON.stringify([ROLE_ARN]));
    return JSON.parse(json);
  }

  async function decision(principal: string, action: string): Promise<string> {
    const result = await runSimulation(
      {
        request: {
          principal,
          action,
          resource: { resource: TABLE_ARN, accountId: ACCOUNT },
          contextVariables: { 'aws:PrincipalArn': principal },
        },
        identityPolicies: [
          {
            name: 'broad',
            policy: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }],
            },
          },
        ],
        resourcePolicy: tablePolicy(),
        serviceControlPolicies: [],
        resourceControlPolicies: [],
      },
      {},
    );
    if (result.resultType === 'error') throw new Error(JSON.stringify(result.errors));
    return result.overallResult;
  }

  it.each([
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
    'dynamodb:PartiQLDelete',
  ])('denies %s to any principal but the engine role, whatever it is granted', async (action) => {
    expect(await decision(OPERATOR, action)).toBe('ExplicitlyDenied');
    expect(await decision(ROLE_ARN, action)).toBe('Allowed');
  });

  it('leaves reads to identity policies', async () => {
    expect(await decision(OPERATOR, 'dynamodb:Query')).toBe('Allowed');
  });
});

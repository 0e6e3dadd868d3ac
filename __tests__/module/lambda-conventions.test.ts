/**
 * What a platform team expects of a Lambda module (terraform-aws-modules conventions): a role of their
 * own (createRole = false + roleArn, the policies it needs as outputs), VPC placement, X-Ray tracing
 * and a code signing configuration, in a cdktf stack (synth) and in the exported HCL module (plan).
 */
import * as path from 'path';
import { exportIntoTempTree, flat, init, plan } from './support/hcl-module';
import { planJson } from './support/plan-json';
import { writeAdoptionRoot, writeScenario } from './support/adoption-root';
import { ACCOUNT_ID, buildStack, placeholderZip, synthJson } from './support/stacks';
import type { AccessKeyLifecycleProps } from '../../modules/access-key-lifecycle';

jest.setTimeout(300_000);

const ROLE_ARN = `arn:aws:iam::${ACCOUNT_ID}:role/platform/key-lifecycle`;
const SUBNETS = ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'];
const GROUPS = ['sg-0123456789abcdef0'];
const CSC_ARN = `arn:aws:lambda:us-east-1:${ACCOUNT_ID}:code-signing-config:csc-0123456789abcdef0`;
const zip = placeholderZip();

const synth = (props: Partial<AccessKeyLifecycleProps>) =>
  synthJson(buildStack({ mode: 'enforce', lambdaZipPath: zip, ...props }).stack);

type Resources = Record<string, Record<string, Record<string, unknown>>>;
const fnOf = (r: Resources) => r.aws_lambda_function!.engine!;

describe('a cdktf stack', () => {
  it('runs on a brought role: no role or role policy is created, the policies are outputs', () => {
    // Act
    const json = synth({ roleArn: ROLE_ARN });

    // Assess
    const resources = json.resource as Resources;
    expect(resources.aws_iam_role).toBeUndefined();
    expect(resources.aws_iam_role_policy).toBeUndefined();
    expect(fnOf(resources).role).toBe(ROLE_ARN);
    expect(Object.keys(json.output)).toEqual(
      expect.arrayContaining(['role_policy_json', 'role_key_policy_json']),
    );
    expect(json.output.role_arn!.value).toBe(ROLE_ARN);
    // The key policy names the role through this local
    expect(JSON.stringify(resources.aws_kms_key!.key)).toContain('local.engine_role_arn');
    expect(json.locals!.engine_role_arn).toBe(ROLE_ARN);
  });

  it('places the function in the VPC and gives its role the network interface policy', () => {
    // Act
    const resources = synth({ subnetIds: SUBNETS, securityGroupIds: GROUPS }).resource as Resources;

    // Assess
    expect(fnOf(resources).vpc_config).toEqual({
      subnet_ids: SUBNETS,
      security_group_ids: GROUPS,
    });
    expect(resources.aws_iam_role_policy_attachment!.engine_vpc_access!.policy_arn).toMatch(
      /:iam::aws:policy\/service-role\/AWSLambdaVPCAccessExecutionRole$/,
    );
  });

  it('traces with X-Ray and checks code signing when asked, and leaves both out otherwise', () => {
    // Act
    const on = synth({ enableTracing: true, codeSigningConfigArn: CSC_ARN }).resource as Resources;
    const off = synth({}).resource as Resources;

    // Assess
    expect(fnOf(on).tracing_config).toEqual({ mode: 'Active' });
    expect(fnOf(on).code_signing_config_arn).toBe(CSC_ARN);
    expect(on.aws_iam_role_policy_attachment!.engine_tracing!.policy_arn).toMatch(
      /:iam::aws:policy\/AWSXRayDaemonWriteAccess$/,
    );
    expect(fnOf(off)).not.toHaveProperty('tracing_config');
    expect(fnOf(off)).not.toHaveProperty('vpc_config');
    expect(fnOf(off)).not.toHaveProperty('code_signing_config_arn');
    expect(off.aws_iam_role_policy_attachment).toBeUndefined();
  });

  it.each([
    [
      { createRole: false },
      "roleArn must be set while createRole is false, got null (give your role's ARN, or set createRole to true)",
    ],
    [
      { roleArn: ROLE_ARN, createRole: true },
      `roleArn must not be set while createRole is true, got "${ROLE_ARN}" (set createRole to false to use your role, or drop roleArn to create one)`,
    ],
    [
      { subnetIds: SUBNETS },
      "securityGroupIds must hold at least one entry while subnetIds does, got [] (give the function's security groups, or empty subnetIds)",
    ],
    [{ subnetIds: ['subnet-xyz'], securityGroupIds: GROUPS }, 'subnetIds[0] must be a subnet id'],
    [
      { codeSigningConfigArn: 'csc-1' },
      'codeSigningConfigArn must be a Lambda code signing config ARN',
    ],
  ] as const)('rejects %j with a message naming the prop, value and fix', (props, message) => {
    expect(() => synth(props as Partial<AccessKeyLifecycleProps>)).toThrow(message);
  });
});

describe('the exported HCL module', () => {
  const tree = exportIntoTempTree(zip);
  const root = path.join(path.dirname(tree.moduleDir), '..', 'conventions');
  writeAdoptionRoot(root, tree.moduleDir);
  let initialised: Promise<void>;
  beforeAll(() => {
    initialised = init(root).then((r) => {
      if (r.status !== 0) throw new Error(`terraform init: ${flat(r).slice(-3000)}`);
    });
  });

  it('plans a brought role, VPC placement, tracing and code signing', async () => {
    // Prepare
    await initialised;

    // Act
    const p = await planJson(root, 'all', [
      writeScenario(root, 'all', {
        create_role: false,
        role_arn: ROLE_ARN,
        subnet_ids: SUBNETS,
        security_group_ids: GROUPS,
        enable_tracing: true,
        code_signing_config_arn: CSC_ARN,
      }),
    ]);

    // Assess
    const addresses = p.resource_changes.map((c) => c.address);
    expect(addresses).not.toContainEqual(expect.stringMatching(/aws_iam_role(_policy)?\.engine/));
    expect(addresses).not.toContainEqual(expect.stringMatching(/aws_iam_role_policy_attachment/));
    const fn = p.resource_changes.find(
      (c) => c.address === 'module.akl.aws_lambda_function.engine',
    )!.change.after!;
    expect(fn).toMatchObject({
      role: ROLE_ARN,
      code_signing_config_arn: CSC_ARN,
      tracing_config: [{ mode: 'Active' }],
      vpc_config: [{ subnet_ids: SUBNETS, security_group_ids: GROUPS }],
    });
  });

  it('attaches the VPC and X-Ray policies to the module role when it creates it', async () => {
    // Prepare
    await initialised;

    // Act
    const p = await planJson(root, 'own', [
      writeScenario(root, 'own', {
        subnet_ids: SUBNETS,
        security_group_ids: GROUPS,
        enable_tracing: true,
      }),
    ]);

    // Assess
    const attachments = p.resource_changes
      .filter((c) => c.address.includes('aws_iam_role_policy_attachment'))
      .map((c) => c.address);
    expect(attachments.sort()).toEqual([
      'module.akl.aws_iam_role_policy_attachment.engine_tracing[0]',
      'module.akl.aws_iam_role_policy_attachment.engine_vpc_access[0]',
    ]);
  });

  it.each([
    [
      { create_role: false },
      "role_arn must be set while create_role is false, got null (give your role's ARN, or set create_role to true).",
    ],
    [
      { subnet_ids: SUBNETS },
      "security_group_ids must hold at least one entry while subnet_ids does, got [] (give the function's security groups, or empty subnet_ids).",
    ],
    [
      { role_arn: 'arn:aws:iam::123456789012:user/x', create_role: false },
      'role_arn must be an IAM role ARN',
    ],
  ] as const)('fails the plan of %j with the same message', async (inputs, message) => {
    // Prepare
    await initialised;
    const name = `bad-${Object.keys(inputs).join('-')}`;

    // Act
    const r = await plan(root, [writeScenario(root, name, inputs)]);

    // Assess
    expect(r.status).not.toBe(0);
    expect(flat(r)).toContain(message);
  });
});

/**
 * Issue 7 item 1: the secret Terraform creates is the one the engine writes. The construct and the
 * exported HCL module name secrets with the engine's own function (lambda/aws/secret-name.ts), and
 * per-user resource addresses never collide.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { secretName } from '../../lambda/aws/secret-name';
import { exportIntoTempTree, merged, readTf } from './support/hcl-module';
import { buildStack, placeholderZip, synthJson, type SynthJson } from './support/stacks';
import { terraform } from './support/terraform';
import type { AccessKeyLifecycleProps } from '../../modules/access-key-lifecycle';

jest.setTimeout(60_000);

const zip = placeholderZip();
const USERS = ['svc_ci', 'john.doe', 'john_doe', 'a,b', 'first.last@example.com', 'x+y=z', 'a-b'];

type Moved = { readonly from: string; readonly to: string };

function synth(userNames: readonly string[]): SynthJson & { readonly moved?: readonly Moved[] } {
  const props: AccessKeyLifecycleProps = {
    mode: 'enforce',
    lambdaZipPath: zip,
    managedSecretUsers: userNames.map((userName) => ({ userName })),
  };
  return synthJson(buildStack(props).stack);
}

/** The construct's secrets: one for_each resource, keyed by user name (issue 8 item 7). */
function secretResource(json: SynthJson): { for_each: Record<string, unknown>; name: string } {
  const secret = json.resource.aws_secretsmanager_secret!.secret!;
  return secret as unknown as { for_each: Record<string, unknown>; name: string };
}

describe('issue 7 item 1: one secret-naming function for engine, construct and HCL module', () => {
  it('keys each construct secret by its exact user name, so no two users share an address', () => {
    // Act
    const secret = secretResource(synth(USERS));

    // Assess
    expect(Object.keys(secret.for_each).sort()).toEqual([...USERS].sort());
    expect(secret.for_each['john.doe']).toEqual({ user_name: 'john.doe', path: '/' });
  });

  it('names the construct secrets with the template the HCL module uses (checked below by Terraform)', () => {
    // Act
    const secret = secretResource(synth(['svc_ci']));

    // Assess
    expect(secret.name).toContain('replace(each.value.user_name, ",", "/")');
  });

  it.each(USERS.map((u) => [u]))("keeps %s's address whichever other users are listed", (user) => {
    // Act
    const alone = secretResource(synth([user]));
    const withOthers = secretResource(synth(USERS));

    // Assess
    expect(withOthers.for_each[user]).toEqual(alone.for_each[user]);
  });

  it('moves an upgraded secret and its policy from the per-user and former addresses, so no live key is destroyed', () => {
    // Act
    const json = synth(['john.doe', 'svc_ci']);

    // Assess: a chain former id -> per-user id -> instance of the for_each resource
    expect(json.moved).toEqual([
      {
        from: 'aws_secretsmanager_secret.secret_john_doe',
        to: 'aws_secretsmanager_secret.secret-john-dot-doe',
      },
      {
        from: 'aws_secretsmanager_secret.secret-john-dot-doe',
        to: 'aws_secretsmanager_secret.secret["john.doe"]',
      },
      {
        from: 'aws_secretsmanager_secret_policy.secret_john_doe',
        to: 'aws_secretsmanager_secret_policy.secret-john-dot-doe',
      },
      {
        from: 'aws_secretsmanager_secret_policy.secret-john-dot-doe',
        to: 'aws_secretsmanager_secret_policy.secret["john.doe"]',
      },
      {
        from: 'aws_secretsmanager_secret.secret_svc_ci',
        to: 'aws_secretsmanager_secret.secret["svc_ci"]',
      },
      {
        from: 'aws_secretsmanager_secret_policy.secret_svc_ci',
        to: 'aws_secretsmanager_secret_policy.secret["svc_ci"]',
      },
    ]);
  });

  it('emits no move from a former address another listed user now owns', () => {
    // Act
    const json = synth(['john.doe', 'john_doe']);

    // Assess: secret_john_doe is john_doe's own address, never john.doe's former one
    const moves = (json.moved ?? []).filter((m) => m.from.endsWith('.secret_john_doe'));
    expect(moves).toEqual([
      {
        from: 'aws_secretsmanager_secret.secret_john_doe',
        to: 'aws_secretsmanager_secret.secret["john_doe"]',
      },
      {
        from: 'aws_secretsmanager_secret_policy.secret_john_doe',
        to: 'aws_secretsmanager_secret_policy.secret["john_doe"]',
      },
    ]);
  });

  it('renders the HCL module secret name so Terraform computes what the engine computes', async () => {
    // Prepare: the exported expression, applied to each name of the table by `terraform console`
    const tree = exportIntoTempTree(zip);
    const resources = merged(await readTf(tree.moduleDir), 'resource') as {
      aws_secretsmanager_secret: { secret: { name: string } };
    };
    const template = resources.aws_secretsmanager_secret.secret.name;
    expect(template).toContain('replace(each.value.user_name, ",", "/")');
    // The parsed string is the HCL template's source; quoted, it is the same template.
    const body = template
      .replace(/var\.secret_prefix/g, '"iam-access-key/"')
      .replace(/each\.value\.user_name/g, 'n');
    const expression = `jsonencode([for n in ${JSON.stringify(USERS)} : "${body}"])`;

    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'akl-console-'));
    const tf = terraform();

    // Act
    const r = spawnSync(tf.bin, [`-chdir=${empty}`, 'console'], {
      env: tf.env,
      input: `${expression}\n`,
      encoding: 'utf8',
    });

    // Assess
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(JSON.parse(r.stdout.trim()) as string)).toEqual(
      USERS.map((u) => secretName('iam-access-key/', u)),
    );
  });
});

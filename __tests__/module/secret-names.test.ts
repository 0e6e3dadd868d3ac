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

function secretsByName(json: SynthJson): Record<string, string> {
  const secrets = json.resource.aws_secretsmanager_secret ?? {};
  return Object.fromEntries(
    Object.entries(secrets).map(([id, s]) => [String(s.name), `aws_secretsmanager_secret.${id}`]),
  );
}

describe('issue 7 item 1: one secret-naming function for engine, construct and HCL module', () => {
  it('names each construct secret exactly as the engine does', () => {
    // Act
    const byName = secretsByName(synth(USERS));

    // Assess
    expect(Object.keys(byName).sort()).toEqual(
      USERS.map((u) => secretName('iam-access-key/', u)).sort(),
    );
    expect(byName).toHaveProperty(['iam-access-key/svc_ci']);
    expect(byName).toHaveProperty(['iam-access-key/a/b']);
  });

  it('gives john.doe and john_doe distinct, readable addresses (it used to crash synth)', () => {
    // Act
    const byName = secretsByName(synth(USERS));

    // Assess
    expect(byName).toMatchObject({
      'iam-access-key/svc_ci': 'aws_secretsmanager_secret.secret_svc_ci',
      'iam-access-key/john_doe': 'aws_secretsmanager_secret.secret_john_doe',
      'iam-access-key/john.doe': 'aws_secretsmanager_secret.secret-john-dot-doe',
      'iam-access-key/a/b': 'aws_secretsmanager_secret.secret-a-comma-b',
      'iam-access-key/first.last@example.com':
        'aws_secretsmanager_secret.secret-first-dot-last-at-example-dot-com',
      'iam-access-key/x+y=z': 'aws_secretsmanager_secret.secret-x-plus-y-eq-z',
      'iam-access-key/a-b': 'aws_secretsmanager_secret.secret_a-b',
    });
  });

  it.each(USERS.map((u) => [u]))("keeps %s's address whichever other users are listed", (user) => {
    // Act
    const alone = secretsByName(synth([user]));
    const withOthers = secretsByName(synth(USERS));

    // Assess
    const name = secretName('iam-access-key/', user);
    expect(withOthers[name]).toBe(alone[name]);
  });

  it('moves an upgraded secret and its policy from the former address, so no live key is destroyed', () => {
    // Act
    const json = synth(['john.doe', 'svc_ci']);

    // Assess
    expect(json.moved).toEqual(
      expect.arrayContaining([
        {
          from: 'aws_secretsmanager_secret.secret_john_doe',
          to: 'aws_secretsmanager_secret.secret-john-dot-doe',
        },
        {
          from: 'aws_secretsmanager_secret_policy.secret_john_doe',
          to: 'aws_secretsmanager_secret_policy.secret-john-dot-doe',
        },
      ]),
    );
    expect(json.moved).toHaveLength(2);
  });

  it('emits no move from an address another listed user now owns', () => {
    // Act
    const json = synth(['john.doe', 'john_doe']);

    // Assess
    expect(json.moved ?? []).toEqual([]);
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

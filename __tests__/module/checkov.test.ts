import * as fs from 'fs';
import * as path from 'path';
import { configurations } from './support/configurations';
import { placeholderZip } from './support/stacks';
import { synthToDir } from './support/synth-dir';
import { CHECKOV_CONFIG, idsFor, runCheckov, type CheckovReport } from './support/checkov';

jest.setTimeout(180_000);

/** The cloudsplaining-based and classic IAM checks that must have evaluated the role policy. */
const IAM_POLICY_CHECKS = [
  'CKV_AWS_1',
  'CKV_AWS_107',
  'CKV_AWS_108',
  'CKV_AWS_109',
  'CKV_AWS_110',
  'CKV_AWS_111',
  'CKV_AWS_356',
];

const cases = Object.entries(configurations(placeholderZip()));
const reports = new Map<string, Promise<CheckovReport>>();

beforeAll(() => {
  for (const [name, { props, region }] of cases) {
    reports.set(name, runCheckov(path.join(synthToDir(props, region), 'cdk.tf.json')));
  }
});

describe('checkov over the synthesized Terraform JSON', () => {
  it.each(cases.map(([name]) => [name]))('finds no failed check in "%s"', async (name) => {
    // Act
    const report = await reports.get(name)!;

    // Assess
    expect(report.failed.map((c) => `${c.check_id} ${c.resource}`)).toEqual([]);
    expect(report.passed.length).toBeGreaterThan(20);
  });

  it.each(cases.map(([name]) => [name]))(
    'evaluates the IAM checks on the role policy of "%s"',
    async (name) => {
      // Act
      const report = await reports.get(name)!;

      // Assess
      expect(idsFor(report.passed, 'data.engine_permissions')).toEqual(
        expect.arrayContaining(IAM_POLICY_CHECKS),
      );
    },
  );

  it('fails the IAM checks when the role policy grants iam:* on every resource', async () => {
    // Prepare: the same stack with one over-broad statement added to the role policy.
    const { props, region } = configurations(placeholderZip())['minimal report mode'];
    const file = path.join(synthToDir(props, region), 'cdk.tf.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    json.data.aws_iam_policy_document.engine_permissions.statement.push({
      effect: 'Allow',
      actions: ['iam:*'],
      resources: ['*'],
    });
    fs.writeFileSync(file, JSON.stringify(json));

    // Act
    const report = await runCheckov(file);

    // Assess
    expect(idsFor(report.failed, 'data.engine_permissions')).toEqual(
      expect.arrayContaining(['CKV_AWS_107', 'CKV_AWS_109', 'CKV_AWS_110', 'CKV_AWS_356']),
    );
  });

  it('justifies every skipped check on its own line', () => {
    // Prepare
    const lines = fs.readFileSync(CHECKOV_CONFIG, 'utf8').split('\n');

    // Act
    const skips = lines.filter((l) => /^\s*-\s*CKV/.test(l));

    // Assess
    expect(skips.length).toBeGreaterThan(0);
    for (const line of skips) expect(line).toMatch(/^\s*- CKV2?_AWS_\d+ # .{20,}$/);
  });
});

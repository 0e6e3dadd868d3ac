/**
 * The exported module ships native tests (tests/*.tftest.hcl): `terraform test` runs them offline with
 * a mocked AWS provider. Fails (never skips) when Terraform is missing.
 */
import { exportIntoTempTree, flat, init } from './support/hcl-module';
import { placeholderZip } from './support/stacks';
import { terraform } from './support/terraform';
import { runTerraformAsync } from '../../scripts/terraform-env';

jest.setTimeout(600_000);

it('runs every terraform test of the exported module offline and passes them all', async () => {
  // Prepare: the module exactly as `npm run export:hcl` writes it
  const { moduleDir } = exportIntoTempTree(placeholderZip());
  const initialised = await init(moduleDir);
  expect(initialised.status).toBe(0);

  // Act
  const r = await runTerraformAsync(terraform(), moduleDir, ['test', '-no-color']);

  // Assess
  expect(flat(r)).toMatch(/Success! \d+ passed, 0 failed\./);
  expect(r.status).toBe(0);
  const runs = Number(/Success! (\d+) passed/.exec(flat(r))![1]);
  expect(runs).toBeGreaterThanOrEqual(15);
  for (const file of ['defaults', 'switches', 'inputs']) {
    expect(flat(r)).toContain(`tests/${file}.tftest.hcl... pass`);
  }
});

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTerraformAsync, terraformEnv } from '../../scripts/terraform-env';
import { AWS_PROVIDER_RANGE } from '../../modules/account-stack/account-stack';

// The module suites run `terraform init` in parallel jest workers. A shared plugin_cache_dir made that
// race: without a lock file each init re-installs the provider into the cache, so one init removed the
// entry another was linking (CI on a clean machine: "after installing registry.terraform.io/hashicorp/aws
// it is still not detected in .terraform/providers"). Eight inits at once, three times, failed 2 and 5 of
// 24 with the cache and none without it.
jest.setTimeout(120_000);

const ROOT = `terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", version = "${AWS_PROVIDER_RANGE}" }\n  }\n}\n`;

describe('the Terraform CLI configuration the tests write', () => {
  it('sets no shared plugin cache', () => {
    // Act
    const tf = terraformEnv();

    // Assess
    const config = fs.readFileSync(tf.env.TF_CLI_CONFIG_FILE!, 'utf8');
    expect(config).not.toMatch(/plugin_cache_dir/);
    expect(tf.env.TF_PLUGIN_CACHE_DIR).toBeUndefined();
  });

  it('lets eight terraform inits run at once, three rounds, every one succeeding', async () => {
    // Arrange
    const tf = terraformEnv();
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-parallel-init-'));

    // Act
    const statuses: string[] = [];
    for (let round = 0; round < 3; round++) {
      const dirs = Array.from({ length: 8 }, (_, i) => path.join(base, `r${round}-${i}`));
      for (const dir of dirs) {
        fs.mkdirSync(dir);
        fs.writeFileSync(path.join(dir, 'main.tf'), ROOT);
      }
      const runs = await Promise.all(
        dirs.map((dir) => runTerraformAsync(tf, dir, ['init', '-no-color', '-input=false'])),
      );
      statuses.push(...runs.map((r) => (r.status === 0 ? 'ok' : r.stderr.slice(-400))));
    }

    // Assess
    expect(statuses).toEqual(Array(24).fill('ok'));
    fs.rmSync(base, { recursive: true, force: true });
  });
});

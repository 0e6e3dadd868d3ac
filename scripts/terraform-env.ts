/**
 * Runs Terraform offline for the module tests: finds the CLI, detects a provider filesystem mirror and
 * writes a CLI configuration that installs providers only from it.
 *
 * No `plugin_cache_dir`: the cache is not safe for concurrent `terraform init` (Terraform's CLI config
 * docs say so), and the module suites init in parallel. Without a lock file every init re-installs the
 * provider into the cache, so one init can remove the entry another is linking ("after installing … it
 * is still not detected in .terraform/providers"); that failed CI on a clean machine. An unpacked mirror
 * needs no cache: init symlinks the provider straight from it.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Mirror locations tried in order; TF_PLUGIN_MIRROR wins. */
const MIRROR_CANDIDATES = ['/opt/tf-plugins', path.join(os.homedir(), '.terraform.d', 'plugins')];

export interface TerraformEnv {
  readonly bin: string;
  readonly env: NodeJS.ProcessEnv;
  readonly mirror?: string;
}

export function findTerraform(): string {
  const bin = process.env.TERRAFORM_BIN ?? 'terraform';
  const probe = spawnSync(bin, ['version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `terraform CLI not found (tried "${bin}"): the module tests need Terraform >= 1.5 on PATH or TERRAFORM_BIN set to its path`,
    );
  }
  return bin;
}

export function findMirror(): string | undefined {
  const wanted = process.env.TF_PLUGIN_MIRROR;
  if (wanted) {
    if (!holdsAwsProvider(wanted)) {
      throw new Error(
        `TF_PLUGIN_MIRROR=${wanted} holds no <hostname>/hashicorp/aws directory; point it at a filesystem mirror (terraform providers mirror) or unset it`,
      );
    }
    return wanted;
  }
  return MIRROR_CANDIDATES.find(holdsAwsProvider);
}

/** A filesystem mirror is laid out <hostname>/<namespace>/<type>/…: look for hashicorp/aws under any host. */
function holdsAwsProvider(dir: string): boolean {
  if (!fs.existsSync(dir)) return false;
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .some(
      (host) => host.isDirectory() && fs.existsSync(path.join(dir, host.name, 'hashicorp', 'aws')),
    );
}

/** Environment for terraform child processes; without a mirror, providers come from the registry. */
export function terraformEnv(): TerraformEnv {
  const bin = findTerraform();
  const mirror = findMirror();
  const home = path.join(os.tmpdir(), 'iam-key-lifecycle-terraform');
  fs.mkdirSync(home, { recursive: true });
  const cliConfig = path.join(home, mirror ? 'offline.tfrc' : 'online.tfrc');
  const install = mirror
    ? `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["*/*"]\n  }\n  direct {\n    exclude = ["*/*"]\n  }\n}\n`
    : '';
  // Every jest worker writes this file while others' terraform may be reading it: write aside, then
  // rename (atomic), so no reader ever sees it truncated.
  const written = `${cliConfig}.${process.pid}`;
  fs.writeFileSync(written, install);
  fs.renameSync(written, cliConfig);
  // An inherited TF_PLUGIN_CACHE_DIR would bring back the shared cache (see the top of this file).
  const inherited = { ...process.env };
  delete inherited.TF_PLUGIN_CACHE_DIR;
  return {
    bin,
    mirror,
    env: {
      ...inherited,
      // Override any inherited (possibly missing) CLI config file.
      TF_CLI_CONFIG_FILE: cliConfig,
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      CHECKPOINT_DISABLE: '1',
    },
  };
}

export interface RunResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function runTerraform(tf: TerraformEnv, dir: string, args: readonly string[]): RunResult {
  const r = spawnSync(tf.bin, [`-chdir=${dir}`, ...args], {
    env: tf.env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Async variant so several stacks plan in parallel. */
export function runTerraformAsync(
  tf: TerraformEnv,
  dir: string,
  args: readonly string[],
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(tf.bin, [`-chdir=${dir}`, ...args], { env: { ...tf.env, ...extraEnv } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (e) => resolve({ status: -1, stdout, stderr: `${stderr}${e.message}` }));
    child.on('close', (code) => resolve({ status: code ?? -1, stdout, stderr }));
  });
}

/** Where and on what the figures were measured, so a reader can compare like with like. */
import { execFileSync } from 'node:child_process';
import * as os from 'node:os';
import { venvPython } from '../emulator/python-venv';

export interface MachineInfo {
  readonly platform: string;
  readonly cpuModel: string;
  readonly cpus: number;
  readonly totalMemoryMb: number;
  readonly node: string;
  readonly moto: string;
}

export interface GitInfo {
  readonly commit: string;
  /** Uncommitted changes were present: the figures describe the working tree, not `commit`. */
  readonly dirty: boolean;
}

export function machineInfo(): MachineInfo {
  return {
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    cpus: os.cpus().length,
    totalMemoryMb: Math.round(os.totalmem() / 1024 / 1024),
    node: process.version,
    moto: quiet(venvPython(), ['-c', 'import moto; print(moto.__version__)']),
  };
}

export function gitInfo(): GitInfo {
  const commit = quiet('git', ['rev-parse', 'HEAD']);
  const status = quiet('git', ['status', '--porcelain', '--untracked-files=no']);
  return { commit, dirty: status !== '' && status !== 'unknown' };
}

function quiet(command: string, args: readonly string[]): string {
  try {
    return execFileSync(command, args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'unknown';
  }
}

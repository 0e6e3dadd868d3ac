/** reports/bench.json: everything measured, plus what is needed to reproduce and compare it. */
import type { Extrapolation } from './extrapolate';
import type { GitInfo, MachineInfo } from './machine';
import type { BenchOptions } from './options';
import type { PopulationFigures } from './scenario';

export interface BenchResult {
  readonly command: string;
  readonly options: BenchOptions;
  readonly date: string;
  readonly git: GitInfo;
  readonly machine: MachineInfo;
  readonly settings: Readonly<Record<string, string | number>>;
  readonly populations: readonly PopulationFigures[];
  readonly extrapolation: readonly Extrapolation[];
  readonly totalSeconds: number;
}

/**
 * Memory of one run, sampled from process.memoryUsage(). The engine runs in this process, the
 * emulator in another (Python), so these figures are the engine's plus the bench's small overhead.
 * A full GC before the run gives a stable baseline; the delta is what the run itself added.
 */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

const SAMPLE_EVERY_MS = 20;
const MB = 1024 * 1024;

export interface MemoryFigures {
  readonly baselineRssMb: number;
  readonly baselineHeapUsedMb: number;
  readonly peakRssMb: number;
  readonly peakHeapUsedMb: number;
  readonly deltaRssMb: number;
  readonly deltaHeapUsedMb: number;
  readonly samples: number;
}

/** `gc()` without asking the reader to pass --expose-gc: npm run bench starts node itself. */
function collector(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

const gc = collector();

export async function measureMemory<T>(
  work: () => Promise<T>,
): Promise<{ result: T; memory: MemoryFigures }> {
  gc();
  const base = process.memoryUsage();
  let peakRss = base.rss;
  let peakHeap = base.heapUsed;
  let samples = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
    samples++;
  };
  const timer = setInterval(sample, SAMPLE_EVERY_MS);
  try {
    const result = await work();
    sample();
    return {
      result,
      memory: {
        baselineRssMb: round(base.rss / MB),
        baselineHeapUsedMb: round(base.heapUsed / MB),
        peakRssMb: round(peakRss / MB),
        peakHeapUsedMb: round(peakHeap / MB),
        deltaRssMb: round((peakRss - base.rss) / MB),
        deltaHeapUsedMb: round((peakHeap - base.heapUsed) / MB),
        samples,
      },
    };
  } finally {
    clearInterval(timer);
  }
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

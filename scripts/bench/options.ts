/** Command-line options of `npm run bench`. */

export interface BenchOptions {
  /** Sizes of the fixed-mix populations (the same 45 users needing action at each). */
  readonly sizes: readonly number[];
  /** Size of the proportional-mix population; 0 skips it. */
  readonly proportional: number;
  /** Also run enforce on the fallback path at the proportional size (a fresh seed). */
  readonly worstCase: boolean;
  /** Regenerate docs/benchmarks.md (only a full run does by default). */
  readonly writeDocs: boolean;
  /** Re-render the table and docs from this bench.json instead of running. */
  readonly from?: string;
}

export const FULL_SIZES = [500, 1000, 2000, 5000] as const;
export const FULL_PROPORTIONAL = 5000;
const QUICK_SIZES = [500, 1000] as const;
const MIN_SIZE = 50;
const MAX_SIZE = 20_000;

export const USAGE = `npm run bench [-- options]
  --sizes 500,1000       fixed-mix sizes (default ${FULL_SIZES.join(',')})
  --proportional N       proportional-mix size, 0 to skip (default ${FULL_PROPORTIONAL}, or the largest --sizes)
  --quick                --sizes ${QUICK_SIZES.join(',')}, proportional at 1000, no worst-case run (~1 min)
  --no-worst-case        skip the enforce run on the fallback path
  --docs                 regenerate docs/benchmarks.md even for a partial run
  --from FILE            re-render the table and docs from a bench.json, without running`;

export function parseOptions(argv: readonly string[]): BenchOptions {
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i < 0 ? undefined : (argv[i + 1] ?? '');
  };
  const flags = new Set(['--quick', '--no-worst-case', '--docs', '--help']);
  const withValue = new Set(['--sizes', '--proportional', '--from']);
  const unknown = argv.filter(
    (a, i) =>
      a.startsWith('--') && !flags.has(a) && !withValue.has(a) && !withValue.has(argv[i - 1] ?? ''),
  );
  if (unknown.length > 0) throw new Error(`unknown option ${unknown[0]}; usage:\n${USAGE}`);
  const quick = argv.includes('--quick');
  const sizesArg = value('sizes');
  const sizes =
    sizesArg === undefined ? [...(quick ? QUICK_SIZES : FULL_SIZES)] : parseSizes(sizesArg);
  const propArg = value('proportional');
  const proportional =
    propArg !== undefined
      ? parseSize(propArg, '--proportional', true)
      : quick
        ? 1000
        : sizesArg !== undefined
          ? Math.max(...sizes)
          : FULL_PROPORTIONAL;
  const full = !quick && sizesArg === undefined && propArg === undefined;
  const from = value('from');
  return {
    sizes,
    proportional,
    worstCase: !quick && !argv.includes('--no-worst-case') && proportional > 0,
    writeDocs: argv.includes('--docs') || full || from !== undefined,
    ...(from !== undefined ? { from } : {}),
  };
}

function parseSizes(text: string): number[] {
  const sizes = text.split(',').map((s) => parseSize(s.trim(), '--sizes', false));
  return [...new Set(sizes)].sort((a, b) => a - b);
}

function parseSize(text: string, option: string, zeroAllowed: boolean): number {
  const n = Number(text);
  if (Number.isInteger(n) && ((zeroAllowed && n === 0) || (n >= MIN_SIZE && n <= MAX_SIZE)))
    return n;
  throw new Error(
    `${option} takes whole numbers from ${MIN_SIZE} to ${MAX_SIZE}${zeroAllowed ? ' (or 0 to skip)' : ', comma-separated'}, got "${text}"; e.g. ${option} ${zeroAllowed ? '5000' : '500,1000'}`,
  );
}

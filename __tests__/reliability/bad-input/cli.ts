/**
 * `npm run reliability -- --bad-input [--write] [--verbose]`: runs the bad-input catalogue against a
 * fresh emulator, prints one line per failing case (every case with --verbose) and counts per category;
 * `--write` replaces the bad-input section of RELIABILITY.md with this run's figures. Exits 1 when any
 * case is violated.
 */
import { startEmulator } from '../../../scripts/emulator/emulator';
import { motoVersion, replaceSection } from '../figures';
import { CATALOGUE } from './catalogue';
import { runCatalogue } from './run';
import { BEGIN, END, renderBadInput } from './section';

export async function badInputMain(argv: readonly string[]): Promise<number> {
  const unknown = argv.find((a) => !['--bad-input', '--write', '--verbose'].includes(a));
  if (unknown) throw new Error(`--bad-input takes only --write and --verbose, got ${unknown}`);
  const verbose = argv.includes('--verbose');
  const emulator = await startEmulator();
  for (const [name, value] of Object.entries(emulator.env())) process.env[name] = value;
  const started = Date.now();
  let results;
  try {
    results = await runCatalogue(emulator, (r) => {
      if (r.broken.length) {
        console.log(`VIOLATED ${r.category}: ${r.name}`);
        for (const b of r.broken) console.log(`  - ${b}`);
      } else if (verbose) console.log(`ok ${r.category}: ${r.name} (${r.ms} ms)`);
    });
  } finally {
    await emulator.stop();
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  for (const c of CATALOGUE) {
    const rows = results.filter((r) => r.category === c.category);
    const bad = rows.filter((r) => r.broken.length).length;
    console.log(`${c.category}: ${rows.length} cases, ${rows.length - bad} hold, ${bad} violated`);
  }
  const violated = results.filter((r) => r.broken.length).length;
  console.log(`${results.length} bad inputs, ${violated} violated, ${seconds}s`);
  if (argv.includes('--write')) {
    const command = `npm run reliability -- ${argv.join(' ')}`;
    const section = renderBadInput(results, { command, seconds, moto: motoVersion() });
    console.log(`figures written to ${await replaceSection(BEGIN, END, section)}`);
  }
  return violated ? 1 : 0;
}

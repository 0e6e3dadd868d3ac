/**
 * The bad-input section of RELIABILITY.md, rendered from a run of the catalogue (never typed by hand),
 * between its own markers so the fault-schedule and overlap sections are left alone.
 */
import * as os from 'node:os';
import { CATALOGUE } from './catalogue';
import type { CaseResult } from './run';

export const BEGIN =
  '<!-- generated:bad-input:begin (npm run reliability -- --bad-input --write) -->';
export const END = '<!-- generated:bad-input:end -->';

export interface SectionContext {
  readonly command: string;
  readonly seconds: number;
  readonly moto: string;
}

export function renderBadInput(results: readonly CaseResult[], ctx: SectionContext): string {
  const failing = results.filter((r) => r.broken.length);
  const lines = [
    BEGIN,
    '## Bad input catalogue',
    '',
    'What was tried: each case is a row `{ name, input, expected }` under',
    '`__tests__/reliability/bad-input/`, checked for its expected clear outcome (an error or warning',
    'naming the input, the value and the fix, or a documented safe behaviour) and for no write it should',
    'not make: the AWS calls the run made (harness call recorder) and the account before and after (IAM',
    'keys, statuses and tags; secrets, versions, policies). Emulator cases run the real handler against',
    'moto with the coordination table and the state MAC key, as the module deploys it. CI runs the same',
    'rows (`__tests__/reliability/bad-input/catalogue.test.ts`).',
    '',
    '| category | level | cases | hold | violations |',
    '| --- | --- | --- | --- | --- |',
    ...CATALOGUE.map((c) => {
      const rows = results.filter((r) => r.category === c.category);
      const bad = rows.filter((r) => r.broken.length).length;
      return `| ${c.category} | ${c.level} | ${rows.length} | ${rows.length - bad} | ${bad} |`;
    }),
    `| **total** | | ${results.length} | ${results.length - failing.length} | ${failing.length} |`,
    '',
    ...CATALOGUE.map((c) => `- ${c.category}: ${c.tried}.`),
    '',
    '| figure | value |',
    '| --- | --- |',
    `| machine | ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}, ${os.platform()} ${os.release()} |`,
    `| moto | ${ctx.moto} |`,
    `| wall time | ${ctx.seconds} s |`,
    `| command | \`${ctx.command}\` |`,
    `| date | ${new Date().toISOString().slice(0, 10)} |`,
    '',
  ];
  if (failing.length) {
    lines.push(
      'Violations (each case is kept failing, named after what must hold, until the bug is fixed):',
      '',
    );
    for (const r of failing) lines.push(`- ${r.category}: ${r.name} — ${oneLine(r.broken[0]!)}`);
    lines.push('');
  }
  lines.push(END);
  return lines.join('\n');
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').replace(/\|/g, '\\|');
  return flat.length > 220 ? `${flat.slice(0, 220)}…` : flat;
}

import { EXECUTION_SHARE, SAFETY_MARGIN_MS } from '../../../lambda/config/settings';
import { Deadline } from '../../../lambda/engine/deadline';

const FULL_RUN_MS = 900_000;
const READ_STOP_MS = SAFETY_MARGIN_MS + FULL_RUN_MS * EXECUTION_SHARE;

/** A remaining-time function that returns `values` in turn (the last one from then on). */
function remaining(...values: number[]): () => number {
  let i = 0;
  return () => values[Math.min(i++, values.length - 1)] as number;
}

describe('Deadline', () => {
  it('never stops a run without a remaining-time function', () => {
    // Act
    const deadline = new Deadline();

    // Assess
    expect(deadline.mayStart('read')).toBe(true);
    expect(deadline.mayStart('execute')).toBe(true);
    expect(deadline.reached).toBe(false);
  });

  it.each([
    { phase: 'read', left: READ_STOP_MS, starts: true },
    { phase: 'read', left: READ_STOP_MS - 1, starts: false },
    { phase: 'execute', left: READ_STOP_MS - 1, starts: true },
    { phase: 'execute', left: SAFETY_MARGIN_MS, starts: true },
    { phase: 'execute', left: SAFETY_MARGIN_MS - 1, starts: false },
  ] as const)('with $left ms left, $phase may start: $starts', ({ phase, left, starts }) => {
    // Prepare
    const deadline = new Deadline(remaining(FULL_RUN_MS, left));

    // Act
    const result = deadline.mayStart(phase);

    // Assess
    expect(result).toBe(starts);
    expect(deadline.reached).toBe(!starts);
  });

  it('keeps reads for the share of the run that execution needs', () => {
    // Prepare: a run configured with a 5-minute timeout
    const deadline = new Deadline(remaining(300_000, 170_000, 170_000));

    // Act
    const read = deadline.mayStart('read');
    const execute = deadline.mayStart('execute');

    // Assess
    expect(read).toBe(false); // 170 s < 120 s + 20% of 300 s
    expect(execute).toBe(true);
  });

  it('stays stopped once a phase has stopped, so deferred users form one tail', () => {
    // Prepare
    const deadline = new Deadline(remaining(FULL_RUN_MS, 60_000, FULL_RUN_MS));

    // Act
    const first = deadline.mayStart('execute');
    const later = deadline.mayStart('execute');

    // Assess
    expect([first, later]).toEqual([false, false]);
  });

  it('keeps no execution reserve for a run that executes nothing (report mode)', () => {
    // Prepare
    const deadline = new Deadline(remaining(FULL_RUN_MS, SAFETY_MARGIN_MS), 0);

    // Act
    const read = deadline.mayStart('read');

    // Assess
    expect(read).toBe(true);
  });
});

/**
 * The bad-input catalogue (issue 10) in CI: every row of every category, each holding its expected clear
 * outcome and making no write it should not. `npm run reliability -- --bad-input --write` runs the same
 * rows and writes their counts into RELIABILITY.md.
 */
import { useEmulator } from '../../integration/support/fixture';
import { CATALOGUE } from './catalogue';

const fx = useEmulator({ resetBeforeEach: false }); // each emulator case resets the account itself

describe.each(CATALOGUE.map((c) => [c.category, c] as const))(
  'bad input: %s',
  (_name, catalogue) => {
    it.each(catalogue.cases.map((row) => [row.name, row] as const))('%s', async (_case, row) => {
      // Act
      const broken = fx.seen(await catalogue.evaluate(row, fx.emulator));

      // Assess: every broken expectation is listed, each naming what was seen
      expect(broken).toEqual([]);
    });
  },
);

/** Without COORDINATION_TABLE the engine behaves per invocation, and says so in every summary. */
import { runWarningRecord } from '../../../lambda/notify/run-words';
import { daysAgo, FakeAccount } from './support/fake-account';
import { run, testConfig } from './support/engine';

describe('coordination off (issue 7, items 7 and 8)', () => {
  it.each([['enforce'], ['report']] as const)(
    'a %s run without COORDINATION_TABLE warns that budget and notices are per invocation',
    async (mode) => {
      // Prepare
      const a = new FakeAccount();
      a.addUser('idle', [{ createDate: daysAgo(100), lastUsed: daysAgo(60) }]);

      // Act
      const { summary } = await run(a, testConfig({ mode }));

      // Assess
      const off = summary.warnings.filter((w) => w.code === 'coordination-off');
      expect(off).toEqual([runWarningRecord({ code: 'coordination-off' })]);
    },
  );
});

// Jest reporter: ends every run with one plain closing line, `tests: N passed, N failed, N skipped`,
// that CI and people can read without knowing jest's own summary format.
class ClosingLineReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = results;
    const failedSuites = results.numFailedTestSuites + results.numRuntimeErrorTestSuites;
    const failed = numFailedTests + (failedSuites > 0 && numFailedTests === 0 ? failedSuites : 0);
    process.stderr.write(
      `tests: ${numPassedTests} passed, ${failed} failed, ${numPendingTests + numTodoTests} skipped\n`,
    );
  }
}
module.exports = ClosingLineReporter;

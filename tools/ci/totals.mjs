// The run's totals: each check step counts as one test, plus Jest's own counts. Jest failures
// that no test count shows still count once, so the totals line and the exit code always agree:
// a suite that failed without running a test (a compile error, a failing hook), or a Jest run
// that failed or crashed on its own (no results file, a failing global setup).
export function totals(steps, jest, jestExitCode = 0) {
  const passed = steps.filter((s) => s.ok).length;
  const failedSteps = steps.length - passed;
  if (!jest) return { passed, failed: failedSteps + 1 };
  const failedSuites = (jest.testResults ?? []).filter(
    (suite) =>
      suite.status === 'failed' && (suite.assertionResults ?? []).every((t) => t.status !== 'failed'),
  ).length;
  const jestFailures = jest.numFailedTests + failedSuites;
  const jestFailed = jestExitCode !== 0 || jest.success === false;
  return {
    passed: passed + jest.numPassedTests,
    failed: failedSteps + jestFailures + (jestFailed && jestFailures === 0 ? 1 : 0),
  };
}

export const totalsLine = ({ passed, failed }) => `${passed} passed, ${failed} failed`;

// The run's totals: each check step counts as one test, plus Jest's own counts. A suite that
// failed without running a test (a compile error, a failing hook) counts as one failure.
export function totals(steps, jest) {
  let passed = steps.filter((s) => s.ok).length;
  let failed = steps.length - passed;
  if (jest) {
    passed += jest.numPassedTests;
    failed += jest.numFailedTests;
    failed += (jest.testResults ?? []).filter(
      (suite) =>
        suite.status === 'failed' && (suite.assertionResults ?? []).every((t) => t.status !== 'failed'),
    ).length;
  }
  return { passed, failed };
}

export const totalsLine = ({ passed, failed }) => `${passed} passed, ${failed} failed`;

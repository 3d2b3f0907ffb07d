import { totals, totalsLine } from '../totals.mjs';

describe('CI totals', () => {
  const steps = [
    { name: 'lint', ok: true },
    { name: 'types', ok: false },
  ];
  const green = { success: true, numPassedTests: 40, numFailedTests: 0, testResults: [] };

  it('counts each check step as one test next to the Jest counts', () => {
    const jest = { success: false, numPassedTests: 40, numFailedTests: 2, testResults: [] };
    expect(totalsLine(totals(steps, jest, 1))).toBe('41 passed, 3 failed');
  });

  it('reports a clean run as no failures', () => {
    expect(totals([{ name: 'lint', ok: true }], green, 0)).toEqual({ passed: 41, failed: 0 });
  });

  it('counts a suite that failed without a failing test (a compile error) as a failure', () => {
    const jest = {
      success: false,
      numPassedTests: 3,
      numFailedTests: 0,
      testResults: [
        { status: 'failed', assertionResults: [] },
        { status: 'passed', assertionResults: [{ status: 'passed' }] },
      ],
    };
    expect(totals(steps, jest, 1)).toEqual({ passed: 4, failed: 2 });
  });

  it('does not count a suite twice when its failing tests are already counted', () => {
    const jest = {
      success: false,
      numPassedTests: 1,
      numFailedTests: 1,
      testResults: [{ status: 'failed', assertionResults: [{ status: 'passed' }, { status: 'failed' }] }],
    };
    expect(totals([], jest, 1)).toEqual({ passed: 1, failed: 1 });
  });

  it('counts a Jest run that failed with every test green (e.g. its teardown threw) once', () => {
    expect(totals([], green, 1)).toEqual({ passed: 40, failed: 1 });
  });

  it('counts a Jest crash that wrote no results as one failure next to the steps', () => {
    expect(totals(steps, null, 1)).toEqual({ passed: 1, failed: 2 });
  });
});

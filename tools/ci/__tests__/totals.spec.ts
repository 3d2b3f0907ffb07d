import { totals, totalsLine } from '../totals.mjs';

describe('CI totals', () => {
  const steps = [
    { name: 'lint', ok: true },
    { name: 'types', ok: false },
  ];

  it('counts each check step as one test next to the Jest counts', () => {
    const jest = { numPassedTests: 40, numFailedTests: 2, testResults: [] };
    expect(totalsLine(totals(steps, jest))).toBe('41 passed, 3 failed');
  });

  it('counts a suite that failed without a failing test (a compile error) as a failure', () => {
    const jest = {
      numPassedTests: 3,
      numFailedTests: 0,
      testResults: [
        { status: 'failed', assertionResults: [] },
        { status: 'passed', assertionResults: [{ status: 'passed' }] },
      ],
    };
    expect(totals(steps, jest)).toEqual({ passed: 4, failed: 2 });
  });

  it('still counts the steps when Jest wrote no results', () => {
    expect(totals(steps, null)).toEqual({ passed: 1, failed: 1 });
  });
});

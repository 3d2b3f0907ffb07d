export interface StepResult {
  name: string;
  ok: boolean;
}
/** The parts of Jest's --json output that the totals use. */
export interface JestSummary {
  success?: boolean;
  numPassedTests: number;
  numFailedTests: number;
  testResults?: { status: string; assertionResults?: { status: string }[] }[];
}
export function totals(
  steps: StepResult[],
  jest: JestSummary | null,
  jestExitCode?: number,
): { passed: number; failed: number };
export function totalsLine(t: { passed: number; failed: number }): string;

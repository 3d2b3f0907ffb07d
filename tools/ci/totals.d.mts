export interface StepResult {
  name: string;
  ok: boolean;
}
export interface JestSummary {
  numPassedTests: number;
  numFailedTests: number;
  testResults?: { status: string; assertionResults?: { status: string }[] }[];
}
export function totals(steps: StepResult[], jest: JestSummary | null): { passed: number; failed: number };
export function totalsLine(t: { passed: number; failed: number }): string;

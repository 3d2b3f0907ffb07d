export interface ConfigurationIssue {
  variable: string;
  message: string;
}

/**
 * Thrown at boot when the environment does not satisfy the service's schema. The message is
 * meant for a terminal: one line per variable, so an operator can fix them all in one go.
 */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';

  constructor(readonly issues: ConfigurationIssue[]) {
    super(
      [
        `Invalid configuration: ${issues.length} problem${issues.length === 1 ? '' : 's'} in the environment`,
        ...issues.map((issue) => `  - ${issue.variable}: ${issue.message}`),
      ].join('\n'),
    );
  }
}

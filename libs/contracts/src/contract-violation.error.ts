import { z } from 'zod';

export interface ContractIssue {
  /** Dotted path into the envelope, e.g. `payload.subject.endUserId`; empty for the whole value. */
  readonly path: string;
  readonly message: string;
}

/**
 * A value that does not match the event contract. Consumers treat it as poison (no retry can fix
 * it), so the message must say which event, which version and which fields, for whoever reads the DLQ.
 */
export class ContractViolationError extends Error {
  override readonly name = 'ContractViolationError';

  constructor(
    readonly type: string | null,
    readonly schemaVersion: number | null,
    readonly issues: readonly ContractIssue[],
  ) {
    super(describe(type, schemaVersion, issues));
  }

  static fromZod(
    type: string | null,
    schemaVersion: number | null,
    error: z.ZodError,
  ): ContractViolationError {
    const issues = error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    return new ContractViolationError(type, schemaVersion, issues);
  }
}

function describe(
  type: string | null,
  schemaVersion: number | null,
  issues: readonly ContractIssue[],
): string {
  const event = `${type ?? '(unknown event type)'} v${schemaVersion ?? '?'}`;
  const details = issues.map((i) => `${i.path || '(envelope)'}: ${i.message}`).join('; ');
  return `${event} violates its contract: ${details}`;
}

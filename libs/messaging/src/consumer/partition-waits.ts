import { EventEnvelope } from '@actionhub/contracts';
import { MessagingLogger } from '../messaging-logger';
import { causeLabel, FailureCause } from './failure-cause';

/** A partition paused on a message that failed, retried until it succeeds. */
export interface PartitionWait {
  topic: string;
  partition: number;
  offset: string;
  eventId?: string;
  eventType?: string;
  correlationId?: string;
  cause: FailureCause;
  since: Date;
  attempts: number;
  lastError: string;
}

export interface MessagePosition {
  topic: string;
  partition: number;
  offset: string;
}

const REPORT_EVERY_MS = 60_000;
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Which partitions of a consumer wait on a failing message, on what and since when, and what the
 * logs say about it. An outage is expected to pass: one warning when a partition starts waiting,
 * then an error about once a minute while it lasts. A handler that keeps throwing is a bug to look
 * at: a warning per attempt, then from `reportAfterAttempts` on an error, with the stack, about
 * once a minute.
 */
export class PartitionWaits {
  private readonly waiting = new Map<string, PartitionWait & { reportedAt: number }>();

  constructor(
    private readonly logger: MessagingLogger,
    private readonly reportAfterAttempts: number,
  ) {}

  /** Oldest wait first. */
  list(): PartitionWait[] {
    return [...this.waiting.values()]
      .map(({ reportedAt: _, ...wait }) => wait)
      .sort((a, b) => a.since.getTime() - b.since.getTime());
  }

  attempts(topic: string, partition: number): number {
    return this.waiting.get(`${topic}:${partition}`)?.attempts ?? 0;
  }

  /** Records a failed attempt at the message at `where`, and reports it. */
  failed(
    where: MessagePosition,
    event: EventEnvelope | undefined,
    cause: FailureCause,
    error: unknown,
  ): void {
    const key = `${where.topic}:${where.partition}`;
    let wait = this.waiting.get(key);
    if (!wait || wait.offset !== where.offset) {
      wait = { ...where, cause, since: new Date(), attempts: 0, lastError: '', reportedAt: 0 };
      this.waiting.set(key, wait);
    }
    Object.assign(wait, {
      cause,
      attempts: wait.attempts + 1,
      lastError: errorText(error),
      eventId: event?.eventId,
      eventType: event?.type,
      correlationId: event?.correlationId,
    });
    this.report(wait, error);
  }

  /** The message at `where` is done with: its partition no longer waits. */
  recovered(where: MessagePosition): void {
    const key = `${where.topic}:${where.partition}`;
    const wait = this.waiting.get(key);
    if (!wait) return;
    this.waiting.delete(key);
    if (wait.offset !== where.offset) return; // another member handled that message meanwhile
    this.logger.info(
      {
        topic: wait.topic,
        partition: wait.partition,
        eventId: wait.eventId,
        type: wait.eventType,
        cause: wait.cause,
        attempts: wait.attempts,
        waitedMs: Date.now() - wait.since.getTime(),
      },
      `consumer resumed after waiting on ${causeLabel[wait.cause]}`,
    );
  }

  /** After a rebalance: partitions that moved to another member are no longer this one's to wait on. */
  keepOnly(assigned: Record<string, number[]>): void {
    for (const [key, wait] of this.waiting) {
      if (!assigned[wait.topic]?.includes(wait.partition)) this.waiting.delete(key);
    }
  }

  clear(): void {
    this.waiting.clear();
  }

  private report(wait: PartitionWait & { reportedAt: number }, error: unknown): void {
    const fields = {
      topic: wait.topic,
      partition: wait.partition,
      offset: wait.offset,
      eventId: wait.eventId,
      type: wait.eventType,
      correlationId: wait.correlationId,
      cause: wait.cause,
      attempt: wait.attempts,
      waitingSince: wait.since.toISOString(),
      err: wait.lastError,
    };
    const now = Date.now();
    const due = now - wait.reportedAt >= REPORT_EVERY_MS;
    if (wait.cause === 'handler') {
      if (wait.attempts < this.reportAfterAttempts) {
        this.logger.warn(fields, 'event handler failed; retrying');
      } else if (due) {
        wait.reportedAt = now;
        this.logger.error(
          { ...fields, stack: (error as Error)?.stack },
          'event handler keeps failing; its partition waits until it succeeds',
        );
      }
      return;
    }
    const what = causeLabel[wait.cause];
    if (wait.attempts === 1) {
      wait.reportedAt = now;
      this.logger.warn(fields, `consumer waiting on ${what}; partition paused, retrying`);
    } else if (due) {
      wait.reportedAt = now;
      this.logger.error(fields, `consumer still waiting on ${what}`);
    }
  }
}

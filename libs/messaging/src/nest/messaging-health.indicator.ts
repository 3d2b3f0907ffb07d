import { Injectable } from '@nestjs/common';
import { MessagingLifecycle } from './messaging.lifecycle';

/**
 * Readiness of the service's messaging: down while its consumer or outbox relay waits out a
 * PostgreSQL or Kafka outage, saying on what and since when (e.g. "consumer waiting on PostgreSQL
 * since ..."), so an operator sees why events stopped moving.
 */
@Injectable()
export class MessagingHealthIndicator {
  readonly name = 'messaging';

  constructor(private readonly lifecycle: MessagingLifecycle) {}

  async check(): Promise<void> {
    const reason = this.lifecycle.outageReason();
    if (reason) throw new Error(reason);
  }
}

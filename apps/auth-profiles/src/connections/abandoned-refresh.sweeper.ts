import { SERVICE_CONFIG, SERVICE_LOGGER } from '@actionhub/service-kit';
import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Logger } from 'pino';
import { AppConfig } from '../config/auth-profiles.config';
import { RefreshFlights } from './refresh-flights';
import { RefreshLeaseStore } from './refresh-lease.store';

const BATCH = 20;

/**
 * Finishes refreshes that a replica left half done: it died (or lost the database) after the
 * provider may have rotated the refresh token and before the answer was stored. The stored,
 * older refresh token still works for the provider's reuse window (Atlassian: 10 minutes), so
 * refreshing such connections well within that window keeps them alive; see the README.
 */
@Injectable()
export class AbandonedRefreshSweeper implements OnModuleInit, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
    private readonly store: RefreshLeaseStore,
    private readonly flights: RefreshFlights,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => {
      this.sweeping ??= this.sweep().finally(() => (this.sweeping = null));
    }, this.config.REFRESH_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.sweeping;
  }

  async sweep(): Promise<void> {
    try {
      for (const connectionId of await this.store.abandoned(BATCH)) {
        const outcome = await this.flights.refresh({
          connectionId,
          force: false,
          correlationId: randomUUID(),
        });
        this.logger.info(
          { connectionId, outcome: outcome.kind },
          'finished a refresh another attempt left half done',
        );
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'sweeping abandoned refreshes failed; trying again later');
    }
  }
}

import { METRICS_REGISTRY } from '@actionhub/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';

export type RefreshOutcome = 'refreshed' | 'transient_failure' | 'final_failure';

/** token_refresh_total{outcome}: a rise in final failures means users must re-authorize. */
@Injectable()
export class RefreshMetrics {
  private readonly counter: Counter<'outcome'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.counter = new Counter({
      name: 'token_refresh_total',
      help: 'OAuth token refreshes by outcome',
      labelNames: ['outcome'],
      registers: [registry],
    });
  }

  outcome(outcome: RefreshOutcome): void {
    this.counter.inc({ outcome });
  }
}

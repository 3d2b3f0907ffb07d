import { METRICS_REGISTRY } from '@actionhub/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Registry } from 'prom-client';

export type RefreshOutcome =
  'refreshed' | 'transient_failure' | 'final_failure' | 'client_rejected' | 'provider_busy';

/**
 * token_refresh_total{outcome}: calls to the token endpoint and what came of them (provider_busy:
 * our own per-host cap refused the call). A rise in final failures means users must re-authorize;
 * client_rejected means a profile's client id or secret is wrong.
 * token_refresh_deferred_total{reason}: resolves that needed a refresh and did not call the
 * provider because a failure is remembered (cooling_down).
 * provider_calls_in_flight: token-endpoint calls running now, all hosts together.
 */
@Injectable()
export class RefreshMetrics {
  private readonly counter: Counter<'outcome'>;
  private readonly deferrals: Counter<'reason'>;
  private readonly inFlight: Gauge;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.counter = new Counter({
      name: 'token_refresh_total',
      help: 'OAuth token refreshes by outcome',
      labelNames: ['outcome'],
      registers: [registry],
    });
    this.deferrals = new Counter({
      name: 'token_refresh_deferred_total',
      help: 'Refreshes not tried because a recent failure is remembered',
      labelNames: ['reason'],
      registers: [registry],
    });
    this.inFlight = new Gauge({
      name: 'provider_calls_in_flight',
      help: 'Calls to token endpoints running now',
      registers: [registry],
    });
  }

  outcome(outcome: RefreshOutcome): void {
    this.counter.inc({ outcome });
  }

  deferred(reason: 'cooling_down'): void {
    this.deferrals.inc({ reason });
  }

  callsInFlight(count: number): void {
    this.inFlight.set(count);
  }
}

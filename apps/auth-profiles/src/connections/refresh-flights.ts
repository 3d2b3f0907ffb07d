import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { ConnectionRefresher, RefreshOutcome, RefreshRequest } from './connection-refresher';
import { SingleFlight } from './single-flight';

/**
 * Single-flight refreshes within this process: every resolve of a connection that arrives while
 * its refresh runs shares that refresh's outcome (the lease does the same across replicas).
 */
@Injectable()
export class RefreshFlights implements OnModuleDestroy {
  private readonly flights = new SingleFlight<RefreshOutcome>();

  constructor(private readonly refresher: ConnectionRefresher) {}

  refresh(request: RefreshRequest): Promise<RefreshOutcome> {
    return this.flights.run(request.connectionId, () => this.refresher.refresh(request));
  }

  // A refresh cut off mid-way would leave its lease to expire; let the ones in flight finish.
  async onModuleDestroy(): Promise<void> {
    await this.flights.settled();
  }
}

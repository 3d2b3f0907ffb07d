import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HealthIndicator } from './health-indicator';

/** Readiness of the service's PostgreSQL: a round trip through the TypeORM pool. */
@Injectable()
export class PostgresHealthIndicator implements HealthIndicator {
  readonly name = 'postgres';

  constructor(private readonly dataSource: DataSource) {}

  async check(): Promise<void> {
    if (!this.dataSource.isInitialized) throw new Error('the DataSource is not connected');
    await this.dataSource.query('SELECT 1');
  }
}

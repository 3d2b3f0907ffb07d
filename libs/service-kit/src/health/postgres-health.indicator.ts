import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { ServiceConfig } from '../config/service-config.schema';
import { SERVICE_CONFIG } from '../service-kit.tokens';
import { HealthIndicator } from './health-indicator';
import { DEFAULT_HEALTH_CHECK_TIMEOUT_MS } from './health.service';

/**
 * Readiness of the service's PostgreSQL: a round trip on a connection of its own, outside the
 * service's pool. A storm that occupies every pool slot (callers then get 503 database_busy)
 * does not make the database look down, and the probe never waits behind that storm.
 */
@Injectable()
export class PostgresHealthIndicator implements HealthIndicator {
  readonly name = 'postgres';
  private pool: Pool | null = null;

  constructor(@Inject(SERVICE_CONFIG) private readonly config: ServiceConfig) {}

  async check(): Promise<void> {
    if (!this.pool) {
      this.pool = new Pool({
        connectionString: this.config.DATABASE_URL,
        max: 1,
        connectionTimeoutMillis: DEFAULT_HEALTH_CHECK_TIMEOUT_MS,
        statement_timeout: DEFAULT_HEALTH_CHECK_TIMEOUT_MS,
        application_name: 'readiness-probe',
        allowExitOnIdle: true,
      });
      // Its idle connection may be cut (a failover, an administrator, a dropped database): the pool
      // discards it and the next check connects anew. Unheard, that 'error' would end the process.
      // Once per pool: a listener per probe would pile up for as long as the process lives.
      this.pool.on('error', () => undefined);
    }
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.end();
  }
}

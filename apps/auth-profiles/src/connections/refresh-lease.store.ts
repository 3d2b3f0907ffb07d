import { OutboxWriter } from '@actionhub/messaging';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { database } from '../database/data-source';
import { ConnectionEntity } from './connection.entity';
import { connectionRefreshFailed } from './connection.events';

const TABLE = `"${database.schema}".connection`;

/** When a connection needs a refresh, as the claim decides it (in the database's clock). */
export interface RefreshNeed {
  /** The caller's call got 401: refresh unless a refresh happened in the last `quietSeconds`. */
  force: boolean;
  quietSeconds: number;
  /** Otherwise: refresh when the token expires within this many seconds. */
  aheadSeconds: number;
}

export interface RefreshedSecrets {
  secretsEncrypted: string;
  expiresAt: Date | null;
  scopes: string[] | null;
}

/**
 * The statements of a refresh. Each is one short statement (or a short transaction with its
 * outbox event): no lock and no pool connection is held while the provider is called. The
 * lease makes refreshing single-flight across replicas; every write after the provider's
 * answer is a compare-and-set on the lease owner, so an attempt that lost its lease (it ran
 * past the expiry and another replica took over) writes nothing.
 */
@Injectable()
export class RefreshLeaseStore {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  /** The runtime's hot path: one indexed read, mapped by hand (no query builder). */
  async findBySubject(appId: string, actionKey: string, subjectKey: string) {
    return this.one(
      await this.db.query(
        `SELECT * FROM ${TABLE} WHERE app_id = $1 AND action_key = $2 AND subject_key = $3`,
        [appId, actionKey, subjectKey],
      ),
    );
  }

  async find(id: string) {
    return this.one(await this.db.query(`SELECT * FROM ${TABLE} WHERE id = $1`, [id]));
  }

  /**
   * Takes the refresh lease when the connection is active, nobody holds a live lease, its
   * cool-down is over, and it still needs a refresh; answers the row as claimed, else null. A
   * lease whose owner never cleared it counts as needing a refresh: that attempt may have
   * rotated the refresh token at the provider before it died (see the README).
   */
  async claim(id: string, owner: string, leaseMs: number, need: RefreshNeed) {
    const [rows] = (await this.db.query(
      `UPDATE ${TABLE}
          SET refresh_lease_owner = $2, refresh_lease_until = now() + make_interval(secs => $3)
        WHERE id = $1 AND status = 'active' AND mechanism = 'oauth2'
          AND (refresh_lease_until IS NULL OR refresh_lease_until < now())
          AND (refresh_retry_at IS NULL OR refresh_retry_at <= now())
          AND (refresh_lease_owner IS NOT NULL
               OR ($4 AND (refreshed_at IS NULL OR refreshed_at < now() - make_interval(secs => $5)))
               OR (NOT $4 AND expires_at < now() + make_interval(secs => $6)))
        RETURNING *`,
      [id, owner, leaseMs / 1000, need.force, need.quietSeconds, need.aheadSeconds],
    )) as [Record<string, unknown>[], number];
    return this.one(rows);
  }

  /** Stores the provider's answer, if the lease is still ours; answers the stored row or null. */
  async complete(id: string, owner: string, secrets: RefreshedSecrets) {
    const [rows] = (await this.db.query(
      `UPDATE ${TABLE}
          SET secrets_encrypted = $3, expires_at = $4, scopes = COALESCE($5, scopes), refreshed_at = now(),
              refresh_failures = 0, refresh_retry_at = NULL,
              refresh_lease_owner = NULL, refresh_lease_until = NULL, updated_at = now()
        WHERE id = $1 AND refresh_lease_owner = $2 AND status = 'active'
        RETURNING *`,
      [id, owner, secrets.secretsEncrypted, secrets.expiresAt, secrets.scopes],
    )) as [Record<string, unknown>[], number];
    return this.one(rows);
  }

  /** Gives the lease back without a verdict (the call was never made, or told nothing about the connection). */
  async release(id: string, owner: string): Promise<void> {
    await this.db.query(
      `UPDATE ${TABLE} SET refresh_lease_owner = NULL, refresh_lease_until = NULL
        WHERE id = $1 AND refresh_lease_owner = $2`,
      [id, owner],
    );
  }

  /** A transient failure: no refresh before the cool-down ends; ConnectionRefreshFailed { final: false }. */
  coolDown(c: ConnectionEntity, owner: string, coolDownMs: number, reason: string, correlationId: string) {
    return this.db.transaction(async (manager) => {
      const row = await this.updateLeased(
        manager,
        `refresh_failures = refresh_failures + 1,
         refresh_retry_at = now() + make_interval(secs => $3)`,
        [c.id, owner, coolDownMs / 1000],
      );
      if (row)
        await this.outbox.append(manager, connectionRefreshFailed(c, { correlationId }, false, reason));
      return row;
    });
  }

  /** The provider refused the grant: `refresh_failed`, ConnectionRefreshFailed { final: true }. */
  failFinally(c: ConnectionEntity, owner: string, reason: string, correlationId: string) {
    return this.db.transaction(async (manager) => {
      const row = await this.updateLeased(manager, `status = 'refresh_failed', status_reason = $3`, [
        c.id,
        owner,
        reason.slice(0, 1000),
      ]);
      if (row) await this.outbox.append(manager, connectionRefreshFailed(c, { correlationId }, true, reason));
      return row;
    });
  }

  /** Connections whose lease expired without an outcome: a replica died mid-refresh. */
  async abandoned(limit: number): Promise<string[]> {
    const rows = (await this.db.query(
      `SELECT id FROM ${TABLE}
        WHERE refresh_lease_owner IS NOT NULL AND refresh_lease_until < now() AND status = 'active'
        ORDER BY refresh_lease_until LIMIT $1`,
      [limit],
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }

  private async updateLeased(manager: EntityManager, set: string, params: unknown[]) {
    const [rows] = (await manager.query(
      `UPDATE ${TABLE}
          SET ${set}, refresh_lease_owner = NULL, refresh_lease_until = NULL, updated_at = now()
        WHERE id = $1 AND refresh_lease_owner = $2 AND status = 'active'
        RETURNING *`,
      params,
    )) as [Record<string, unknown>[], number];
    return this.one(rows);
  }

  private one(rows: Record<string, unknown>[]): ConnectionEntity | null {
    if (!rows[0]) return null;
    const entity = new ConnectionEntity();
    for (const column of this.db.getMetadata(ConnectionEntity).columns) {
      (entity as unknown as Record<string, unknown>)[column.propertyName] = rows[0][column.databaseName];
    }
    return entity;
  }
}

import type { Client, ClientConfig, Notification } from 'pg';
import { DataSource } from 'typeorm';
import { backoffMs } from '../backoff';
import { MessagingLogger } from '../messaging-logger';
import { outboxChannel, sourceTag } from './outbox-signals';

export interface OutboxListenerOptions {
  /** How often the idle connection is checked: a server that vanished sends no FIN. */
  pingIntervalMs?: number;
  /** Reconnect backoff, doubling up to the max. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  logger: MessagingLogger;
}

type PgPool = { Client: new (config: ClientConfig) => Client; options: ClientConfig };

/**
 * LISTENs to the outbox channel of a DataSource's schema on a connection of its own, outside the
 * pool (a pool slot held forever would shrink the pool, and a pooled connection cannot keep a
 * LISTEN), and calls `onNotify` for each commit another DataSource made there. A lost connection
 * (a failover, a restart, an administrator) is reconnected with backoff, and `onNotify` is called
 * once it is back, since what was committed meanwhile was not heard. Nothing depends on it: the
 * relay's poll still finds every row, only later.
 */
export class OutboxListener {
  private client: Client | null = null;
  private stopped = true;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private readonly opts: Required<OutboxListenerOptions>;
  private readonly channel: string;
  private readonly ownTag: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly onNotify: () => void,
    options: OutboxListenerOptions,
  ) {
    this.opts = { pingIntervalMs: 10_000, initialBackoffMs: 200, maxBackoffMs: 5_000, ...options };
    this.channel = outboxChannel(dataSource);
    this.ownTag = sourceTag(dataSource);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.connect();
  }

  /** Closes the connection (UNLISTEN goes with it). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.retryTimer = this.pingTimer = null;
    const client = this.client;
    this.client = null;
    if (client) await close(client);
  }

  /** Listening now, for tests and diagnostics. */
  get listening(): boolean {
    return this.client !== null;
  }

  private async connect(): Promise<void> {
    let client: Client;
    try {
      client = this.newClient();
    } catch (error) {
      return this.retry(error as Error); // the DataSource is closing or closed
    }
    let lost = false;
    const onLost = (error: Error) => {
      if (lost) return;
      lost = true;
      this.lost(client, error);
    };
    client.on('error', onLost);
    client.on('end', () => onLost(new Error('connection closed')));
    client.on('notification', (message: Notification) => {
      if (message.channel === this.channel && message.payload !== this.ownTag) this.onNotify();
    });
    try {
      await client.connect();
      await client.query(`LISTEN "${this.channel.replace(/"/g, '""')}"`);
    } catch (error) {
      return onLost(error as Error);
    }
    if (this.stopped || lost) return void close(client);
    this.client = client;
    if (this.failures > 0) {
      this.opts.logger.info(
        { channel: this.channel, attempts: this.failures },
        'outbox listener reconnected',
      );
    }
    this.failures = 0;
    this.pingTimer = setInterval(() => {
      client.query('SELECT 1').catch((error: Error) => onLost(error));
    }, this.opts.pingIntervalMs).unref();
    // Commits made while no connection listened were not heard.
    this.onNotify();
  }

  /** A client with the pool's own settings (address, credentials, TLS, timeouts, keep-alive). */
  private newClient(): Client {
    const pool = (this.dataSource.driver as unknown as { master?: PgPool }).master;
    if (!pool) throw new Error('the DataSource has no pool (not initialized, or destroyed)');
    return new pool.Client({
      ...pool.options,
      // Operators (and tests) find it in pg_stat_activity by its channel.
      application_name: `listen ${this.channel}`.slice(0, 63),
      // A bound on the ping, so a connection that hangs is noticed.
      query_timeout: this.opts.pingIntervalMs,
    });
  }

  private lost(client: Client, error: Error): void {
    if (this.client === client) this.client = null;
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
    void close(client);
    this.retry(error);
  }

  private retry(error: Error): void {
    if (this.stopped) return;
    this.failures += 1;
    const retryInMs = backoffMs(this.failures, this.opts.initialBackoffMs, this.opts.maxBackoffMs);
    const fields = { channel: this.channel, err: error.message, attempt: this.failures, retryInMs };
    // The poll still publishes everything, only later: a warning, not an error.
    if (this.failures === 1)
      this.opts.logger.warn(fields, 'outbox listener lost its connection; reconnecting');
    else this.opts.logger.debug(fields, 'outbox listener could not reconnect yet');
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped) void this.connect();
    }, retryInMs);
    this.retryTimer.unref();
  }
}

/** Ends the connection politely, or drops it when the server does not answer. */
async function close(client: Client): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const dropped = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
      resolve();
    }, 2_000);
  });
  await Promise.race([client.end().catch(() => undefined), dropped]);
  clearTimeout(timer);
}

import { Client } from 'pg';
import { PostgresHealthIndicator, ServiceConfig } from '../../../src';

// The readiness probe keeps one connection of its own. A failover or an administrator cuts it
// while idle: the service must carry on (an unheard pool 'error' would end the process) and the
// next probe must connect anew.
const databaseUrl = process.env.DATABASE_URL!;

it('survives its idle connection being cut, and the next check connects anew', async () => {
  const probe = new PostgresHealthIndicator({ DATABASE_URL: databaseUrl } as ServiceConfig);
  const admin = new Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    await probe.check();
    const pool = (probe as unknown as { pool: { query(sql: string): Promise<{ rows: { pid: number }[] }> } })
      .pool;
    const { rows } = await pool.query('SELECT pg_backend_pid() AS pid');
    const cut = await admin.query('SELECT pg_terminate_backend($1) AS cut', [rows[0]!.pid]);
    expect(cut.rows[0].cut).toBe(true);
    // Let the pool hear the connection close while idle.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expect(probe.check()).resolves.toBeUndefined();
  } finally {
    await admin.end();
    await probe.close();
  }
});

it('probes all day without piling up listeners (Node warned of a leak after 10 probes)', async () => {
  const probe = new PostgresHealthIndicator({ DATABASE_URL: databaseUrl } as ServiceConfig);
  const errorListeners = () =>
    (probe as unknown as { pool: { listenerCount(event: string): number } }).pool.listenerCount('error');
  try {
    await probe.check();
    const afterOne = errorListeners();
    // A kubelet probes every few seconds, for as long as the process lives.
    for (let i = 0; i < 20; i++) await probe.check();
    expect(errorListeners()).toBe(afterOne);
  } finally {
    await probe.close();
  }
});

import { waitFor } from '@actionhub/testing';
import { EventHandler, FailureCause, HandlerContext, rejectEvent } from '../../../src';
import { ConsumerHarness } from '../support/consumer-harness';
import { actionConfigured } from '../support/sample-events';

interface Effect {
  eventId: string;
  tx: string;
}

/**
 * Records one effect per event with the id of the transaction it committed in; `fail(eventId)`
 * may throw instead.
 */
class TxRecordingHandler implements EventHandler {
  readonly eventType = 'ActionConfigured' as const;
  readonly calls = new Map<string, number>();
  fail: (eventId: string) => void = () => undefined;

  constructor(
    private readonly table: () => string,
    readonly batchable = true,
  ) {}

  async handle(event: { eventId: string }, { manager }: HandlerContext): Promise<void> {
    this.calls.set(event.eventId, (this.calls.get(event.eventId) ?? 0) + 1);
    this.fail(event.eventId);
    await manager.query(`INSERT INTO ${this.table()} (event_id, tx) VALUES ($1, txid_current())`, [
      event.eventId,
    ]);
  }
}

describe('batch consumption: runs of a partition share a transaction (real Kafka and PostgreSQL)', () => {
  const h = new ConsumerHarness();
  let table = '';

  beforeAll(async () => {
    await h.open();
    table = `"${h.fx.dataSource.getMetadata('effect').schema}"."tx_effect"`;
    await h.fx.dataSource.query(
      `CREATE TABLE ${table} ("seq" SERIAL PRIMARY KEY, "event_id" uuid NOT NULL, "tx" bigint NOT NULL)`,
    );
  });
  beforeEach(async () => {
    await h.nextTopic();
    await h.fx.dataSource.query(`TRUNCATE ${table}`);
  });
  afterEach(() => h.afterEach());
  afterAll(() => h.close());

  /** The effects in commit order. */
  const effects = async (): Promise<Effect[]> =>
    (await h.fx.dataSource.query(
      `SELECT event_id AS "eventId", tx::text AS tx FROM ${table} ORDER BY seq`,
    )) as Effect[];
  const waitEffects = (n: number) =>
    waitFor(`${n} effects`, effects, (rows) => rows.length >= n, { timeoutMs: 30_000 });
  const idsOf = (events: { eventId: string }[]) => events.map((e) => e.eventId);
  const transactionsOf = (rows: Effect[]) => new Set(rows.map((r) => r.tx)).size;

  it('consumes 120 waiting events of one partition in a few transactions of up to 50, in order, each once', async () => {
    const events = Array.from({ length: 120 }, () => actionConfigured(0));
    await h.sendEvents(events, 0);
    await h.startConsumer(new TxRecordingHandler(() => table));

    const rows = await waitEffects(120);
    expect(rows.map((r) => r.eventId)).toEqual(idsOf(events));
    const perTransaction = new Map<string, number>();
    for (const { tx } of rows) perTransaction.set(tx, (perTransaction.get(tx) ?? 0) + 1);
    expect(Math.max(...perTransaction.values())).toBeGreaterThan(1);
    expect(Math.max(...perTransaction.values())).toBeLessThanOrEqual(50);
  });

  it('a handler that is not batchable gets a transaction per event', async () => {
    const events = Array.from({ length: 10 }, () => actionConfigured(0));
    await h.sendEvents(events, 0);
    await h.startConsumer(new TxRecordingHandler(() => table, false));

    const rows = await waitEffects(10);
    expect(rows.map((r) => r.eventId)).toEqual(idsOf(events));
    expect(transactionsOf(rows)).toBe(10);
  });

  it('a handler failing in the middle of a run: the events before it commit, it is retried alone until it succeeds, nothing is parked', async () => {
    const events = Array.from({ length: 20 }, () => actionConfigured(0));
    const flaky = events[7]!.eventId;
    const handler = new TxRecordingHandler(() => table);
    let left = 3;
    handler.fail = (eventId) => {
      if (eventId === flaky && left-- > 0) throw new Error('downstream hiccup');
    };
    const causes: FailureCause[] = [];
    await h.sendEvents(events, 0);
    await h.startConsumer(handler, { onFailure: (cause) => causes.push(cause) });

    const rows = await waitEffects(20);
    expect(rows.map((r) => r.eventId)).toEqual(idsOf(events));
    expect(causes).toEqual(['handler', 'handler', 'handler']);
    expect(handler.calls.get(flaky)).toBe(4);
    // Its three failed attempts each rolled back; the one that succeeded committed it alone.
    const flakyTx = rows.find((r) => r.eventId === flaky)!.tx;
    expect(rows.filter((r) => r.tx === flakyTx).map((r) => r.eventId)).toEqual([flaky]);
    expect(h.probe.messages).toHaveLength(0);
  });

  it('a run whose COMMIT fails goes one event at a time: those before the culprit commit, the culprit waits until it can commit', async () => {
    const schema = h.fx.dataSource.getMetadata('effect').schema;
    // A deferred constraint trigger: the veto surfaces at COMMIT, outside every handler.
    await h.fx.dataSource.query(
      `CREATE TABLE IF NOT EXISTS "${schema}".commit_veto (event_id uuid PRIMARY KEY)`,
    );
    await h.fx.dataSource.query(
      `CREATE OR REPLACE FUNCTION "${schema}".veto() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF EXISTS (SELECT 1 FROM "${schema}".commit_veto WHERE event_id = NEW.event_id) THEN
           RAISE EXCEPTION 'vetoed at commit';
         END IF;
         RETURN NULL;
       END $$`,
    );
    await h.fx.dataSource.query(
      `CREATE CONSTRAINT TRIGGER veto AFTER INSERT ON ${table} DEFERRABLE INITIALLY DEFERRED
       FOR EACH ROW EXECUTE FUNCTION "${schema}".veto()`,
    );
    const events = Array.from({ length: 10 }, () => actionConfigured(0));
    const culprit = events[4]!;
    await h.fx.dataSource.query(`INSERT INTO "${schema}".commit_veto VALUES ($1)`, [culprit.eventId]);
    try {
      await h.sendEvents(events, 0);
      const consumer = await h.startConsumer(new TxRecordingHandler(() => table));

      await waitFor(
        'the partition waiting on the culprit',
        () => consumer.waits(),
        (w) => w.length === 1 && w[0]!.eventId === culprit.eventId && w[0]!.attempts >= 2,
      );
      const committed = await effects();
      expect(committed.map((r) => r.eventId)).toEqual(idsOf(events.slice(0, 4)));
      expect(transactionsOf(committed)).toBe(4);

      await h.fx.dataSource.query(`DELETE FROM "${schema}".commit_veto`);
      const rows = await waitEffects(10);
      expect(rows.map((r) => r.eventId)).toEqual(idsOf(events));
      expect(h.probe.messages).toHaveLength(0);
    } finally {
      await h.fx.dataSource.query(`DROP TRIGGER veto ON ${table}`);
    }
  });

  it('a rejection or poison bytes in the middle of a run go to the DLQ alone; the rest is consumed once, in order', async () => {
    const before = Array.from({ length: 5 }, () => actionConfigured(0));
    const refused = actionConfigured(0);
    const after = Array.from({ length: 5 }, () => actionConfigured(0));
    const last = Array.from({ length: 3 }, () => actionConfigured(0));
    const handler = new TxRecordingHandler(() => table);
    handler.fail = (eventId) => {
      if (eventId === refused.eventId) rejectEvent('this installation can never be built');
    };
    await h.sendEvents([...before, refused, ...after], 0);
    await h.send({ key: 'k', value: '{ not json', partition: 0 });
    await h.sendEvents(last, 0);
    await h.startConsumer(handler);

    const rows = await waitEffects(13);
    expect(rows.map((r) => r.eventId)).toEqual(idsOf([...before, ...after, ...last]));
    const parked = await waitFor(
      'two dead letters',
      () => h.probe.messages,
      (m) => m.length >= 2,
    );
    expect(parked.map((m) => m.headers['dlq-reason']).sort()).toEqual(['malformed', 'rejected']);
    expect(parked.find((m) => m.headers['dlq-reason'] === 'rejected')!.value).toContain(refused.eventId);
    expect(handler.calls.get(refused.eventId)).toBe(1);
    for (const e of [...before, ...after, ...last])
      expect(rows.filter((r) => r.eventId === e.eventId)).toHaveLength(1);
  });
});

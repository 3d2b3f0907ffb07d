import { EventEnvelope } from '@actionhub/contracts';
import { KafkaProbe, uniqueTopicPrefix, waitFor } from '@actionhub/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createDataSource } from '../../../src/database/data-source';
import { RunningDialogs, startDialogs } from '../support/dialogs-service';
import { EventProducer, templateInstalled } from '../support/kafka-events';

// dialogs is closed in the middle of a burst of installs and started again: every installation
// ends with exactly one dialog task and exactly one DialogTaskCreated.
describe('dialogs stopped in the middle of a burst of installs', () => {
  const prefix = uniqueTopicPrefix();
  const events = new EventProducer(prefix);
  let dialogs: RunningDialogs | undefined;
  let probe: KafkaProbe;
  let db: DataSource;

  beforeAll(async () => {
    db = createDataSource(process.env.DATABASE_URL!);
    await db.initialize();
  });

  afterAll(async () => {
    await probe?.stop();
    await events.close();
    await dialogs?.close();
    await db?.destroy();
  });

  it('leaves one dialog task and one DialogTaskCreated per installation', async () => {
    const apps = Array.from({ length: 6 }, () => randomUUID());
    const installs: EventEnvelope[] = Array.from({ length: 30 }, (_, i) =>
      templateInstalled(apps[i % apps.length], ['create-content', 'get-content', 'list-pages'][i % 3]),
    );
    const installationIds = installs.map((e) => (e.payload as { installationId: string }).installationId);
    const countTasks = async () =>
      Number(
        (
          await db.query(
            'SELECT count(*)::int AS n FROM dialogs.dialog_task WHERE installation_id = ANY($1)',
            [installationIds],
          )
        )[0].n,
      );

    dialogs = await startDialogs({ KAFKA_TOPIC_PREFIX: prefix });
    probe = await events.probe();
    // The burst, in small batches, each installation also sent twice (redelivery on top). dialogs
    // is closed as soon as the first tasks exist, and the rest of the burst arrives while it is down.
    const sendBatches = async (list: EventEnvelope[]) => {
      for (let i = 0; i < list.length; i += 5) {
        const batch = list.slice(i, i + 5);
        await events.send(...batch, ...batch);
      }
    };
    await sendBatches(installs.slice(0, 15));
    await waitFor('some tasks before the stop', countTasks, (n) => n > 0);
    await dialogs.close();
    dialogs = undefined;
    await sendBatches(installs.slice(15));
    const before = await countTasks();
    expect(before).toBeLessThan(installs.length);

    dialogs = await startDialogs({ KAFKA_TOPIC_PREFIX: prefix });
    await waitFor('every installation handled', countTasks, (n) => n === installs.length, {
      timeoutMs: 60_000,
    });
    const pending = () =>
      db
        .query(
          'SELECT count(*)::int AS n FROM dialogs.outbox_event WHERE topic LIKE $1 AND published_at IS NULL',
          [`${prefix}%`],
        )
        .then((r: { n: number }[]) => Number(r[0].n));
    await waitFor('the outbox drained', pending, (n) => n === 0);
    const created = () =>
      probe
        .parsedValues<{ type: string; eventId: string; payload: { installationId: string } }>()
        .filter((e) => e.type === 'DialogTaskCreated');
    await waitFor(
      'every DialogTaskCreated on Kafka',
      () => created().length,
      (n) => n >= installs.length,
    );

    const rows: { installation_id: string; n: number }[] = await db.query(
      'SELECT installation_id, count(*)::int AS n FROM dialogs.dialog_task WHERE installation_id = ANY($1) GROUP BY 1',
      [installationIds],
    );
    expect(rows).toHaveLength(installs.length);
    expect(rows.every((r) => Number(r.n) === 1)).toBe(true);
    const perInstallation = new Map<string, Set<string>>();
    for (const e of created()) {
      perInstallation.set(
        e.payload.installationId,
        (perInstallation.get(e.payload.installationId) ?? new Set()).add(e.eventId),
      );
    }
    expect([...perInstallation.keys()].sort()).toEqual([...installationIds].sort());
    expect([...perInstallation.values()].every((ids) => ids.size === 1)).toBe(true);
  });
});

import { dlqTopic, Topics } from '@actionhub/contracts';
import { createTestDatabase, delay, KafkaProbe, TcpProxy, waitFor } from '@actionhub/testing';
import { actionConfigured } from '../../apps/dialogs/test/integration/support/kafka-events';
import { App, TemplateInstallationFixture } from './template-installation.fixture';

// The "done when": PostgreSQL goes away for 20 s in the middle of a burst of 200 template
// installs across 40 apps. Both services reach PostgreSQL through a TCP proxy that this test cuts
// (the shared server keeps running for everyone else); every connection through it is reset and
// new ones are refused, as in a stop or a failover. Every accepted install ends `installed`,
// nothing lands in a DLQ, nothing is doubled.
const TEMPLATES = ['list-spaces', 'get-content', 'create-content', 'list-pages', 'list-blog-posts'];
const APPS = 40;
const OUTAGE_MS = 20_000;

let database: { url: string; drop: () => Promise<void> };
let proxy: TcpProxy;
let fixture: TemplateInstallationFixture;
let dlqProbe: KafkaProbe;

beforeAll(async () => {
  // A database of its own: no other test file's relay or consumer works on these rows meanwhile.
  database = await createTestDatabase('outage');
  const { hostname, port } = new URL(database.url);
  proxy = await TcpProxy.start(hostname, Number(port || 5432));
  fixture = new TemplateInstallationFixture({
    databaseUrl: database.url,
    serviceEnv: { DATABASE_URL: proxy.rewrite(database.url) },
  });
  await fixture.start();
  const consumed = [Topics.actionConfig, Topics.templateInstaller, Topics.dialogs];
  dlqProbe = await new KafkaProbe(fixture.events.kafka).start(
    consumed.map((t) => fixture.topic(dlqTopic(t))),
  );
});

afterAll(async () => {
  proxy?.restore();
  await dlqProbe?.stop();
  await fixture?.stop();
  await proxy?.close();
  await database?.drop();
});

/** Installs until the service accepts it, as a client would retry a failed request. */
async function installWithRetry(app: App, templateKey: string, accepted: string[]): Promise<void> {
  for (;;) {
    const answer = await fixture.install(app, templateKey).catch(() => null);
    if (answer?.status === 202) return void accepted.push(answer.body.installationId);
    // An earlier attempt committed but its answer was lost: that installation counts below.
    if (answer?.status === 409 && answer.body.code === 'already_installed') return;
    await delay(500);
  }
}

const readinessOf = async (url: string) => (await fetch(`${url}/health/ready`)).json();

it('ends every accepted install `installed`, once, with nothing dead-lettered, after PostgreSQL was away for 20 s', async () => {
  const apps = await Promise.all(Array.from({ length: APPS }, () => fixture.newApp()));
  await fixture.configure(...apps);
  const jobs = apps.flatMap((app) => TEMPLATES.map((templateKey) => ({ app, templateKey })));
  const accepted: string[] = [];

  // Eight clients, each pacing its installs so that the burst spans the outage.
  const burst = Promise.all(
    Array.from({ length: 8 }, async (_, worker) => {
      for (let i = worker; i < jobs.length; i += 8) {
        await installWithRetry(jobs[i]!.app, jobs[i]!.templateKey, accepted);
        await delay(700);
      }
    }),
  );
  await waitFor(
    'the burst under way',
    () => accepted.length,
    (n) => n >= 40,
  );

  proxy.cut();
  // Events that arrive now meet consumers that cannot reach PostgreSQL.
  const lateApps = await Promise.all([fixture.newApp(), fixture.newApp()]);
  const lateEvents = lateApps.map((app) => actionConfigured(app.appId, 'pre-authorize'));
  await fixture.events.send(...lateEvents);
  for (const url of [fixture.dialogs!.url, fixture.templateInstaller!.url]) {
    const report = await waitFor(
      'readiness to say what messaging waits on',
      () => readinessOf(url),
      (r) => /consumer waiting on PostgreSQL since/.test(r.reasons?.messaging ?? ''),
    );
    expect(report).toMatchObject({ status: 'unavailable', checks: { postgres: 'down', messaging: 'down' } });
  }
  await delay(OUTAGE_MS - 2_000);
  proxy.restore();

  await burst;
  const appIds = apps.map((a) => a.appId);
  const installations: { id: string; status: string }[] = await waitFor(
    'every installation installed',
    () =>
      fixture.db.query(
        'SELECT id, status FROM template_installer.template_installation WHERE app_id = ANY($1::uuid[])',
        [appIds],
      ),
    (rows: { status: string }[]) =>
      rows.length === jobs.length && rows.every((r) => r.status === 'installed'),
    { timeoutMs: 120_000, intervalMs: 500 },
  );
  // Every accepted install is among them; an install whose answer was lost is there once too.
  const ids = installations.map((r) => r.id);
  expect(ids).toEqual(expect.arrayContaining(accepted));

  // One dialog task and one DialogTaskCreated per installation, one TemplateInstalled each.
  const tasks: { installation_id: string }[] = await fixture.dialogsDb.query(
    'SELECT installation_id FROM dialogs.dialog_task WHERE app_id = ANY($1::uuid[])',
    [appIds],
  );
  expect(tasks.map((t) => t.installation_id).sort()).toEqual([...ids].sort());
  const createdEvents: { n: number; distinct: number }[] = await fixture.dialogsDb.query(
    `SELECT count(*)::int AS n, count(DISTINCT value::jsonb #>> '{payload,installationId}')::int AS distinct
       FROM dialogs.outbox_event WHERE event_type = 'DialogTaskCreated' AND value::jsonb ->> 'appId' = ANY($1)`,
    [appIds],
  );
  expect(createdEvents[0]).toEqual({ n: jobs.length, distinct: jobs.length });
  const installedEvents: { n: number }[] = await fixture.db.query(
    `SELECT count(*)::int AS n FROM template_installer.outbox_event
      WHERE event_type = 'TemplateInstalled' AND value::jsonb ->> 'appId' = ANY($1)`,
    [appIds],
  );
  expect(installedEvents[0]!.n).toBe(jobs.length);

  // The events that met the outage were handled by both services, once.
  await fixture.consumed(lateEvents.map((e) => e.eventId));
  await fixture.consumedByDialogs(lateEvents.map((e) => e.eventId));
  expect(dlqProbe.messages).toEqual([]);
  for (const url of [fixture.dialogs!.url, fixture.templateInstaller!.url]) {
    await waitFor(
      'readiness back',
      () => readinessOf(url),
      (r) => r.status === 'ok',
    );
  }
}, 300_000);

import { waitFor } from '@actionhub/testing';
import { App, TemplateInstallationFixture } from './template-installation.fixture';

// The "done when": dialogs stops in the middle of a burst of installs for 30 apps (some
// TemplateInstalled handled, some in flight, the rest produced while it is down, a few delivered
// twice) and starts again; every installation ends `installed` with exactly one dialog task.
const fixture = new TemplateInstallationFixture();

beforeAll(() => fixture.start());
afterAll(() => fixture.stop());

it('leaves every installation installed with exactly one dialog task after dialogs restarts mid-burst', async () => {
  const apps: App[] = await Promise.all(Array.from({ length: 30 }, () => fixture.newApp()));
  await fixture.configure(...apps);
  const installationIds: string[] = [];
  const install = async (some: App[]) => {
    const answers = await Promise.all(some.map((app) => fixture.install(app, 'create-content')));
    for (const a of answers) {
      expect(a.status).toBe(202);
      installationIds.push(a.body.installationId);
    }
  };
  const tasksInDialogs = async () =>
    (
      await fixture.dialogsDb.query(
        'SELECT count(*)::int AS n FROM dialogs.dialog_task WHERE app_id = ANY($1::uuid[])',
        [apps.map((a) => a.appId)],
      )
    )[0].n as number;

  await install(apps.slice(0, 10));
  await waitFor('dialogs to create some tasks', tasksInDialogs, (n) => n > 0);
  // Installs keep coming while dialogs shuts down, and after it is gone.
  await Promise.all([install(apps.slice(10, 20)), fixture.stopDialogs()]);
  await install(apps.slice(20));
  expect(installationIds).toHaveLength(30);
  // Some of the first handled TemplateInstalled records delivered again on top.
  const redelivered = installationIds
    .slice(0, 10)
    .flatMap((id) => fixture.records('TemplateInstalled', id))
    .slice(0, 5);
  await fixture.resend(...redelivered);
  const statuses = async () =>
    Promise.all(apps.map((app, i) => fixture.installation(app, installationIds[i]).then((x) => x.status)));
  expect((await statuses()).filter((s) => s === 'installing').length).toBeGreaterThan(0);

  await fixture.startDialogs();
  await waitFor('every installation installed', statuses, (all) => all.every((s) => s === 'installed'), {
    timeoutMs: 90_000,
  });

  const tasks: { installation_id: string; dialog_id: string }[] = await fixture.dialogsDb.query(
    'SELECT installation_id, dialog_id FROM dialogs.dialog_task WHERE app_id = ANY($1::uuid[])',
    [apps.map((a) => a.appId)],
  );
  expect(tasks.map((t) => t.installation_id).sort()).toEqual([...installationIds].sort());
  const created: { n: number }[] = await fixture.dialogsDb.query(
    "SELECT count(*)::int AS n FROM dialogs.outbox_event WHERE event_type = 'DialogTaskCreated' AND topic = $1",
    [fixture.topic('actionhub.dialogs.events')],
  );
  expect(created[0].n).toBe(30);
  for (const [i, app] of apps.entries()) {
    const installation = await fixture.installation(app, installationIds[i]);
    const page = await fixture.dialogTasks(app);
    expect({ app: i, dialogs: page.map((d) => [d.installationId, d.dialogId]) }).toEqual({
      app: i,
      dialogs: [[installationIds[i], installation.dialogId]],
    });
  }
});

import { TemplateInstalledEvent, Topics } from '@actionhub/contracts';
import {
  consumerGroupOf,
  EventHandler,
  IdempotentConsumer,
  PoisonEventError,
  REPLAYED_FROM_HEADER,
  runDlqCli,
} from '@actionhub/messaging';
import { waitFor } from '@actionhub/testing';
import { App, TemplateInstallationFixture } from './template-installation.fixture';

// The operator's dead-letter tool (`npm run dlq`) against the real broker: dialogs rejects two
// TemplateInstalled events (a handler that says no, as a bad release of dialogs would), both land
// in template-installer's dead-letter topic, then the cause is "fixed" (the real dialogs runs
// again) and the tool replays one, which then has the effect it should have had, and discards
// the other. template-installer and dialogs run on one topic prefix of their own.
const fixture = new TemplateInstallationFixture();
let app: App;

beforeAll(async () => {
  await fixture.start();
  app = await fixture.newApp();
  await fixture.configure(app);
});
afterAll(() => fixture.stop());

/** Runs the tool in-process with the test's broker and prefix, as `npm run dlq -- ...args` would. */
async function dlq(...args: string[]) {
  let out = '';
  let err = '';
  const code = await runDlqCli(args, {
    env: { KAFKA_BROKERS: process.env.KAFKA_BROKERS, KAFKA_TOPIC_PREFIX: fixture.topicPrefix },
    out: (text) => (out += text),
    err: (text) => (err += text),
  });
  return { code, out, err };
}

class RejectingHandler implements EventHandler<TemplateInstalledEvent> {
  readonly eventType = 'TemplateInstalled' as const;
  async handle(): Promise<void> {
    throw new PoisonEventError('dialogs (release 1.2.3) cannot build this template');
  }
}

const dlqTopic = () => fixture.topic(`${Topics.templateInstaller}.dlq`);
const entryIds = (listOutput: string) => [...listOutput.matchAll(/^(\d+:\d+)\s/gm)].map((m) => m[1]!);

describe('npm run dlq', () => {
  const parked: string[] = [];

  it('lists what dialogs parked, with why and where from, and shows one entry', async () => {
    // dialogs' consumer group, but with a handler that rejects every TemplateInstalled.
    await fixture.stopDialogs();
    const rejecting = new IdempotentConsumer(fixture.events.kafka, fixture.dialogsDb, {
      groupId: consumerGroupOf('dialogs', fixture.topicPrefix),
      topics: [fixture.topic(Topics.templateInstaller)],
      handlers: [new RejectingHandler()],
    });
    await rejecting.start();
    try {
      for (const templateKey of ['create-content', 'list-spaces']) {
        const answer = await fixture.install(app, templateKey);
        expect(answer.status).toBe(202);
        parked.push(answer.body.installationId);
      }
      await waitFor(
        'two dead letters',
        () => dlq('list', 'template-installer', '--pending'),
        (r) => entryIds(r.out).length === 2,
        { timeoutMs: 30_000, intervalMs: 500 },
      );
    } finally {
      await rejecting.stop();
    }
    // The cause is fixed: the real dialogs runs again, and its group is past the parked events.
    await fixture.startDialogs();

    const listed = await dlq('list', 'template-installer');
    expect(listed.code).toBe(0);
    expect(listed.out).toContain(`${dlqTopic()}: 2 entries (2 pending)`);
    expect(listed.out).toMatch(/ENTRY\s+STATE\s+PARKED AT\s+REASON\s+GROUP\s+TYPE\s+EVENT ID/);
    const lines = listed.out.split('\n').filter((l) => /^\d+:\d+\s/.test(l));
    for (const line of lines) {
      expect(line).toMatch(
        new RegExp(
          `pending .*rejected\\s+${consumerGroupOf('dialogs', fixture.topicPrefix)}\\s+TemplateInstalled`,
        ),
      );
    }
    // The other services' dead-letter topics are listed too, and empty.
    expect((await dlq('list')).out).toContain(`${fixture.topic(`${Topics.dialogs}.dlq`)}: no entries`);

    const [first] = entryIds(listed.out);
    const shown = await dlq('show', 'template-installer', first!);
    expect(shown.code).toBe(0);
    expect(shown.out).toMatch(/^reason\s+rejected$/m);
    expect(shown.out).toMatch(/^error\s+dialogs \(release 1\.2\.3\) cannot build this template$/m);
    expect(shown.out).toMatch(
      new RegExp(`^origin\\s+${fixture.topic(Topics.templateInstaller)} partition \\d+ offset \\d+$`, 'm'),
    );
    expect(shown.out).toMatch(new RegExp(`^key\\s+${app.appId}:confluence$`, 'm'));
    expect(shown.out).toMatch(/^headers\s+.*event-type=TemplateInstalled/m);
    expect(shown.out).toContain('"type": "TemplateInstalled"');

    const asJson = JSON.parse((await dlq('show', 'template-installer', first!, '--json')).out);
    expect(asJson).toMatchObject({
      id: first,
      state: 'pending',
      reason: 'rejected',
      eventType: 'TemplateInstalled',
    });

    // Nothing happened to the installations meanwhile: their dialog tasks were never built.
    for (const installationId of parked) {
      expect(await fixture.installation(app, installationId)).toMatchObject({ status: 'installing' });
    }
  });

  it('replays an entry to the effect it should have had, once however often it is asked', async () => {
    const listed = await dlq('list', 'template-installer');
    const line = listed.out
      .split('\n')
      .find((l) => l.includes('TemplateInstalled') && l.includes('pending'))!;
    const id = line.split(/\s+/)[0]!;
    const eventId = line.trim().split(/\s+/).pop()!;
    const installationId = parked.find((i) =>
      fixture.published('TemplateInstalled', i).some((e) => e.eventId === eventId),
    )!;
    const recordsBefore = fixture.records('TemplateInstalled', installationId).length;

    const replayed = await dlq('replay', 'template-installer', id);
    expect(replayed).toMatchObject({ code: 0, err: '' });
    expect(replayed.out).toBe(
      `replayed ${id} (TemplateInstalled ${eventId}) to ${fixture.topic(Topics.templateInstaller)}\n`,
    );
    // The effect it should have had: dialogs builds the task, template-installer sees it installed.
    const installation = await fixture.waitForStatus(app, installationId, 'installed');
    expect((await fixture.dialogTasks(app)).map((t) => t.dialogId)).toEqual([installation.dialogId]);

    // On the origin topic with the original key, value and headers (plus where it came from).
    const records = await waitFor(
      'the replayed record',
      async () => fixture.records('TemplateInstalled', installationId),
      (r) => r.length === recordsBefore + 1,
    );
    const [original, replay] = [records[0]!, records[records.length - 1]!];
    expect(replay).toEqual({
      ...original,
      headers: { ...original.headers, [REPLAYED_FROM_HEADER]: `${dlqTopic()}:${id}` },
    });

    // Again, by id and with --all: nothing is sent.
    const again = await dlq('replay', 'template-installer', id);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(new RegExp(`^${id} was already replayed at .* nothing done\\n$`));
    const all = await dlq('replay', 'template-installer', '--all', '--type', 'DialogTaskCreated');
    expect(all.out).toBe(`nothing pending in ${dlqTopic()}\n`);
    await fixture.consumedByDialogs([eventId]);
    expect(fixture.records('TemplateInstalled', installationId)).toHaveLength(recordsBefore + 1);
    expect(fixture.published('DialogTaskCreated', installationId)).toHaveLength(1);
    expect((await dlq('list', 'template-installer')).out).toContain('2 entries (1 pending, 1 replayed)');
  });

  it('discards an entry for good: it stays listed as discarded and is never replayed', async () => {
    const pending = entryIds((await dlq('list', 'template-installer', '--pending')).out);
    expect(pending).toHaveLength(1);
    const discarded = await dlq('discard', 'template-installer', pending[0]!);
    expect(discarded.out).toMatch(
      new RegExp(`^discarded ${pending[0]} \\(TemplateInstalled [0-9a-f-]+\\)\\n$`),
    );
    expect((await dlq('replay', 'template-installer', pending[0]!)).out).toMatch(/was already discarded at /);
    expect((await dlq('replay', 'template-installer', '--all')).out).toBe(
      `nothing pending in ${dlqTopic()}\n`,
    );
    expect((await dlq('list', 'template-installer')).out).toContain('2 entries (1 replayed, 1 discarded)');
    const stillInstalling = await Promise.all(parked.map((i) => fixture.installation(app, i)));
    expect(stillInstalling.map((i) => i.status).sort()).toEqual(['installed', 'installing']);
  });

  it('says what is wrong: unknown service, no such entry, bad arguments; --help explains', async () => {
    expect(await dlq('list', 'billing')).toEqual({
      code: 2,
      out: '',
      err: 'dlq: unknown service "billing" (one of: auth-profiles, action-config, template-installer, dialogs)\n',
    });
    const missing = await dlq('show', 'template-installer', '7:999');
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(
      new RegExp(
        `^dlq: no entry 7:999 in ${dlqTopic().replace(/\./g, '\\.')} \\(it holds \\d+:\\d+, \\d+:\\d+\\)\\n$`,
      ),
    );
    expect((await dlq('show', 'dialogs', '0:0')).err).toBe(
      `dlq: no entry 0:0: ${fixture.topic(`${Topics.dialogs}.dlq`)} is empty\n`,
    );
    expect((await dlq('replay', 'dialogs', 'first')).err).toMatch(/^dlq: "first" is not an entry/);
    expect((await dlq('replay', 'dialogs')).err).toMatch(/^dlq: replay takes entries, or --all/);
    expect((await dlq('frobnicate')).code).toBe(2);
    const help = await dlq('--help');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^usage: npm run dlq -- <command> \[options\]$/m);
    expect(help.out).toContain('KAFKA_BROKERS');
    const badConfig = await runDlqCli(['list'], {
      env: { KAFKA_SASL_MECHANISM: 'scram-sha-512' },
      out: () => undefined,
      err: () => undefined,
    });
    expect(badConfig).toBe(2);
  });
});

import { createKafka } from '@actionhub/messaging';
import { testKafkaBrokers, waitFor } from '@actionhub/testing';
import { randomUUID } from 'node:crypto';
import { consent, land } from '@actionhub/atlassian-sandbox';
import { call, JWT_SECRET, Platform } from './support/platform';
import { signDevToken } from '@actionhub/service-kit';

// What a platform team watches: one correlation id from the REST call through every event, and
// the messaging metrics the runbook's alerts use.

const platform = new Platform();

beforeAll(async () => {
  await platform.start();
});

afterAll(() => platform.stop());

const withCorrelation = async (appId: string, correlationId: string) => {
  const token = await signDevToken({ sub: 'developer', apps: [appId], edition: 'developer' }, JWT_SECRET);
  return async (service: Parameters<Platform['url']>[0], method: string, path: string, body?: unknown) => {
    const response = await fetch(`${platform.url(service)}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
        'X-Correlation-Id': correlationId,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      status: response.status,
      body: (await response.json().catch(() => null)) as { authorizationUrl?: string },
    };
  };
};

const outboxCorrelation = async (schema: string, type: string, appId: string) => {
  const rows = (await platform.query(
    `SELECT value FROM "${schema}".outbox_event WHERE event_type = $1 AND value::jsonb->>'appId' = $2`,
    [type, appId],
  )) as { value: string }[];
  return rows.map((r) => (JSON.parse(r.value) as { correlationId: string }).correlationId);
};

it('the caller’s X-Correlation-Id travels into the events of every service the flow crosses', async () => {
  const appId = randomUUID();
  const correlationId = `obs-${randomUUID()}`;
  const api = await withCorrelation(appId, correlationId);
  const path = `/v1/apps/${appId}/actions/confluence/configuration`;
  await api('action-config', 'PUT', path, {
    authorizationType: 'pre-authorize',
    mechanism: 'oauth2',
    profile: { kind: 'system' },
  });
  const authorize = await api('action-config', 'POST', `${path}/authorize`, {});
  expect(authorize.status).toBe(201);
  // The browser's visit to the callback has no header: the id was kept with the authorization.
  await land(await consent(authorize.body.authorizationUrl!, { email: platform.user().email }));
  await waitFor(
    'save',
    () => api('action-config', 'POST', `${path}/save`),
    (a) => a.status === 200,
  );
  expect(await outboxCorrelation('auth_profiles', 'AuthorizationCompleted', appId)).toEqual([correlationId]);
  expect(await outboxCorrelation('action_config', 'ActionConfigured', appId)).toEqual([correlationId]);
});

it('exposes outbox lag, consumer lag, dead letters and consumed outcomes on /metrics', async () => {
  const appId = randomUUID();
  const api = await platform.developer(appId);
  const path = `/v1/apps/${appId}/actions/confluence/configuration`;
  await api('action-config', 'PUT', path, {
    authorizationType: 'user-authorize',
    mechanism: 'oauth2',
    profile: { kind: 'system' },
  });
  await api('action-config', 'POST', `${path}/enable`);
  await waitFor(
    'the notice',
    async () => (await api('template-installer', 'GET', `/v1/apps/${appId}/notices`)).body.items,
    (items: unknown[]) => items.length === 1,
  );
  // A message no consumer can read lands in the dead-letter topic.
  const producer = createKafka({ clientId: 'poison', brokers: testKafkaBrokers() }).producer();
  await producer.connect();
  await producer.send({
    topic: `${platform.topicPrefix}actionhub.action-config.events`,
    messages: [{ key: 'x', value: '{not json' }],
  });
  await producer.disconnect();

  const metrics = () =>
    call('GET', `${platform.url('template-installer')}/metrics`, null).then((a) => String(a.body));
  const text = await waitFor(
    'a dead letter on /metrics',
    metrics,
    (t) => /kafka_dead_letter_messages\{topic="[^"]+\.dlq"[^}]*\} [1-9]/.test(t),
    { timeoutMs: 40_000, intervalMs: 1_000 },
  );
  expect(text).toMatch(/events_consumed_total\{type="ActionConfigured",outcome="processed"[^}]*\} [1-9]/);
  expect(text).toMatch(/outbox_pending_events(\{[^}]*\})? \d+/);
  expect(text).toMatch(/outbox_oldest_pending_age_seconds(\{[^}]*\})? \d/);
  expect(text).toMatch(
    /kafka_consumer_lag\{topic="[^"]*actionhub\.action-config\.events",partition="\d+"[^}]*\} \d+/,
  );
  const authMetrics = await call('GET', `${platform.url('auth-profiles')}/metrics`, null);
  expect(String(authMetrics.body)).toContain('token_refresh_total');
});

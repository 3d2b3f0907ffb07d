import { ProblemException, signServiceToken } from '@actionhub/service-kit';
import { MatchersV3, PactV3, Verifier } from '@pact-foundation/pact';
import { AuthProfilesClient as ActionConfigClient } from '../../apps/action-config/src/auth-profiles/auth-profiles.client';
import { AppConfig as ActionConfigConfig } from '../../apps/action-config/src/config/action-config.config';
import { AppConfig as DialogsConfig } from '../../apps/dialogs/src/config/dialogs.config';
import { AuthProfilesClient as DialogsClient } from '../../apps/dialogs/src/runs/auth-profiles.client';
import {
  AuthProfilesWorld,
  INTERNAL_JWT_SECRET,
  RunningAuthProfiles,
} from '../../apps/auth-profiles/test/integration/support/auth-profiles-harness';
import { connectWithSystemApp } from '../../apps/auth-profiles/test/integration/support/connect';
import { oneOf } from './support/event-matchers';
import { emptyPactDir, HTTP_PACTS, pactFile } from './support/pact-files';

// HTTP contracts of the synchronous calls to auth-profiles. The consumers' real client classes
// run against Pact's mock server and write .cache/pacts/http; then a real auth-profiles (its
// PostgreSQL database, Kafka and the Atlassian sandbox) is verified against those pacts, each
// provider state seeding what it names through the real OAuth consent flow.

const { regex, string, uuid } = MatchersV3;
const PROVIDER = 'auth-profiles';
const CONSUMER_SECRET = 'consumer-side-internal-secret-0123456789';
const appId = '5e1f6a2b-0c3d-4e4f-8a5b-6c7d8e9f0a1b';
const BEARER_OR_BASIC = '^(Bearer|Basic) .+';

const resolvePath = `/internal/v1/apps/${appId}/connections/resolve`;
const authorizationsPath = `/internal/v1/apps/${appId}/authorizations`;
const problem = { 'content-type': regex('^application/problem\\+json(;.*)?$', 'application/problem+json') };
const jsonRequest = {
  'content-type': 'application/json',
  authorization: regex('^Bearer .+', 'Bearer x.y.z'),
};

const pact = (consumer: string) =>
  new PactV3({ consumer, provider: PROVIDER, dir: HTTP_PACTS, logLevel: 'error' });

const dialogsClient = (url: string) =>
  new DialogsClient({
    INTERNAL_JWT_SECRET: CONSUMER_SECRET,
    AUTH_PROFILES_URL: url,
    AUTH_PROFILES_TIMEOUT_MS: 5_000,
  } as DialogsConfig);

const actionConfigClient = (url: string) =>
  new ActionConfigClient({
    INTERNAL_JWT_SECRET: CONSUMER_SECRET,
    AUTH_PROFILES_URL: url,
  } as ActionConfigConfig);

describe('HTTP consumers of auth-profiles write their pacts', () => {
  beforeAll(() => emptyPactDir(HTTP_PACTS));

  describe('dialogs', () => {
    it('resolves an end user connection into credentials', async () => {
      const provider = pact('dialogs')
        .given('end user has connected Confluence', { appId, endUserId: 'end-user-1' })
        .uponReceiving('a resolve for a connected end user')
        .withRequest({
          method: 'POST',
          path: resolvePath,
          headers: jsonRequest,
          body: { actionKey: 'confluence', subject: { type: 'end-user', endUserId: 'end-user-1' } },
        })
        .willRespondWith({
          status: 200,
          body: {
            connectionId: uuid('0b9c8d7e-6f5a-4b3c-8d2e-1f0a9b8c7d6e'),
            authorization: regex(BEARER_OR_BASIC, 'Bearer abc'),
            apiBaseUrl: string('https://api.atlassian.com/ex/confluence/cloud-1/wiki/api/v2'),
            // Runs link to pages of the connection's site (Jira's View Issue).
            site: {
              cloudId: string('cloud-1'),
              url: string('https://acme.atlassian.net'),
              name: string('acme'),
            },
          },
        });
      await provider.executeTest(async (server) => {
        const answer = await dialogsClient(server.url).resolve(
          appId,
          { actionKey: 'confluence', subject: { type: 'end-user', endUserId: 'end-user-1' } },
          { correlationId: 'run-1' },
        );
        expect(answer).toEqual({
          kind: 'resolved',
          connectionId: expect.any(String),
          credentials: { authorization: 'Bearer abc', apiBaseUrl: expect.any(String) },
          site: { cloudId: 'cloud-1', url: 'https://acme.atlassian.net', name: 'acme' },
        });
      });
    });

    it('learns that an end user has no connection yet (404 connection_not_found)', async () => {
      const provider = pact('dialogs')
        .given('end user has no connection', { appId, endUserId: 'end-user-2' })
        .uponReceiving('a resolve for an end user without a connection')
        .withRequest({
          method: 'POST',
          path: resolvePath,
          headers: jsonRequest,
          body: { actionKey: 'confluence', subject: { type: 'end-user', endUserId: 'end-user-2' } },
        })
        .willRespondWith({ status: 404, headers: problem, body: { code: 'connection_not_found' } });
      await provider.executeTest(async (server) => {
        const answer = await dialogsClient(server.url).resolve(
          appId,
          { actionKey: 'confluence', subject: { type: 'end-user', endUserId: 'end-user-2' } },
          { correlationId: 'run-2' },
        );
        expect(answer).toEqual({ kind: 'connection_not_found' });
      });
    });

    it("asks for an end user's authorization link", async () => {
      const provider = pact('dialogs')
        .uponReceiving('an end-user authorization with the system profile')
        .withRequest({
          method: 'POST',
          path: authorizationsPath,
          headers: jsonRequest,
          body: {
            actionKey: 'confluence',
            profileId: 'system',
            subject: { type: 'end-user', endUserId: 'end-user-3' },
            edition: 'developer',
          },
        })
        .willRespondWith({
          status: 201,
          body: { authorizationUrl: string('http://127.0.0.1:3001/v1/oauth/start?link=x') },
        });
      await provider.executeTest(async (server) => {
        const url = await dialogsClient(server.url).authorizationUrl(
          appId,
          {
            actionKey: 'confluence',
            profileId: 'system',
            subject: { type: 'end-user', endUserId: 'end-user-3' },
            edition: 'developer',
          },
          'run-3',
        );
        expect(url).toBe('http://127.0.0.1:3001/v1/oauth/start?link=x');
      });
    });
  });

  describe('action-config', () => {
    it('starts an app-level OAuth authorization', async () => {
      const provider = pact('action-config')
        .uponReceiving('an app-level OAuth authorization with the system profile')
        .withRequest({
          method: 'POST',
          path: authorizationsPath,
          headers: jsonRequest,
          body: {
            actionKey: 'confluence',
            profileId: 'system',
            subject: { type: 'app' },
            edition: 'developer',
          },
        })
        .willRespondWith({
          status: 201,
          body: {
            authorizationId: uuid('7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d'),
            status: oneOf(['pending', 'completed', 'failed'], 'pending'),
            authorizationUrl: string('http://127.0.0.1:3001/v1/oauth/start?link=x'),
          },
        });
      await provider.executeTest(async (server) => {
        const answer = await actionConfigClient(server.url).createAppAuthorization(
          appId,
          { actionKey: 'confluence', profileId: 'system', edition: 'developer' },
          'configure-1',
        );
        expect(answer).toMatchObject({ status: 'pending', authorizationUrl: expect.any(String) });
      });
    });

    it("relays auth-profiles' refusal for a trial edition (403 edition_not_supported)", async () => {
      const provider = pact('action-config')
        .uponReceiving('an app-level authorization for a trial edition')
        .withRequest({
          method: 'POST',
          path: authorizationsPath,
          headers: jsonRequest,
          body: { actionKey: 'confluence', profileId: 'system', subject: { type: 'app' }, edition: 'trial' },
        })
        .willRespondWith({
          status: 403,
          headers: problem,
          body: { code: 'edition_not_supported', detail: string('Trial apps cannot authorize actions.') },
        });
      await provider.executeTest(async (server) => {
        const refusal = actionConfigClient(server.url).createAppAuthorization(
          appId,
          { actionKey: 'confluence', profileId: 'system', edition: 'trial' },
          'configure-2',
        );
        await expect(refusal).rejects.toBeInstanceOf(ProblemException);
        await expect(refusal).rejects.toMatchObject({ status: 403 });
      });
    });
  });
});

describe('auth-profiles satisfies the HTTP pacts', () => {
  const world = new AuthProfilesWorld();
  let service: RunningAuthProfiles;

  beforeAll(async () => {
    await world.start();
    service = await world.boot({ LOG_LEVEL: 'silent' });
  });

  afterAll(async () => {
    await world.stop();
  });

  const verify = async (consumer: string) => {
    const verifier = new Verifier({
      provider: PROVIDER,
      providerBaseUrl: service.url,
      pactUrls: [pactFile(HTTP_PACTS, consumer, PROVIDER)],
      logLevel: 'error',
      // The pact holds the consumer's token, signed with its own secret: send a fresh one.
      requestFilter: (req, _res, next) => {
        void signServiceToken(INTERNAL_JWT_SECRET, consumer).then((token) => {
          req.headers.authorization = `Bearer ${token}`;
          next();
        });
      },
      stateHandlers: {
        'end user has connected Confluence': async (params) => {
          const { appId: app, endUserId } = params as { appId: string; endUserId: string };
          await connectWithSystemApp(world, service, app, { type: 'end-user', endUserId });
        },
        'end user has no connection': async () => undefined,
      },
    });
    try {
      await verifier.verifyProvider();
    } catch (error) {
      throw new Error(
        `Contract broken: provider "${PROVIDER}" no longer answers consumer "${consumer}" as its pact ` +
          `${pactFile(HTTP_PACTS, consumer, PROVIDER)} expects: ${mismatchesOf(error)}`,
      );
    }
  };

  it('answers dialogs as dialogs expects', () => verify('dialogs'));
  it('answers action-config as action-config expects', () => verify('action-config'));
});

/** The verifier rejects with its JSON report: keep each failing interaction and its mismatches. */
function mismatchesOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  try {
    const report = JSON.parse(text) as {
      errors?: { interaction: string; mismatch?: { mismatches?: { mismatch: string }[] } }[];
    };
    return (report.errors ?? [])
      .map((e) => `${e.interaction}: ${(e.mismatch?.mismatches ?? []).map((m) => m.mismatch).join('; ')}`)
      .join(' | ');
  } catch {
    return text;
  }
}

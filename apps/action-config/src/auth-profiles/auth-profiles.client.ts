import { ProfileId } from '@actionhub/contracts';
import { Edition, ProblemException, SERVICE_CONFIG, signServiceToken } from '@actionhub/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { AppConfig, SERVICE_NAME } from '../config/action-config.config';
import { problems } from '../configuration/configuration.problems';

export interface BasicCredentials {
  siteUrl: string;
  username: string;
  apiToken: string;
}

export interface AppAuthorizationRequest {
  actionKey: string;
  profileId: ProfileId;
  edition: Edition;
  returnTo?: string;
  site?: string;
  credentials?: BasicCredentials;
}

// What action-config relies on; the rest of auth-profiles' answer is relayed as it is.
const answerSchema = z
  .object({
    authorizationId: z.string().uuid(),
    status: z.enum(['pending', 'completed', 'failed']),
    connectionId: z.string().uuid().optional(),
  })
  .passthrough();

export type AppAuthorizationAnswer = z.output<typeof answerSchema>;

const problemSchema = z.object({
  code: z.string().min(1),
  detail: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

// A caller error auth-profiles reports is the caller's error here too (unknown profile, bad credentials, trial).
const RELAYED_STATUSES = new Set([400, 403, 404, 409, 422]);

/** auth-profiles' /internal routes, called with a short-lived service token. */
@Injectable()
export class AuthProfilesClient {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: AppConfig) {}

  async createAppAuthorization(
    appId: string,
    request: AppAuthorizationRequest,
    correlationId: string,
  ): Promise<AppAuthorizationAnswer> {
    const secret = this.config.INTERNAL_JWT_SECRET;
    if (!secret) throw problems.authProfilesUnavailable('INTERNAL_JWT_SECRET is not configured.');
    const body = {
      actionKey: request.actionKey,
      profileId: request.profileId,
      subject: { type: 'app' },
      edition: request.edition,
      ...(request.returnTo ? { returnTo: request.returnTo } : {}),
      ...(request.site ? { site: request.site } : {}),
      ...(request.credentials ? { credentials: request.credentials } : {}),
    };
    let response: Response;
    try {
      response = await fetch(
        new URL(`/internal/v1/apps/${appId}/authorizations`, this.config.AUTH_PROFILES_URL),
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${await signServiceToken(secret, SERVICE_NAME)}`,
            'content-type': 'application/json',
            'x-correlation-id': correlationId,
          },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(15_000),
        },
      );
    } catch (error) {
      throw problems.authProfilesUnavailable(`auth-profiles did not answer: ${(error as Error).message}`);
    }
    const payload: unknown = await response.json().catch(() => null);
    if (response.status === 201 || response.status === 200) {
      const answer = answerSchema.safeParse(payload);
      if (answer.success) return answer.data;
      throw problems.authProfilesUnavailable('auth-profiles answered with an unexpected body.');
    }
    const problem = problemSchema.safeParse(payload);
    if (RELAYED_STATUSES.has(response.status) && problem.success) {
      throw new ProblemException(
        response.status,
        problem.data.code,
        problem.data.detail ?? 'auth-profiles refused the authorization.',
        problem.data.errors,
      );
    }
    throw problems.authProfilesUnavailable(`auth-profiles answered ${response.status}.`);
  }
}

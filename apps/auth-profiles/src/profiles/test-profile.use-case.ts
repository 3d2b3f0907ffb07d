import { OutboundUrlPolicy, ProblemException } from '@actionhub/service-kit';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SecretCipher } from '../crypto/secret-cipher';
import { TokenEndpointError } from '../oauth/oauth-profile';
import { outboundFailureOf, PassportOAuth2Client } from '../oauth/passport-oauth2.client';
import { secretContext } from './profile-client';
import { ProfilesService } from './profiles.service';

// An authorization code nobody issued: a provider that knows the client refuses the code
// (invalid_grant); one that does not know it refuses the client (401, invalid_client).
const PROBE_CODE = 'actionhub-profile-test';
const CLIENT_REFUSED = new Set(['invalid_client', 'access_denied', 'unauthorized_client']);

/** The product's "Test" button: sends the client's credentials to the token endpoint and reports. */
@Injectable()
export class TestProfileUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly profiles: ProfilesService,
    private readonly cipher: SecretCipher,
    private readonly oauth: PassportOAuth2Client,
    private readonly urls: OutboundUrlPolicy,
  ) {}

  async execute(appId: string, profileId: string) {
    const p = await this.profiles.find(this.db.manager, appId, profileId);
    if (p.type !== 'oauth2') {
      throw new ProblemException(
        422,
        'profile_mechanism_mismatch',
        'Only OAuth v2 profiles have a token endpoint to test.',
      );
    }
    const refusal = await this.urls.refusal(p.tokenUrl ?? '');
    if (refusal) return { ok: false, status: null, detail: `Not tested: the token URL ${refusal}.` };
    try {
      await this.oauth.exchangeCode(
        {
          profileId: p.id,
          clientId: p.clientId ?? '',
          clientSecret: p.clientSecretEncrypted
            ? this.cipher.decrypt(p.clientSecretEncrypted, secretContext(p.id))
            : '',
          authorizationUrl: p.authorizationUrl ?? '',
          tokenUrl: p.tokenUrl ?? '',
          refreshTokenUrl: p.refreshTokenUrl ?? p.tokenUrl ?? '',
          scopes: p.scopes,
          authorizationParams: p.authorizationParams,
          tokenRequestAuth: p.tokenRequestAuth ?? 'client_secret_post',
          pkce: false,
          custom: true,
        },
        PROBE_CODE,
        null,
      );
      return { ok: true, status: 200, detail: 'The token endpoint accepted the client.' };
    } catch (error) {
      if (!(error instanceof TokenEndpointError)) throw error;
      if (error.status === null) return unreachable(error);
      const answer = `${error.status} ${error.error ?? ''}`.trim();
      if (error.status === 401 || CLIENT_REFUSED.has(error.error ?? '')) {
        return {
          ok: false,
          status: error.status,
          detail: `The token endpoint refused the client id or secret (${answer}).`,
        };
      }
      if (error.status < 500 && error.error === 'invalid_grant') {
        return {
          ok: true,
          status: error.status,
          detail: `The client was accepted; the test code was refused as expected (${answer}).`,
        };
      }
      return { ok: false, status: error.status, detail: `The token endpoint answered ${answer}.` };
    }
  }
}

// What a user can act on, never a socket code.
const UNREACHABLE: Record<string, string> = {
  refused: 'refused',
  timed_out: 'timed out',
  tls_failed: 'TLS failed',
  too_large: 'answer too large',
  not_allowed: 'address not allowed',
  unreachable: 'unreachable',
};

function unreachable(error: TokenEndpointError) {
  const kind = outboundFailureOf(error)?.kind ?? 'unreachable';
  return {
    ok: false,
    status: null,
    reason: UNREACHABLE[kind],
    detail: `The token endpoint could not be reached: ${UNREACHABLE[kind]}.`,
  };
}

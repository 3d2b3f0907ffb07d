import { ActionDefinition, findAction } from '@actionhub/providers';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, IsNull, LessThan, Not } from 'typeorm';
import { SecretCipher } from '../crypto/secret-cipher';
import { bounded, COLUMN_LENGTH } from '../text/bounded-text';
import {
  AuthorizationCompletion,
  AuthorizationFailure,
  GrantedTokens,
  NO_SITE_CHOICE,
} from './authorization-completion';
import { AuthorizationEntity } from './authorization.entity';
import { AccessibleSite } from './site-choice';

/** How long the site picker waits for the user's choice. */
export const SITE_CHOICE_TTL_MS = 10 * 60 * 1000;

const hash = (token: string) => createHash('sha256').update(token).digest('hex');
const tokensContext = (authorizationId: string) => `authorization:${authorizationId}:pending_tokens`;

export interface SiteChoiceOffer {
  /** One-time token for the picker's form; only its hash is stored. */
  choiceToken: string;
  sites: AccessibleSite[];
}

export type SiteChoiceOutcome =
  | { ok: true; authorization: AuthorizationEntity; siteName: string; actionName: string }
  | { ok: false; authorization: AuthorizationEntity | null; reason: string; code: SiteChoiceFailureCode };

/** `site_choice_invalid`: the form's token is unknown, used or expired; `authorization_failed`: the pick was refused. */
export type SiteChoiceFailureCode = 'site_choice_invalid' | 'authorization_failed';

/**
 * A consent that reaches several sites and names none: the user picks one on Actionhub's page
 * (POST /v1/oauth/site), and the connection, and so every run, acts on that site. Until then the
 * consent's tokens wait on the authorization, encrypted; the pick is single use and expires.
 */
@Injectable()
export class ChooseSiteUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cipher: SecretCipher,
    private readonly completion: AuthorizationCompletion,
  ) {}

  /** Called by the callback: keeps the tokens and answers what the picker page shows. */
  async offer(
    row: AuthorizationEntity,
    tokens: GrantedTokens,
    sites: AccessibleSite[],
  ): Promise<SiteChoiceOffer> {
    const choiceToken = randomBytes(32).toString('base64url');
    const offered = sites.map((s) => ({
      id: s.id,
      name: bounded(s.name, COLUMN_LENGTH.siteName),
      url: bounded(s.url, COLUMN_LENGTH.siteUrl),
    }));
    await this.db.getRepository(AuthorizationEntity).update(row.id, {
      siteChoiceHash: hash(choiceToken),
      siteChoices: offered,
      pendingTokensEncrypted: this.cipher.encrypt(JSON.stringify(tokens), tokensContext(row.id)),
      expiresAt: new Date(Date.now() + SITE_CHOICE_TTL_MS),
    });
    // Picks never made leave their tokens behind: each new offer clears the expired ones.
    await this.db
      .getRepository(AuthorizationEntity)
      .update(
        { status: 'pending', expiresAt: LessThan(new Date()), siteChoiceHash: Not(IsNull()) },
        { status: 'failed', error: 'No site was chosen in time.', finishedAt: new Date(), ...NO_SITE_CHOICE },
      );
    return { choiceToken, sites: offered };
  }

  async execute(choiceToken: string | undefined, siteId: string | undefined): Promise<SiteChoiceOutcome> {
    const row = choiceToken ? await this.claim(hash(choiceToken)) : null;
    if (!row) {
      return {
        ok: false,
        authorization: null,
        reason: 'This site choice was already made or is unknown; start the authorization again.',
        code: 'site_choice_invalid',
      };
    }
    const action = findAction(row.actionKey) as ActionDefinition;
    try {
      if (row.expiresAt.getTime() < Date.now()) {
        await this.completion.fail(row, 'The site choice expired; start the authorization again.');
        return { ok: false, authorization: row, reason: row.error as string, code: 'site_choice_invalid' };
      }
      const site = (row.siteChoices ?? []).find((s) => s.id === siteId);
      if (!site) throw new AuthorizationFailure('The chosen site is not one the authorization reaches.');
      const tokens = JSON.parse(
        this.cipher.decrypt(row.pendingTokensEncrypted as string, tokensContext(row.id)),
      ) as GrantedTokens;
      const { siteName } = await this.completion.connect(row, action, tokens, site);
      return { ok: true, authorization: row, siteName, actionName: action.name };
    } catch (error) {
      if (!(error instanceof AuthorizationFailure)) throw error;
      await this.completion.fail(row, error.message);
      return { ok: false, authorization: row, reason: error.message, code: 'authorization_failed' };
    }
  }

  /** Takes the pick's token off the row, so a second submission of the same form finds nothing. */
  private async claim(choiceHash: string): Promise<AuthorizationEntity | null> {
    const claimed = await this.db
      .createQueryBuilder()
      .update(AuthorizationEntity)
      .set({ siteChoiceHash: null })
      .where('site_choice_hash = :choiceHash AND status = :pending', { choiceHash, pending: 'pending' })
      .returning('id')
      .execute();
    const id = (claimed.raw as { id: string }[])[0]?.id;
    return id ? this.db.getRepository(AuthorizationEntity).findOneByOrFail({ id }) : null;
  }
}

import { isUuid } from '@actionhub/contracts';
import {
  AppPrincipal,
  CorrelationId,
  parseInput,
  Principal,
  ProblemException,
  Public,
  SERVICE_CONFIG,
  ServicePrincipal,
} from '@actionhub/service-kit';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/auth-profiles.config';
import { assertServiceAllowed } from '../internal/allowed-services';
import { AuthorizationEntity } from './authorization.entity';
import { internalStartAuthorizationSchema, startAuthorizationSchema } from './authorization.schemas';
import { BrowserBinding } from './browser-binding';
import { ChooseSiteUseCase, SiteChoiceOutcome } from './choose-site.use-case';
import { LinkRefusal, sendFailure } from './link-refusal';
import { CallbackOutcome, CallbackQuery, OAuthCallbackUseCase } from './oauth-callback.use-case';
import { OpenAuthorizationLinkUseCase } from './open-authorization-link.use-case';
import { resultPage, siteChoicePage } from './result-page';
import { StartAuthorizationUseCase } from './start-authorization.use-case';

@Controller()
export class AuthorizationsController {
  constructor(
    private readonly start: StartAuthorizationUseCase,
    private readonly callback: OAuthCallbackUseCase,
    private readonly openLinkUseCase: OpenAuthorizationLinkUseCase,
    private readonly binding: BrowserBinding,
    private readonly chooseSite: ChooseSiteUseCase,
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  @Post('v1/apps/:appId/authorizations')
  startForDeveloper(
    @Param('appId') appId: string,
    @Body() body: unknown,
    @Principal() principal: AppPrincipal,
    @CorrelationId() correlationId: string,
  ) {
    const input = parseInput(startAuthorizationSchema, body);
    return this.start.execute({ appId, edition: principal.edition, correlationId, input });
  }

  /** For action-config (authorize) and dialogs (an end user's link at runtime). */
  @Post('internal/v1/apps/:appId/authorizations')
  startForService(
    @Param('appId') appId: string,
    @Body() body: unknown,
    @Principal() service: ServicePrincipal,
    @CorrelationId() correlationId: string,
  ) {
    assertServiceAllowed(service, this.config.AUTHORIZE_ALLOWED_SERVICES, 'create authorization links');
    const { edition, ...input } = parseInput(internalStartAuthorizationSchema, body);
    return this.start.execute({ appId, edition, correlationId, input });
  }

  @Get('v1/apps/:appId/authorizations/:authorizationId')
  async status(@Param('appId') appId: string, @Param('authorizationId') id: string) {
    const row = isUuid(id) ? await this.db.getRepository(AuthorizationEntity).findOneBy({ id, appId }) : null;
    if (!row)
      throw new ProblemException(404, 'authorization_not_found', `No authorization ${id} in this app.`);
    return {
      authorizationId: row.id,
      actionKey: row.actionKey,
      profileId: row.profileId,
      mechanism: row.mechanism,
      status: row.status,
      connectionId: row.connectionId ?? undefined,
      error: row.error ?? undefined,
      expiresAt: row.expiresAt.toISOString(),
    };
  }

  /**
   * The authorization link: binds this browser (cookie) to the authorization, then sends it to
   * the provider's consent page.
   */
  @Public()
  @Get('v1/oauth/start')
  async openLink(@Query('link') link: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      const opened = await this.openLinkUseCase.execute(
        typeof link === 'string' ? link : undefined,
        req.headers.cookie,
      );
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Set-Cookie', opened.setCookie);
      return res.redirect(302, opened.redirectTo);
    } catch (error) {
      return sendRefusal(req, res, error);
    }
  }

  /** Where the provider sends the browser back: the state and the browser's cookie must match. */
  @Public()
  @Get('v1/oauth/callback')
  @HttpCode(200)
  async oauthCallback(
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const text = (name: string) => (typeof query[name] === 'string' ? (query[name] as string) : undefined);
    let outcome: CallbackOutcome;
    try {
      outcome = await this.callback.execute(
        {
          code: text('code'),
          state: text('state'),
          error: text('error'),
          error_description: text('error_description'),
        } satisfies CallbackQuery,
        req.headers.cookie,
      );
    } catch (error) {
      return sendRefusal(req, res, error);
    }
    // The binding is spent: drop it from the cookie, keeping the browser's other consents.
    const others = this.binding.noncesOf(req.headers.cookie).filter((n) => n !== outcome.nonce);
    res.setHeader('Set-Cookie', this.binding.setCookie(others));
    res.setHeader('Cache-Control', 'no-store');
    if (outcome.ok === 'choose-site') {
      res
        .status(200)
        .type('html')
        .send(siteChoicePage(outcome.actionName, outcome.offer.sites, outcome.offer.choiceToken));
      return;
    }
    answerBrowser(req, res, outcome);
  }

  /** The site picker's form: its one-time choice token and the picked site's id. */
  @Public()
  @Post('v1/oauth/site')
  @HttpCode(200)
  async pickSite(
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const text = (name: string) => (typeof body?.[name] === 'string' ? (body[name] as string) : undefined);
    const outcome = await this.chooseSite.execute(text('choice'), text('site'));
    res.setHeader('Cache-Control', 'no-store');
    answerBrowser(req, res, outcome);
  }
}

type BrowserOutcome = SiteChoiceOutcome | Exclude<CallbackOutcome, { ok: 'choose-site' }>;

/** Back to the app's returnTo with the outcome, or a page (problem+json if asked) saying it. */
function answerBrowser(req: Request, res: Response, outcome: BrowserOutcome): void {
  const returnTo = outcome.authorization?.returnTo;
  if (returnTo && outcome.authorization) {
    const url = new URL(returnTo);
    url.searchParams.set('authorizationId', outcome.authorization.id);
    url.searchParams.set('status', outcome.ok ? 'completed' : 'failed');
    return res.redirect(302, url.toString());
  }
  if (outcome.ok) {
    res
      .status(200)
      .type('html')
      .send(
        resultPage(
          'success',
          `${outcome.actionName} is connected`,
          `Authorized for the site ${outcome.siteName}.`,
        ),
      );
    return;
  }
  sendFailure(req, res, {
    status: 400,
    code: outcome.code,
    title: 'Authorization failed',
    detail: outcome.reason,
  });
}

/** A refusal of the browser's routes, as a page or problem+json; anything else is a real error. */
function sendRefusal(req: Request, res: Response, error: unknown): void {
  if (error instanceof LinkRefusal) {
    return sendFailure(req, res, { status: 400, code: error.code, title: error.title, detail: error.detail });
  }
  if (error instanceof ProblemException) {
    const { status, code, detail } = error.problem;
    return sendFailure(req, res, { status, code, title: 'This authorization cannot go on', detail });
  }
  throw error;
}

import { isUuid } from '@actionhub/contracts';
import {
  AppPrincipal,
  CorrelationId,
  parseInput,
  Principal,
  ProblemException,
  Public,
  ServicePrincipal,
} from '@actionhub/service-kit';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Response } from 'express';
import { DataSource } from 'typeorm';
import { AuthorizationEntity } from './authorization.entity';
import { internalStartAuthorizationSchema, startAuthorizationSchema } from './authorization.schemas';
import { ChooseSiteUseCase, SiteChoiceOutcome } from './choose-site.use-case';
import { CallbackQuery, OAuthCallbackUseCase } from './oauth-callback.use-case';
import { resultPage, siteChoicePage } from './result-page';
import { StartAuthorizationUseCase } from './start-authorization.use-case';

@Controller()
export class AuthorizationsController {
  constructor(
    private readonly start: StartAuthorizationUseCase,
    private readonly callback: OAuthCallbackUseCase,
    private readonly chooseSite: ChooseSiteUseCase,
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
    @Principal() _service: ServicePrincipal,
    @CorrelationId() correlationId: string,
  ) {
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

  /** Where the provider sends the browser back; the state is the only credential here. */
  @Public()
  @Get('v1/oauth/callback')
  @HttpCode(200)
  async oauthCallback(@Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const text = (name: string) => (typeof query[name] === 'string' ? (query[name] as string) : undefined);
    const outcome = await this.callback.execute({
      code: text('code'),
      state: text('state'),
      error: text('error'),
      error_description: text('error_description'),
    } satisfies CallbackQuery);
    res.setHeader('Cache-Control', 'no-store');
    if (outcome.ok === 'choose-site') {
      res
        .status(200)
        .type('html')
        .send(siteChoicePage(outcome.actionName, outcome.offer.sites, outcome.offer.choiceToken));
      return;
    }
    this.answerBrowser(res, outcome);
  }

  /** The site picker's form: the one-time choice token and the picked site's id. */
  @Public()
  @Post('v1/oauth/site')
  @HttpCode(200)
  async pickSite(@Body() body: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const text = (name: string) => (typeof body?.[name] === 'string' ? (body[name] as string) : undefined);
    const outcome = await this.chooseSite.execute(text('choice'), text('site'));
    res.setHeader('Cache-Control', 'no-store');
    this.answerBrowser(res, outcome);
  }

  /** Back to the app's returnTo with the outcome, or a page saying it. */
  private answerBrowser(res: Response, outcome: SiteChoiceOutcome): void {
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
    } else {
      res
        .status(400)
        .type('html')
        .send(resultPage('failure', 'Authorization failed', outcome.reason));
    }
  }
}

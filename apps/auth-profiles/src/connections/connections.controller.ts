import { actionKeySchema as actionKey, isUuid, subjectSchema } from '@actionhub/contracts';
import {
  CorrelationId,
  parseInput,
  ProblemException,
  Principal,
  SERVICE_CONFIG,
  ServicePrincipal,
} from '@actionhub/service-kit';
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OutboxWriter } from '@actionhub/messaging';
import { DataSource, FindOptionsWhere } from 'typeorm';
import { z } from 'zod';
import { AppConfig } from '../config/auth-profiles.config';
import { assertServiceAllowed } from '../internal/allowed-services';
import { ConnectionEntity } from './connection.entity';
import { connectionView } from './connection.view';
import { ResolveConnectionUseCase } from './resolve-connection.use-case';
import { revokeConnections } from './revoke-connections';

const listQuery = z
  .object({
    actionKey: actionKey.optional(),
    subjectType: z.enum(['app', 'end-user']).optional(),
    endUserId: z.string().min(1).max(255).optional(),
    status: z.enum(['active', 'refresh_failed', 'revoked']).optional(),
  })
  .strict();

const resolveBody = z
  .object({ actionKey, subject: subjectSchema, forceRefresh: z.boolean().default(false) })
  .strict();

@Controller()
export class ConnectionsController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly resolve: ResolveConnectionUseCase,
    private readonly outbox: OutboxWriter,
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('v1/apps/:appId/connections')
  async list(@Param('appId') appId: string, @Query() query: unknown) {
    const q = parseInput(listQuery, query, 'query');
    const where: FindOptionsWhere<ConnectionEntity> = { appId };
    if (q.actionKey) where.actionKey = q.actionKey;
    if (q.subjectType) where.subjectType = q.subjectType;
    if (q.endUserId) where.endUserId = q.endUserId;
    if (q.status) where.status = q.status;
    const rows = await this.db.getRepository(ConnectionEntity).find({ where, order: { createdAt: 'ASC' } });
    return { items: rows.map(connectionView), nextCursor: null };
  }

  @Delete('v1/apps/:appId/connections/:connectionId')
  @HttpCode(204)
  async revoke(
    @Param('appId') appId: string,
    @Param('connectionId') connectionId: string,
    @CorrelationId() correlationId: string,
  ): Promise<void> {
    const found = isUuid(connectionId)
      ? await this.db.getRepository(ConnectionEntity).existsBy({ id: connectionId, appId })
      : false;
    if (!found)
      throw new ProblemException(404, 'connection_not_found', `No connection ${connectionId} in this app.`);
    await this.db.transaction((manager) =>
      revokeConnections(
        manager,
        this.outbox,
        { appId, id: connectionId },
        { correlationId, reason: 'revoked by a developer' },
      ),
    );
  }

  /** For the runtime (dialogs): a ready Authorization header, refreshed first when about to expire. */
  @Post('internal/v1/apps/:appId/connections/resolve')
  @HttpCode(200)
  resolveConnection(
    @Param('appId') appId: string,
    @Body() body: unknown,
    @Principal() service: ServicePrincipal,
    @CorrelationId() correlationId: string,
  ) {
    assertServiceAllowed(service, this.config.RESOLVE_ALLOWED_SERVICES, 'resolve connections into tokens');
    const input = parseInput(resolveBody, body);
    return this.resolve.execute({ appId, ...input, correlationId });
  }
}

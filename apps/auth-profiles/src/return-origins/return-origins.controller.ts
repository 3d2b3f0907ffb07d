import { parseInput, SERVICE_CONFIG } from '@actionhub/service-kit';
import { Body, Controller, Get, Inject, Param, Put } from '@nestjs/common';
import { AppConfig } from '../config/auth-profiles.config';
import { returnOriginsSchema } from './return-origins.schemas';
import { ReturnOriginsStore } from './return-origins.store';

@Controller('v1/apps/:appId/return-origins')
export class ReturnOriginsController {
  private readonly schema: ReturnType<typeof returnOriginsSchema>;

  constructor(
    private readonly store: ReturnOriginsStore,
    @Inject(SERVICE_CONFIG) config: AppConfig,
  ) {
    this.schema = returnOriginsSchema(config.NODE_ENV !== 'production');
  }

  @Get()
  async list(@Param('appId') appId: string) {
    return { origins: await this.store.list(appId) };
  }

  /** Replaces the whole list (an empty list allows no returnTo at all). */
  @Put()
  async replace(@Param('appId') appId: string, @Body() body: unknown) {
    const { origins } = parseInput(this.schema, body);
    return { origins: await this.store.replace(appId, origins) };
  }
}

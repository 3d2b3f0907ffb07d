import { AppPrincipal, Principal, ZodValidationPipe } from '@actionhub/service-kit';
import { Body, Controller, Delete, HttpCode, Param, Post, Put } from '@nestjs/common';
import { CorrelationId } from '../http/correlation-id.decorator';
import { AppIdPipe } from '../http/app-id.pipe';
import {
  AuthorizeConfigurationUseCase,
  AuthorizeInput,
  authorizeSchema,
} from './authorize-configuration.use-case';
import { DeleteConfigurationUseCase } from './delete-configuration.use-case';
import { DisableConfigurationUseCase } from './disable-configuration.use-case';
import { EnableConfigurationUseCase } from './enable-configuration.use-case';
import {
  PutConfigurationInput,
  putConfigurationSchema,
  PutConfigurationUseCase,
} from './put-configuration.use-case';
import { SaveConfigurationUseCase } from './save-configuration.use-case';

@Controller('v1/apps/:appId/actions/:actionKey/configuration')
export class ConfigurationController {
  constructor(
    private readonly putConfiguration: PutConfigurationUseCase,
    private readonly authorizeConfiguration: AuthorizeConfigurationUseCase,
    private readonly saveConfiguration: SaveConfigurationUseCase,
    private readonly enableConfiguration: EnableConfigurationUseCase,
    private readonly disableConfiguration: DisableConfigurationUseCase,
    private readonly deleteConfiguration: DeleteConfigurationUseCase,
  ) {}

  @Put()
  put(
    @Param('appId', AppIdPipe) appId: string,
    @Param('actionKey') actionKey: string,
    @Body(new ZodValidationPipe(putConfigurationSchema)) body: PutConfigurationInput,
  ) {
    return this.putConfiguration.execute(appId, actionKey, body);
  }

  @Post('authorize')
  @HttpCode(201)
  authorize(
    @Principal() principal: AppPrincipal,
    @Param('appId', AppIdPipe) appId: string,
    @Param('actionKey') actionKey: string,
    @Body(new ZodValidationPipe(authorizeSchema)) body: AuthorizeInput,
    @CorrelationId() correlationId: string,
  ) {
    return this.authorizeConfiguration.execute(principal, appId, actionKey, body ?? {}, correlationId);
  }

  @Post('save')
  @HttpCode(200)
  save(
    @Principal() principal: AppPrincipal,
    @Param('appId', AppIdPipe) appId: string,
    @Param('actionKey') actionKey: string,
    @CorrelationId() correlationId: string,
  ) {
    return this.saveConfiguration.execute(principal, appId, actionKey, correlationId);
  }

  @Post('enable')
  @HttpCode(200)
  enable(
    @Principal() principal: AppPrincipal,
    @Param('appId', AppIdPipe) appId: string,
    @Param('actionKey') actionKey: string,
    @CorrelationId() correlationId: string,
  ) {
    return this.enableConfiguration.execute(principal, appId, actionKey, correlationId);
  }

  @Post('disable')
  @HttpCode(200)
  disable(
    @Param('appId', AppIdPipe) appId: string,
    @Param('actionKey') actionKey: string,
    @CorrelationId() correlationId: string,
  ) {
    return this.disableConfiguration.execute(appId, actionKey, correlationId);
  }

  @Delete()
  @HttpCode(204)
  async remove(
    @Param('appId', AppIdPipe) appId: string,
    @Param('actionKey') actionKey: string,
    @CorrelationId() correlationId: string,
  ): Promise<void> {
    await this.deleteConfiguration.execute(appId, actionKey, correlationId);
  }
}

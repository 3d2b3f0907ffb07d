import { CorrelationId } from '@actionhub/service-kit';
import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { AppIdPipe } from '../http/app-id.pipe';
import { InstallTemplateUseCase } from '../installations/install-template.use-case';
import { ListTemplatesUseCase } from './list-templates.use-case';

@Controller('v1/apps/:appId/actions/:actionKey/templates')
export class TemplatesController {
  constructor(
    private readonly listTemplates: ListTemplatesUseCase,
    private readonly installTemplate: InstallTemplateUseCase,
  ) {}

  @Get()
  list(@Param('appId', AppIdPipe) appId: string, @Param('actionKey') actionKey: string) {
    return this.listTemplates.execute(appId, actionKey);
  }

  /** 202: the dialog task is created by dialogs; follow the installation until `installed`. */
  @Post(':templateKey/installations')
  @HttpCode(202)
  install(
    @Param('appId', AppIdPipe) appId: string,
    @Param('actionKey') actionKey: string,
    @Param('templateKey') templateKey: string,
    @CorrelationId() correlationId: string,
  ) {
    return this.installTemplate.execute(appId, actionKey, templateKey, correlationId);
  }
}

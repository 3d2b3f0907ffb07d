import { Controller, Get, Param } from '@nestjs/common';
import { AppIdPipe } from '../http/app-id.pipe';
import { ListTemplatesUseCase } from './list-templates.use-case';

@Controller('v1/apps/:appId/actions/:actionKey/templates')
export class TemplatesController {
  constructor(private readonly listTemplates: ListTemplatesUseCase) {}

  @Get()
  list(@Param('appId', AppIdPipe) appId: string, @Param('actionKey') actionKey: string) {
    return this.listTemplates.execute(appId, actionKey);
  }
}

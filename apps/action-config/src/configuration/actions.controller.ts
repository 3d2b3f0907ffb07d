import { Controller, Get, Param } from '@nestjs/common';
import { AppIdPipe } from '../http/app-id.pipe';
import { GetActionUseCase } from './get-action.use-case';
import { ListActionsUseCase } from './list-actions.use-case';

@Controller('v1/apps/:appId/actions')
export class ActionsController {
  constructor(
    private readonly listActions: ListActionsUseCase,
    private readonly getAction: GetActionUseCase,
  ) {}

  @Get()
  list(@Param('appId', AppIdPipe) appId: string) {
    return this.listActions.execute(appId);
  }

  @Get(':actionKey')
  get(@Param('appId', AppIdPipe) appId: string, @Param('actionKey') actionKey: string) {
    return this.getAction.execute(appId, actionKey);
  }
}

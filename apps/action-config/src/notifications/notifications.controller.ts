import { Controller, Get, Param } from '@nestjs/common';
import { AppIdPipe } from '../http/app-id.pipe';
import { ListNotificationsUseCase } from './list-notifications.use-case';

@Controller('v1/apps/:appId/notifications')
export class NotificationsController {
  constructor(private readonly listNotifications: ListNotificationsUseCase) {}

  /** What the app's developers must act on: re-authorize, choose another profile. */
  @Get()
  list(@Param('appId', AppIdPipe) appId: string) {
    return this.listNotifications.execute(appId);
  }
}

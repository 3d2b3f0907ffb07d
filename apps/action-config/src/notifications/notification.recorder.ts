import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { DeveloperNotificationEntity, NotificationType } from './developer-notification.entity';

export interface NewNotification {
  appId: string;
  actionKey: string;
  configurationId: string;
  type: NotificationType;
  message: string;
  causeEventId: string;
}

/** Records a notification inside the caller's transaction (an event handler's, with its inbox row). */
@Injectable()
export class NotificationRecorder {
  async record(manager: EntityManager, notification: NewNotification): Promise<void> {
    await manager.insert(DeveloperNotificationEntity, { id: randomUUID(), ...notification });
  }
}

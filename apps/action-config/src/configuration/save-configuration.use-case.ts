import { AppPrincipal } from '@actionhub/service-kit';
import { Injectable } from '@nestjs/common';
import { ActivateConfiguration } from './activate-configuration';

/**
 * pre-authorize: 409 authorization_required until an app-level authorization completed.
 * The first save moves the action to Configured and publishes ActionConfigured { firstTime: true }.
 */
@Injectable()
export class SaveConfigurationUseCase {
  constructor(private readonly activate: ActivateConfiguration) {}

  execute(principal: AppPrincipal, appId: string, actionKey: string, correlationId: string) {
    return this.activate.run(principal, appId, actionKey, 'save', correlationId);
  }
}

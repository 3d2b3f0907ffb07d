import { AppPrincipal } from '@actionhub/service-kit';
import { Injectable } from '@nestjs/common';
import { ActivateConfiguration } from './activate-configuration';

/**
 * user-authorize: enabled without any authorization. A disabled pre-authorized action needs an
 * authorization completed after the disable (the product sends the developer to re-authorize).
 */
@Injectable()
export class EnableConfigurationUseCase {
  constructor(private readonly activate: ActivateConfiguration) {}

  execute(principal: AppPrincipal, appId: string, actionKey: string, correlationId: string) {
    return this.activate.run(principal, appId, actionKey, 'enable', correlationId);
  }
}

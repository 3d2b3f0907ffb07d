import { Injectable } from '@nestjs/common';
import { ConfigurationStore } from './configuration.store';
import { actionView } from './configuration.view';

/** One action with the app's configuration of it (null while it is Available and untouched). */
@Injectable()
export class GetActionUseCase {
  constructor(private readonly store: ConfigurationStore) {}

  async execute(appId: string, actionKey: string) {
    const action = this.store.actionOr404(actionKey);
    return actionView(action, await this.store.find(appId, actionKey));
  }
}

import { actionCatalog } from '@actionhub/providers';
import { Injectable } from '@nestjs/common';
import { ConfigurationStore } from './configuration.store';
import { actionSummary } from './configuration.view';

/** The catalog as one app sees it: every action, Available or Configured. */
@Injectable()
export class ListActionsUseCase {
  constructor(private readonly store: ConfigurationStore) {}

  async execute(appId: string) {
    const configurations = new Map((await this.store.listForApp(appId)).map((c) => [c.actionKey, c]));
    return {
      items: actionCatalog.map((action) => actionSummary(action, configurations.get(action.key) ?? null)),
      nextCursor: null,
    };
  }
}
